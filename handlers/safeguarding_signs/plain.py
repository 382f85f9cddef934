"""Third-line patterns: plain disclosures the first two lines only *asked* about, found in the
model's training examples (corpus/tuning3-5.yaml) — "got a hiding", "used the slipper",
"saving up her mum's tablets", "not known at this address", a stranger photographing children.
Each is a clear sign: the DSL hears at once. Checked against every ordinary example (none of
them may match) before it was added; the held-out sets were not looked at.
"""

from __future__ import annotations

from handlers.safeguarding_signs.pattern import ADULT, Certainty, Pattern
from handlers.safeguarding_signs.pattern import pattern as _p

C = Certainty.CLEAR
IMPLEMENTS = r"(?:slipper|belt|cane|wooden spoon|stick|cable|wire|lead|shoe|hairbrush)"

PLAIN: tuple[Pattern, ...] = (
    # --- physical abuse ------------------------------------------------------------------
    _p(
        "physical_abuse",
        C,
        "beaten at home (in their words)",
        rf"get a (?:hide|hiding|beating|batter|battering)|{ADULT} ~ (?:go|went) mad|"
        rf"{ADULT} ~ use the {IMPLEMENTS}|(?:hit|whip|beat|smack) ~ with (?:a|the|his|her) "
        rf"{IMPLEMENTS}|twist ~ behind ~ back|welt|(?:hear|heard) ~ (?:scream|cry) ~ (?:hit|beat)",
    ),
    # --- emotional abuse -----------------------------------------------------------------
    _p(
        "emotional_abuse",
        C,
        "called names by a parent",
        rf"{ADULT} ~ call ~ (?:little )?(?:cow|bitch|waste of space|mistake|devil|evil|freak)|"
        r"wish ~ (?:never|not) (?:be )?born",
    ),
    # --- sexual abuse and online grooming -------------------------------------------------
    _p(
        "online_grooming",
        C,
        "paid for pictures of themselves",
        r"pay ~ (?:skin|robux|v-buck|vbucks|gift card|money|credit) ~ (?:photo|picture|pic|video) "
        r"of (?:himself|herself|themselves|themself)|"
        r"online friend ~ (?:be )?(?:[2-6][0-9])(?!\S)|(?:come|stay|meet) ~ hotel ~ (?:near|meet)",
    ),
    # --- forced marriage -----------------------------------------------------------------
    _p("forced_marriage", C, "a fiance", r"fiance|fiancee|betroth\S*|promise in marriage"),
    # --- radicalisation ------------------------------------------------------------------
    _p(
        "radicalisation",
        C,
        "admires mass killers",
        r"(?:school|mass) (?:shooter|shooting|killer|murderer)|manifesto",
    ),
    # --- self-harm and suicide -----------------------------------------------------------
    _p(
        "self_harm",
        C,
        "blades and blood",
        r"(?:blade|razor) ~ blood|blood ~ (?:blade|razor|tissue)|"
        r"fresh (?:scratch|cut) ~ (?:wrist|arm|leg)",
    ),
    _p(
        "self_harm",
        C,
        "getting ready to die",
        r"give ~ (?:thing|stuff|belonging|possession) away|"
        r"(?:will|would) not need (?:it|they|them) (?:anymore|any more)?|"
        r"(?:save|saving|stockpile|hoard) ~ (?:tablet|pill|paracetamol)|"
        r"take (?:they|them) all at once|last day ~ goodbye|goodbye everyone|"
        r"tire of be alive|(?:not|never) want to be alive",
    ),
    # --- children missing education ------------------------------------------------------
    _p(
        "missing",
        C,
        "gone with no word",
        r"not know at this address|(?:no longer|not) (?:live|living) at ~ address|"
        r"(?:holiday|trip|abroad) ~ (?:not|never) (?:return|come back) ~ no contact",
    ),
    # --- unknown adults ------------------------------------------------------------------
    _p(
        "unknown_adult",
        C,
        "a stranger watching children",
        r"(?:photograph|film|take (?:photo|picture) of) ~ (?:child|pupil|girl|boy) ~ "
        r"(?:fence|gate|railing|playground)|following ~ home|follow ~ home from|"
        r"ask ~ which class ~ be in|what (?:she|he|they) look like",
    ),
)
