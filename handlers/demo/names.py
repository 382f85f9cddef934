"""Invented names for the demo school: a varied mix, as in many English primary schools.

No entry is a real person. Pupil names are drawn from these pools at random (seeded), so any
resemblance to a real child is a coincidence of common names, never a copy of a record.
"""

from __future__ import annotations

EMAIL_DOMAIN = "oakfield.example"  # reserved for documentation (RFC 2606)
LA_NUMBER = "201"  # the LA number the brief fixes; the DfE number below is invented
ESTABLISHMENT_NUMBER = "2417"
LOCAL_AUTHORITY = "Northbrook Borough Council (fictional)"

# Two classes per year group, named after trees: "RH" is Reception Hazel, "2C" Year 2 Cedar.
CLASS_SUFFIXES = ("H", "C")
CLASS_TREES = {"H": "Hazel", "C": "Cedar"}

FIRST_NAMES = (
    # girls
    "Olivia", "Amelia", "Isla", "Ava", "Lily", "Freya", "Grace", "Sophia", "Ella", "Evie",
    "Poppy", "Ivy", "Florence", "Willow", "Ruby", "Daisy", "Esme", "Niamh", "Aisha", "Maryam",
    "Zara", "Fatima", "Hafsa", "Inaya", "Amara", "Chioma", "Adaeze", "Zainab", "Priya",
    "Anaya", "Simran", "Harleen", "Maja", "Zuzanna", "Mei", "Yuki", "Leila", "Nour", "Kezia",
    "Precious", "Ayesha", "Elena", "Sofia", "Hana", "Imani",
    # boys
    "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Freddie",
    "Theo", "Alfie", "Archie", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Hamza", "Omar", "Kwame",
    "Chidi", "Emeka", "Kofi", "Arjun", "Rohan", "Aarav", "Harjot", "Jakub", "Filip",
    "Mateusz", "Luca", "Mateo", "Hugo", "Ethan", "Kai", "Jayden", "Reuben", "Ezra", "Dylan",
    "Callum", "Finley", "Samuel", "Bilal", "Tariq", "Ravi", "Minh",
    # more of both, so that most pupils have a first name of their own: a shared name is
    # then a deliberate test of the parser (PLACED_PUPILS), not an accident of the draw
    "Harriet", "Matilda", "Phoebe", "Imogen", "Beatrice", "Clara", "Martha", "Edith", "Nell",
    "Orla", "Saoirse", "Aoife", "Ffion", "Seren", "Tilly", "Rosie", "Lottie", "Millie",
    "Darcie", "Mabel", "Layla", "Yasmin", "Safiya", "Khadija", "Sumaya", "Ruqayyah", "Jannat",
    "Amina", "Halima", "Nadia", "Leyla", "Elif", "Defne", "Ama", "Abena", "Efua", "Temi",
    "Tomi", "Ifeoma", "Ngozi", "Ayo", "Kavya", "Diya", "Ishani", "Meera", "Tara", "Navneet",
    "Gurleen", "Jasleen", "Oliwia", "Lena", "Hanna", "Alicja", "Ioana", "Bianca", "Daria",
    "Lin", "Xinyi", "Thao", "Linh", "Farida", "Esther", "Naomi", "Abigail", "Bethany",
    "Eleanor", "Alice", "Emily", "Jessica", "Scarlett",
    "Edward", "Henry", "William", "Thomas", "Joshua", "Lucas", "Isaac", "Jacob", "Benjamin",
    "Louis", "Rory", "Cian", "Fionn", "Osian", "Rhys", "Owen", "Elliot", "Toby",
    "Stanley", "Albert", "Ronnie", "Tommy", "Sonny", "Idris", "Musa", "Adam", "Ismail",
    "Zakariya", "Idrees", "Hassan", "Sami", "Karim", "Emre", "Kerem", "Deniz", "Tunde",
    "Femi", "Segun", "Kayode", "Yaw", "Kojo", "Sipho", "Dev", "Kabir", "Vihaan", "Aryan",
    "Ishaan", "Gurpreet", "Manveer", "Szymon", "Kacper", "Antoni", "Tomasz", "Andrei",
    "Matei", "Luka", "Nikola", "Hao", "Jun", "Duc", "Thanh", "Ahmad", "Yahya", "Jonah",
    "Caleb", "Nathan", "Aaron", "Felix",
)  # fmt: skip

# Given names that often come with a shorter name used in school.
PREFERRED_NAMES = {
    "Alexander": "Alex",
    "Oluwatobi": "Tobi",
    "Elizabeth": "Libby",
    "Isabella": "Bella",
    "Theodore": "Teddy",
    "Katarzyna": "Kasia",
    "Oluwaseun": "Seun",
    "Maximilian": "Max",
}

SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Robinson",
    "Thompson", "Hughes", "Green", "Hall", "Clarke", "Patel", "Begum", "Khan", "Ahmed", "Ali",
    "Chowdhury", "Shah", "Singh", "Kaur", "Sharma", "Gill", "Okafor", "Adeyemi", "Mensah",
    "Osei", "Okoro", "Nwosu", "Campbell", "Francis", "Grant", "Nowak", "Popescu", "Dimitrov",
    "Chen", "Wong", "Nguyen", "Kim", "O'Connor", "Murphy", "Byrne", "Rossi", "Silva",
    "Santos", "Yilmaz", "Haddad", "Mohamud", "Abdi", "Farah", "Lewis-Brown", "Kovacs",
    "Petrenko", "Bailey", "Mitchell", "Fraser", "Lindqvist", "Mahmood",
)  # fmt: skip

# Pupils placed on purpose so the chat parser meets real ambiguity:
# two Mohammeds in different classes, and a Noah W and a Noah K in the same class.
PLACED_PUPILS = (
    ("3H", "Mohammed", "Hussain"),
    ("5C", "Mohammed", "Rahman"),
    ("4H", "Noah", "Williams"),
    ("4H", "Noah", "Kowalski"),
)
PLACED_FIRST_NAMES = frozenset(first for _, first, _ in PLACED_PUPILS)

# Staff. Key people have easy addresses to sign in with; everyone else is first.last@.
SENDCO = ("sendco", "Priya Desai")
HEAD = ("head", "Daniel Okonkwo")  # head teacher and designated safeguarding lead
DSL = ("dsl", "Helen Marsh")  # pastoral lead, dedicated DSL
ADMIN = ("office", "Gary Fletcher")

# One teacher per class, in the order R, 1, 2 ... 6 and H before C.
TEACHER_NAMES = (
    "Sarah Holloway", "Tom Beckett", "Nadia Karim", "James Whitfield", "Chloe Barnes",
    "Samuel Adebayo", "Rebecca Lowe", "Imran Qureshi", "Joanna Pike", "Marek Zielinski",
    "Lauren Ashby", "Hannah Cho", "Victoria Ogundipe", "Owen Reilly",
)  # fmt: skip

TA_NAMES = (
    "Karen Doyle", "Shabana Akhtar", "Lisa Pearson", "Grace Mensah-Boateng", "Paula Novak",
    "Deborah King", "Amrit Sandhu", "Julie Tran",
)  # fmt: skip
