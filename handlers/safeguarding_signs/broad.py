"""Second-line patterns: the ways staff and children say it that the first patterns missed —
a child's own words ("makes him touch his willy"), euphemism ("the cutting", "sunna", "made
clean"), slang ("whacked", "shifts for some lads") and signs described rather than named
(bins for scraps, a grown man online asking for an address).

Developed on the tuning corpora only (tests/conversation/safeguarding/tuning*.yaml). Many of
them are *possible* signs on purpose: the member of staff is asked one question rather than a
child's words being filed as SEND.
"""

from __future__ import annotations

import re

from handlers.safeguarding_signs.pattern import ADULT, Certainty, Pattern
from handlers.safeguarding_signs.pattern import pattern as _p

C, P = Certainty.CLEAR, Certainty.POSSIBLE

KID = r"(?:he|she|i|me|they|him|her|them)"
PRIVATE = (
    r"(?:willy|penis|winkle|vagina|fanny|foof|tuppence|privates|private part|private bit|"
    r"bottom|bum|boob|breast|knickers|knicker|pant|underwear|bra)"
)
FGM_COUNTRIES = (
    r"(?:somalia|sudan|egypt|ethiopia|eritrea|gambia|guinea|mali|sierra leone|djibouti|"
    r"kenya|nigeria|yemen|iraqi kurdistan|kurdistan|abroad|back home)"
)

BROAD: tuple[Pattern, ...] = (
    # --- physical abuse ------------------------------------------------------------------
    _p(
        "physical_abuse",
        C,
        "hit by an adult (in their words)",
        rf"{ADULT} ~ (?:whack|bash|thump|wallop|clout|belt|shove|boot|lamp|leather) ~ {KID}|"
        rf"{ADULT} ~ (?:bash|bang|smash) ~ (?:head|face) ~ (?:wall|door|floor|table)|"
        rf"{ADULT} ~ (?:pin|hold|grab) ~ (?:by (?:the |his |her |their )?(?:throat|neck))|"
        rf"{ADULT} ~ (?:squeeze|grip|press|choke|strangle|throttle) ~ (?:neck|throat)|"
        r"by (?:the |his |her |their )?throat|(?:hand|hands) round ~ (?:neck|throat)",
    ),
    _p(
        "physical_abuse",
        C,
        "threatened if they tell",
        rf"(?:kill|hurt|hit|batter|beat|stab) ~ if (?:i|he|she|they) tell|"
        rf"if (?:i|he|she|they) tell ~ (?:kill|hurt|hit|batter|beat|stab) ~ {KID}|"
        r"threaten ~ (?:kill|stab|hurt|beat) ~ (?:her|he|she|him|me|them)|"
        r"(?:stab|kill) (?:he|him|she|her|me|them) if",
    ),
    _p(
        "physical_abuse",
        C,
        "scared of a parent at home",
        r"(?:beg|plead) ~ not (?:to )?(?:phone|call|ring|tell|contact) (?:home|mum|dad|parent)|"
        r"(?:scared|afraid|frighten|terrified|terrify) of (?:his|her|their) (?:dad|mum|father|"
        r"mother|stepdad|stepmum)",
    ),
    _p("physical_abuse", P, "marks all over", r"bruise all (?:over|down)|(?:round|small) burn"),
    # --- emotional abuse -----------------------------------------------------------------
    _p(
        "emotional_abuse",
        C,
        "told they are to blame or worthless",
        rf"{ADULT} ~ (?:tell|call|scream|shout|say) ~ (?:idiot|waste of space|worthless|useless|"
        r"stupid|ugly|fat|disgusting|ruin everything|the reason|her fault|his fault|never want)",
    ),
    _p(
        "emotional_abuse",
        C,
        "punished by being shut out or starved",
        r"sleep on the (?:floor|landing)|sleep (?:outside|in the (?:garden|shed|car))|"
        r"bread and water|not allow to (?:eat|have (?:dinner|tea|food|breakfast))",
    ),
    _p(
        "emotional_abuse",
        P,
        "shaking after a parent's shouting",
        rf"{ADULT} ~ (?:shout|scream|yell) ~ (?:shake|shook|terrified|cry|tremble)",
    ),
    # --- sexual abuse --------------------------------------------------------------------
    _p(
        "sexual_abuse",
        C,
        "touching private parts",
        rf"(?:hand|finger) ~ (?:in|inside|down) (?:her|his|their|my) {PRIVATE}|"
        rf"touch ~ {PRIVATE}|make (?:he|she|me|them|him|her) touch|"
        rf"(?:show|flash) ~ (?:his|her|their) (?:{PRIVATE}|private bit|bit)|"
        rf"take (?:his|her|their|my) {PRIVATE} off|naughty touch\S*",
    ),
    _p(
        "sexual_abuse",
        C,
        "an adult in their bed or bath",
        rf"{ADULT} ~ (?:get|come|climb) (?:in|into) (?:her|his|their|my) bed|"
        r"walk in on ~ (?:shower|bath|toilet)|watch (?:her|he|him|she|them) ~ "
        r"(?:shower|bath|undress|get change|toilet)|film ~ (?:bath|shower|toilet|undress)|"
        rf"{ADULT} ~ (?:photo|picture|video|film) ~ (?:no clothes|naked|nude|undress|bath)",
    ),
    _p(
        "sexual_abuse",
        C,
        "sex",
        r"(?:do|make|have|act|acting|show|see|watch) ~ sex(?! education| ed)(?!\S)|"
        r"sex (?:thing|stuff|act|with)|rape\S*|pregnant ~ (?:only )?(?:1[0-5]|[5-9])(?!\S)|"
        r"(?:she|pupil|girl) be pregnant|sti|std|chlamydia|gonorrh\S*|sexually transmit\S*|"
        r"do (?:thing|stuff) ~ not like ~ (?:bedroom|bed|bath|night)|"
        r"make (?:her|he|him|she|me|them) do (?:thing|stuff)",
    ),
    _p(
        "sexual_abuse",
        P,
        "sexual knowledge or behaviour beyond their age",
        r"(?:sexual|sexualise\S*) (?:language|behaviour|knowledge|drawing)|"
        r"picture of ~ (?:adult|man|woman) ~ (?:child|girl|boy) ~ bed|"
        r"(?:adult|grown up) and a child in bed",
    ),
    # --- neglect -------------------------------------------------------------------------
    _p(
        "neglect",
        C,
        "drugs at home",
        r"(?:use|take|inject|smoke) (?:drug|crack|heroin|cocaine) ~ (?:front|home|house)|needle|"
        r"drug in the (?:house|flat|home)",
    ),
    _p(
        "neglect",
        C,
        "left alone or caring overnight",
        r"(?:leave|left) on (?:her|his|their) own (?:overnight|all night|at night)|"
        r"look after ~ (?:sister|brother|baby) ~ all night|(?:mum|dad) ~ (?:will not|not) wake up",
    ),
    _p(
        "neglect",
        P,
        "hungry and searching for food",
        r"(?:go|going|look|eat|dig) ~ (?:through )?(?:the )?bin|for scrap|scrap of food|"
        r"starve|starving|"
        r"hide (?:food|bread)|never (?:any )?(?:milk|food|dinner|tea|breakfast)|"
        r"no (?:dinner|tea|breakfast|food) (?:most|every|again|at home)|cereal with water|"
        r"crisp for (?:tea|breakfast|dinner)|no food again",
        damped=False,
    ),
    _p("neglect", P, "always hungry", r"always hungry"),
    _p(
        "neglect",
        P,
        "no heat, light or bed at home",
        r"no (?:electric|electricity|gas|heating|hot water|bed)|sleep in (?:the|a) stairwell|"
        r"not allow home",
    ),
    _p(
        "neglect",
        P,
        "untreated illness or pain",
        r"(?:no one|nobody|not) ~ take ~ (?:doctor|dentist|gp|hospital)|abscess|"
        r"weep\S* for (?:a |two )?(?:week|fortnight)|infect\S* ~ (?:week|fortnight|month)|"
        r"leave for week",
        damped=False,
    ),
    _p(
        "neglect",
        P,
        "a young child left to manage alone",
        r"let (?:himself|herself|themselves) in|walk (?:himself|herself|themselves) to school|"
        r"(?:drink|drunk) heavily|get (?:herself|himself) and (?:her|his) (?:brother|sister)",
    ),
    # --- domestic abuse ------------------------------------------------------------------
    _p(
        "domestic_abuse",
        C,
        "a parent hurt at home",
        r"refuge|(?:hurt|hurting) (?:mummy|mum|mother)|start on (?:mum|mummy|her(?! own))|"
        r"come home drunk|(?:split lip|bruise) ~ walk into a door",
    ),
    # --- child sexual exploitation -------------------------------------------------------
    _p(
        "child_sexual_exploitation",
        C,
        "older men: lifts, drink, debts",
        r"(?:man|boyfriend|guy|lad) ~ (?:twenty|thirty|forty|twenties|thirties)|"
        r"(?:taxi|uber|car|lift) ~ pay for by ~ (?:man|adult|old)|"
        r"(?:man|adult|old|guy) ~ (?:give|buy|supply) ~ (?:vodka|alcohol|drink|drug|weed|vape|"
        r"cigarette)|pass (?:round|around)|(?:pay off|pay back) ~ debt",
    ),
    # --- child criminal exploitation -----------------------------------------------------
    _p(
        "child_criminal_exploitation",
        C,
        "working off a debt or holding for others",
        r"(?:lose|lost) ~ (?:package|parcel|drug|bag)|owe (?:someone|some|them|a|the) ~ "
        r"(?:debt|money)|owe ~ (?:old|lad|boy|man)|(?:do|doing|work) shift for|"
        r"hold (?:them|it|drug|money|phone|cash) for (?:a |his |her )?(?:mate|friend|lad|old)|"
        r"police ~ (?:drug|knife|cash|weapon)|(?:hide|hold|carry) ~ (?:knife|drug) ~ for",
    ),
    _p("child_criminal_exploitation", P, "a stabbing threat", r"stab"),
    # --- child-on-child ------------------------------------------------------------------
    _p(
        "child_on_child",
        C,
        "forced to show or do",
        r"force ~ (?:show|touch|kiss|take off|send|pull)|(?:show|take off) ~ "
        r"(?:bottom|bum|private|pant|trouser|knickers)|pull ~ (?:trouser|pant|knickers) ~ down|"
        r"touch ~ between (?:the|his|her|their) leg|send ~ (?:picture|photo|pic) of (?:her|his) "
        r"body",
    ),
    _p(
        "child_on_child",
        P,
        "filmed being hurt or humiliated",
        r"(?:make|force) ~ eat ~ (?:soap|dirt|worm)|film ~ (?:hit|humiliat\S*|eat|cry)",
    ),
    # --- online grooming -----------------------------------------------------------------
    _p(
        "online_grooming",
        C,
        "a stranger online who is an adult",
        r"turn out to be (?:a |an )?(?:man|adult|grow)|(?:sound|seem|look) like (?:a |an )?"
        r"(?:grow|old) (?:man|woman|adult)|grow man|want ~ (?:her|his|their) address|"
        r"ask ~ (?:address|where (?:she|he|they) live)|(?:webcam|camera) ~ (?:bed|bath|"
        r"bedroom|undress|top off|naked)|(?:photo|picture|pic|video) ~ (?:without|no) ~ "
        r"(?:top|clothes|shirt)|take ~ top off|(?:come|go) to (?:his|her|their) (?:flat|house)",
    ),
    _p(
        "online_grooming",
        P,
        "an online friend",
        r"online (?:boyfriend|girlfriend|friend)|(?:message|messaging|chat) ~ meet|webcam|"
        r"(?:robux|v-buck|gift card) ~ (?:send|give|from)",
    ),
    # --- FGM -----------------------------------------------------------------------------
    _p(
        "fgm",
        C,
        "cutting in other words",
        r"the cutting|sunna|made clean|make clean|be clean like|"
        r"(?:lady|woman|aunt|auntie|aunty|someone) cut (?:her|she)(?! (?:hair|fringe|nail))|"
        rf"(?:special|big) (?:celebration|party|ceremony) ~ {FGM_COUNTRIES}",
    ),
    _p(
        "fgm",
        P,
        "pain after a trip",
        rf"(?:come|coming) back from ~ (?:pain|sit still|toilet|walk)|"
        rf"{FGM_COUNTRIES} ~ (?:pain|can not sit|toilet|walk)|long time in the toilet",
    ),
    # --- forced marriage and honour ------------------------------------------------------
    _p(
        "forced_marriage",
        C,
        "married off or threatened over a boy",
        r"marry off|(?:kill|hurt|beat) ~ for (?:talk|see|have|speak) ~ (?:boy|girl|boyfriend)|"
        r"passport ~ take",
    ),
    # --- radicalisation ------------------------------------------------------------------
    _p(
        "radicalisation",
        C,
        "violent extremist ideas",
        r"jihad\S*|caliphate|terroris\S*|great replacement|invader|(?:by|with) force|"
        r"(?:build|make|bring|plant|set off) ~ bomb|blow up ~ (?:mosque|church|synagogue|school|"
        r"temple|gurdwara)|fight in (?:syria|iraq|afghanistan)|(?:go|travel) ~ to fight|"
        r"behead\S*|attacker ~ hero|hero ~ attack",
    ),
    _p("radicalisation", P, "watching violent videos", r"watch ~ (?:fighter|execution|attack)"),
    # --- self-harm and suicide -----------------------------------------------------------
    _p(
        "self_harm",
        C,
        "cutting or burning their own body",
        r"cutting (?:her|his|their|my) (?:leg|arm|wrist|thigh|stomach)|razor|"
        r"burn\S* (?:her|his|their|my) (?:arm|leg|skin|hand|wrist) ~ (?:lighter|light|match|iron)|"
        r"do it to feel",
    ),
    _p(
        "self_harm",
        C,
        "a plan to end their life",
        r"(?:hang|strangle|suffocate|drown|hanging) (?:herself|himself|themselves|myself)|"
        r"overdose|never wake up|(?:plan|go|going) to (?:jump|hang)|"
        r"jump (?:off|in front)|want to die",
    ),
    _p(
        "self_harm",
        P,
        "hidden injuries",
        r"blood on ~ (?:cuff|sleeve)|long sleeve ~ summer|burn mark on (?:her|his) (?:thigh|arm)|"
        r"scratch ~ (?:until|till) ~ bleed",
    ),
    # --- missing from education or home --------------------------------------------------
    _p(
        "missing",
        C,
        "not home, not heard of",
        r"report ~ miss|(?:do|did) not come home|stay out all night|"
        r"(?:no one|nobody) (?:have )?(?:hear|see) (?:from|of)|never hear of (?:her|he|him|she|"
        r"them)|not attend ~ (?:week|month)|(?:keep|kept) go missing|miss overnight",
    ),
    _p("missing", P, "taken out to be home-educated", r"home educat\S*|home school\S*"),
    # --- unknown adults ------------------------------------------------------------------
    _p(
        "unknown_adult",
        C,
        "an unknown adult approaching children",
        r"(?:old|strange|unknown) (?:man|woman|adult) ~ (?:hang around|gate|park|fence|ask|talk|"
        r"offer)|(?:man|adult|driver|woman) ~ (?:talk to|offer|photograph) ~ (?:child|kid|girl|"
        r"boy|pupil)|(?:man|adult|people|woman) we (?:do )?not know|try to get ~ (?:go|come) "
        r"with|(?:no|without a) note and mum ~ not",
    ),
    _p(
        "unknown_adult",
        P,
        "someone watching the children",
        r"(?:car|van|man|driver) ~ (?:watch|film|photograph) ~ (?:child|playtime|playground)",
    ),
    # --- general -------------------------------------------------------------------------
    _p(
        "general",
        P,
        "not allowed to tell",
        r"not allow to tell|(?:a )?secret about what|something at home ~ not allow",
    ),
)

# Ordinary readings that cancel one pattern (by name), never a whole category: "her brother
# is getting married" is not a forced marriage, "adults who don't know her" not a stranger.
VETOES: dict[str, re.Pattern[str]] = {
    "to be married": re.compile(
        r"(?:brother|sister|cousin|aunt|auntie|uncle|teacher|mum|dad|friend|parent|nan|grandad)"
        r" (?:be )?(?:get|getting) marry|(?:class |school |nativity )?play|pretend|costume"
    ),
    "stranger collecting": re.compile(r"adult who (?:do )?not know"),
    "secret online friend": re.compile(
        r"keep (?:his|her|their) (?:drawing|work|picture|diary|present|gift|surprise|idea) "
        r"secret|secret santa|surprise"
    ),
}

# Clear patterns that an ordinary explanation in the same message makes only *possible*: the
# member of staff is asked instead of the DSL being told at once. Never a veto — "a bruise on
# his cheek from rugby" still gets its question, because the explanation could be the cover.
# Each found in the model's training examples (corpus/tuning3-5.yaml), where it routed an
# ordinary concern outright.
DOWNGRADES: dict[str, re.Pattern[str]] = {
    "marks of a hand or grip": re.compile(
        r"(?<!\S)(?:rugby|football|netball|dodgeball|hockey|pe|tackle|collision|game|match)(?!\S)"
    ),
    "second phone": re.compile(r"(?<!\S)one for(?!\S)"),
    # A child's own toileting; not "toilets", where much child-on-child abuse happens.
    "forced to show or do": re.compile(r"(?<!\S)(?:urinal|accident|wet|toileting)(?!\S)"),
    "held down and hurt": re.compile(r"(?<!\S)(?:urinal|accident|wet|toileting)(?!\S)"),
    "afraid of a parent's partner": re.compile(
        r"(?:scare|afraid|frighten|terrify|terrified) of (?:\S+ ){0,4}"
        r"(?:dog|cat|spider|dark|noise|dentist|water|height)(?!\S)"
    ),
}
