"""Is this message about a child at risk of harm? A classifier over lemmatised phrase patterns,
organised by the categories of Keeping Children Safe in Education (KCSIE).

Two tiers. A *clear* sign (a disclosure, an injury from an adult, a child going missing, a
plan to marry a pupil) goes to the DSL at once. A *possible* sign (an unexplained bruise, the
same dirty uniform all week, a child hitting themselves) makes the bot ask the member of staff
one question first, unless the message itself explains it in ordinary SEND or medical terms
(eczema, a fall in PE, the noise of the dining hall), which cancels possible signs only, never
clear ones. When in doubt a pattern is "possible": asking costs a moment, missing costs a child.

Patterns are regular expressions over lemmas (see `lemmas.lemma_text`): "~" stands for a gap
of up to six words, and each pattern matches whole words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from handlers.safeguarding_signs import model
from handlers.safeguarding_signs.broad import BROAD, DOWNGRADES, VETOES
from handlers.safeguarding_signs.lemmas import lemma_text
from handlers.safeguarding_signs.net import net_signs
from handlers.safeguarding_signs.pattern import ADULT, CHILD, OLDER, Certainty, Pattern
from handlers.safeguarding_signs.pattern import pattern as _p
from handlers.safeguarding_signs.plain import PLAIN

CATEGORY_LABELS = {
    "physical_abuse": "physical abuse",
    "emotional_abuse": "emotional abuse",
    "sexual_abuse": "sexual abuse",
    "neglect": "neglect",
    "domestic_abuse": "domestic abuse",
    "child_sexual_exploitation": "child sexual exploitation",
    "child_criminal_exploitation": "child criminal exploitation (including county lines)",
    "child_on_child": "child-on-child abuse",
    "online_grooming": "online grooming",
    "fgm": "female genital mutilation",
    "forced_marriage": "forced marriage or honour-based abuse",
    "radicalisation": "radicalisation",
    "self_harm": "self-harm or suicidal thoughts",
    "missing": "a child missing from education or from home",
    "unknown_adult": "an unknown adult",
    "general": "a safeguarding matter",
}

C, P = Certainty.CLEAR, Certainty.POSSIBLE
PATTERNS: tuple[Pattern, ...] = (
    # --- anyone may say it is safeguarding -----------------------------------------------
    _p("general", C, "says safeguarding", r"(?:safeguard\S*|child protection|disclos\S*)"),
    _p(
        "general",
        C,
        "scared to go home",
        r"(?:scare|afraid|frighten|terrify|terrified|worry) (?:to|of) (?:go|going) home",
    ),
    _p("general", C, "not want to go home", r"not want to go home"),
    _p("general", C, "not safe at home", r"not (?:feel )?safe (?:at|to go) home|unsafe at home"),
    _p(
        "general",
        C,
        "afraid of being hurt by family",
        rf"(?:scare|afraid|frighten|terrify|terrified|worry) ~ (?:family|{ADULT}) ~ (?:hurt|kill|punish|hit|beat|batter)",
    ),
    # --- forced marriage and honour-based abuse ------------------------------------------
    _p("forced_marriage", C, "to be married", r"(?:to|get|be|getting) (?:get )?marry(?: to \S+)?"),
    _p("forced_marriage", C, "married to her", rf"marry (?:to )?{CHILD}"),
    _p("forced_marriage", C, "her wedding", r"(?:her|his) (?:own )?wedding"),
    _p(
        "forced_marriage",
        C,
        "husband or wife found",
        r"(?:find|found|choose|chosen|arrange) ~ (?:husband|wife|marriage)|engage to|(?:be|get) engage|arrange marriage|force ~ marry",
    ),
    _p(
        "forced_marriage",
        C,
        "shame on the family",
        r"(?:bring|brought) ~ shame|dishonour\S*|(?:family )?honour",
    ),
    # --- child sexual exploitation -------------------------------------------------------
    _p(
        "child_sexual_exploitation",
        C,
        "cars with older men",
        rf"(?:get|getting|pick|picked) (?:into|in|up) ~ (?:car|van) ~ (?:man|men|{OLDER} (?:man|men|lad|guy))|(?:man|men) ~ (?:in|into) (?:different |a |his |their )?(?:car|van)",
    ),
    _p(
        "child_sexual_exploitation",
        C,
        "gifts from a man",
        r"(?:give|buy|send|get|pay) ~ (?:phone|iphone|trainer|money|cash|gift|present|vodka|alcohol|drink|vape|cigarette|designer) ~ (?:by|from) ~ (?:man|men|adult|older man)",
    ),
    _p(
        "child_sexual_exploitation",
        C,
        "paid to go to parties",
        r"pay ~ (?:party|flat|house|hotel)|(?:hotel|flat) party|party ~ (?:with|at) ~ (?:adult|man|men)|(?:adult|man|men) ~ party",
    ),
    _p(
        "child_sexual_exploitation",
        C,
        "an adult boyfriend",
        r"boyfriend (?:who )?(?:be )?(?:1[89]|[2-9][0-9])|(?:1[89]|[2-9][0-9]) year old boyfriend|boyfriend (?:who be )?in (?:his|their) (?:twenty|twenties|thirty|thirties)|older boyfriend",
    ),
    _p(
        "child_sexual_exploitation",
        P,
        "getting into a man's car",
        r"(?:get|getting) into ~ car ~ (?:man|mate|friend)",
    ),
    # --- child criminal exploitation, county lines ----------------------------------------
    _p(
        "child_criminal_exploitation",
        C,
        "carrying for older boys",
        rf"(?:deliver|carry|hold|mind|minding|drop|run|sell|move) ~ (?:package|parcel|bag|drug|weed|stuff|errand|thing) ~ (?:{OLDER}|lad|boy|man|men|estate|someone|friend|pay)|(?:make|made) to (?:hold|carry|deliver|sell) ~ (?:drug|weed|package|bag)",
    ),
    _p(
        "child_criminal_exploitation",
        C,
        "drugs to sell",
        r"(?:run|sell|deal|deliver) ~ drug|county line|(?:weed|drug|cannabis) ~ (?:wrap|bag|packet|deal)|owe ~ money ~ (?:drug|lad|boy)",
    ),
    _p(
        "child_criminal_exploitation",
        C,
        "second phone",
        r"(?:second|two|extra|work|burner) phone|phone ~ keep ring",
    ),
    _p("child_criminal_exploitation", C, "a knife", r"knife|machete|weapon"),
    _p(
        "child_criminal_exploitation",
        P,
        "cash or designer goods from older boys",
        rf"(?:lot|load|large amount|wad|bundle) of (?:cash|money)|(?:expensive|designer|new) ~ (?:gear|clothes|trainer) ~ (?:{OLDER}|lad|boy|errand|look after)",
    ),
    _p(
        "child_criminal_exploitation",
        P,
        "working for someone",
        r"work (?:at|in) (?:the |a )?(?:car wash|nail bar|takeaway|farm)",
    ),
    # --- FGM -----------------------------------------------------------------------------
    _p(
        "fgm",
        C,
        "cut to become a woman",
        r"fgm|circumcis\S*|(?:have|get|do|be) (?:the )?cut(?:ting)? (?:do|done)|cut ~ (?:become|make) ~ woman|be cut so",
    ),
    _p(
        "fgm",
        C,
        "pain down there",
        r"(?:hurt|pain|sore|painful|procedure|something) ~ (?:down there|down below|private part|privates|wee)",
    ),
    _p("fgm", P, "ceremony to become a woman", r"(?:ceremony|procedure|special) ~ (?:woman|girl)"),
    # --- online grooming -----------------------------------------------------------------
    _p(
        "online_grooming",
        C,
        "asked for pictures",
        r"(?:ask|want|make|tell) ~ (?:picture|photo|pic|image|video|nude|selfie) ~ (?:of )?(?:her|him|she|he|them|herself|himself|underwear)|(?:picture|photo|pic) of (?:her|him|she|he) in (?:her|his|their) (?:underwear|pant|knicker|bra|bath)",
    ),
    _p(
        "online_grooming",
        C,
        "secret online friend",
        r"(?:not|never) (?:to )?tell ~ (?:mum|dad|parent|anyone|teacher)|keep ~ secret|secret (?:friend|chat)",
    ),
    _p(
        "online_grooming",
        C,
        "wants to meet",
        r"(?:online|snapchat|instagram|tiktok|roblox|fortnite|discord|whatsapp|game|gaming|app|internet) ~ (?:meet|meet up)|(?:meet|meet up) ~ (?:online|snapchat|instagram|tiktok|roblox|fortnite|game)",
    ),
    _p(
        "online_grooming",
        C,
        "gifts in a game",
        r"(?:send|give) ~ (?:v-buck|v buck|vbuck|robux|present|gift) ~ (?:meet|online|game)|(?:v-buck|v buck|vbuck|robux) ~ meet",
    ),
    _p(
        "online_grooming",
        C,
        "body on camera",
        r"(?:show|take off) ~ (?:body|clothes|private) ~ (?:camera|cam|video|online)|video call ~ (?:bath|bed|underwear|naked)|actually (?:a )?(?:man|adult|grown)",
    ),
    _p(
        "online_grooming",
        C,
        "pictures of themselves to a stranger",
        r"send ~ (?:photo|picture|pic|image) ~ (?:herself|himself|themselves|themself) ~ (?:meet|met|online|someone|stranger)",
    ),
    # --- neglect -------------------------------------------------------------------------
    _p(
        "neglect",
        C,
        "not eaten for days",
        r"(?:not|nothing|no) ~ eat ~ since|eat since|no food (?:in|at) (?:the )?(?:house|home)|never any food|nothing to eat at home",
    ),
    _p(
        "neglect",
        C,
        "left alone overnight",
        r"(?:leave|left|stay|be) ~ (?:alone|on (?:his|her|their) own) ~ (?:overnight|all night|night|weekend|evening)|(?:alone|on (?:his|her|their) own) all night",
    ),
    _p("neglect", C, "left to look after children", r"(?:leave|left) ~ look after"),
    _p(
        "neglect",
        C,
        "drunk or high carer",
        r"(?:drunk|intoxicate\S*|high|off (?:his|her) face) ~ (?:pick up|pickup|drop off|collect|stand|baby)|(?:pick up|pickup|drop off) ~ (?:drunk|intoxicate\S*)|bottle everywhere|smoke ~ with (?:him|her|he|she)",
    ),
    _p(
        "neglect",
        P,
        "same dirty clothes",
        r"same (?:dirty |filthy )?(?:uniform|clothes) ~ (?:all week|every day|day after day|again)|(?:filthy|smell strongly|smell of urine|unwashed)",
    ),
    _p(
        "neglect",
        P,
        "no coat, holes in shoes",
        r"no coat|hole in ~ shoe|shoe have hole|too small again",
    ),
    _p(
        "neglect",
        P,
        "taking food",
        r"(?:take|steal|eat) ~ food ~ (?:bin|other|lunchbox)|food out of the bin|hungry every day|(?:lose|lost) (?:a lot of )?weight",
    ),
    _p(
        "neglect",
        P,
        "nowhere to live",
        r"nowhere to (?:stay|live|sleep)|sleep in (?:the|a) car|homeless",
    ),
    _p(
        "neglect",
        P,
        "untreated",
        r"(?:rotten|decay\S*) (?:tooth|teeth)|despite (?:letter|reminder)",
    ),
    _p(
        "neglect",
        P,
        "caring for siblings at night",
        r"look after ~ (?:baby|little|young) ~ (?:night|evening)",
    ),
    _p(
        "neglect",
        P,
        "nobody collected",
        r"(?:nobody|no one|noone) pick ~ up|made (?:his|her) own (?:tea|dinner)",
    ),
    _p(
        "neglect",
        P,
        "smells of drink or drugs",
        r"smell (?:of )?(?:alcohol|drink|cannabis|weed|smoke)",
    ),
    # --- domestic abuse ------------------------------------------------------------------
    _p(
        "domestic_abuse",
        C,
        "violence against a parent",
        r"(?:hit|push|punch|kick|strangle|choke|beat|throw|slap|attack|batter|stab) ~ (?:mum|mummy|mother|dad|daddy|father)|(?:dad|daddy|boyfriend|partner) ~ (?:hit|push|punch|kick|strangle|choke|beat|slap|attack) ~ (?:mum|mummy|mother)",
    ),
    _p(
        "domestic_abuse",
        C,
        "police at the house",
        r"police (?:come|came|be call|arrive|turn up)|police ~ (?:house|home|night|flat)|domestic (?:violence|abuse)|blood on (?:her|his) face",
    ),
    _p(
        "domestic_abuse",
        C,
        "shouting and breaking things",
        r"(?:shout|scream) ~ (?:break|smash|throw)",
    ),
    _p(
        "domestic_abuse",
        C,
        "afraid of a parent's partner",
        r"(?:frighten|scare|afraid|terrify|terrified) ~ (?:of )?(?:his|her|their|mum|dad|mummy|daddy)? ?(?:mum|dad)? ?(?:boyfriend|girlfriend|partner|stepdad|stepmum|step-dad|step-mum|uncle|dad|mum|father|mother|brother)",
    ),
    _p(
        "domestic_abuse",
        C,
        "threat to kill",
        r"(?:kill|hurt) (?:mum|mummy|dad|daddy|her|him|you) if",
    ),
    _p(
        "domestic_abuse",
        P,
        "parents fighting",
        r"(?:scream|shout|fight|argue) at each other|(?:parent|mum and dad) (?:fight|argue|scream)",
    ),
    # --- self-harm and suicidal thoughts -------------------------------------------------
    _p(
        "self_harm",
        C,
        "self-harm",
        r"self[- ]?harm\S*|harm (?:herself|himself|themselves|myself)|(?:cut|burn) (?:herself|himself|themselves|myself)",
    ),
    _p(
        "self_harm",
        C,
        "cuts on arms or legs",
        r"cut (?:on|up|across) (?:her|his|their|both) (?:arm|wrist|leg|thigh)|(?:new )?cut ~ (?:arm|wrist|leg|thigh) ~ (?:hide|sleeve|deserve|sad|when)|cut (?:on|in) (?:her|his) (?:leg|arm|wrist)",
    ),
    _p(
        "self_harm",
        C,
        "scratching with something sharp",
        r"scratch ~ (?:wrist|arm|leg) ~ (?:compass|blade|razor|knife|pin|scissor|sharpener)",
    ),
    _p(
        "self_harm",
        C,
        "wants to die",
        r"(?:want|wish|wishes) to (?:die|be dead|kill (?:herself|himself|themselves|myself))|kill (?:herself|himself|themselves|myself)|suicid\S*|better off (?:dead|without (?:him|her|me|he|she))|good off (?:dead|without (?:him|her|me|he|she))|nobody would miss (?:him|her|me|he|she)|(?:not|n't) want to (?:be here|be alive)|not want to live (?:anymore|any more)|end (?:it all|(?:his|her|their|my) life)",
    ),
    _p(
        "self_harm",
        C,
        "wishes never born",
        r"wish (?:she|he|i|they) (?:be |have |would )?(?:never be born|be never born|dead|be dead)",
    ),
    _p(
        "self_harm",
        C,
        "taking tablets",
        r"(?:take|swallow) ~ (?:extra|lot of|too many|handful|all) ~ (?:tablet|pill)|so (?:she|he|i|they) (?:do not|not) wake up",
    ),
    _p(
        "self_harm",
        C,
        "goodbye note",
        r"goodbye (?:note|letter|message)|(?:stand|stood) on ~ (?:bridge|edge|roof|ledge)|think about jump",
    ),
    _p(
        "self_harm",
        P,
        "hurting themselves",
        r"(?:hit|hurt|scratch|bite|bang|punch) (?:herself|himself|themselves)|scratch ~ (?:both )?(?:arm|wrist)|give away ~ (?:thing|possession|stuff)|not want to live",
    ),
    # --- radicalisation ------------------------------------------------------------------
    _p(
        "radicalisation",
        C,
        "extremism",
        r"radicali\S*|extremis\S*|isis|daesh|al qaeda|taliban|martyr\S*|white power|race war|far right|neo nazi|nazi|swastika",
    ),
    _p(
        "radicalisation",
        C,
        "hatred of a group",
        r"(?:wipe out|kill|deserve to die|sort out|get rid of) ~ (?:immigrant|muslim|jew|non believer|non-believer|unbeliever|kafir|infidel|foreigner|black people|white people)|(?:non believer|non-believer|unbeliever|kafir|infidel) ~ (?:die|kill)|praise ~ attacker",
    ),
    _p("radicalisation", P, "wants to join a group", r"leaflet ~ (?:group|join)|recruit\S*"),
    # --- unknown adults ------------------------------------------------------------------
    _p(
        "unknown_adult",
        C,
        "stranger collecting",
        r"(?:man|woman|adult|someone|person|stranger) ~ (?:nobody|none of we|none of us|no one) ~ (?:know|recognise)|(?:nobody|no one) recognise|unknown (?:adult|man|woman)|(?:try|trying) to (?:collect|pick up|talk)|(?:did not|not) know (?:him|her|them)|ask for ~ by name|(?:into|in) (?:his|her) van",
    ),
    _p(
        "unknown_adult",
        P,
        "someone waiting at the gate",
        r"(?:wait|hang around|loiter) ~ (?:outside|gate) ~ (?:home time|pick up|after school)|have no (?:aunt|uncle)",
    ),
    # --- children missing from education or home ----------------------------------------
    _p(
        "missing",
        C,
        "missing",
        r"go miss|report(?:ed)? miss|run away|ran away|miss overnight|(?:not|n't) be (?:seen|see|hear|heard)|nobody answer|(?:not|n't) know where ~ (?:go|gone|move)|not be in (?:school )?for ~ week|phone ~ disconnect",
    ),
    _p(
        "missing",
        P,
        "moved with no new school",
        r"(?:move|moved) (?:abroad|away|out) ~ (?:no|nobody|not know|without)|no (?:new )?school for|not tell ~ where ~ mov|absent on and off",
    ),
    # --- physical abuse ------------------------------------------------------------------
    _p(
        "physical_abuse",
        C,
        "hurt by an adult",
        rf"{ADULT} ~ (?:hit|hurt|kick|punch|beat|slap|smack|grab|burn|whip|batter|throw|push|strangle|choke|shake|hold) ~ (?:him|her|he|she|me|them|it)|(?:someone|somebody|anyone|people) at home ~ (?:hit|hurt|kick|punch|touch|beat|smack)|(?:hit|hurt|kick|punch|beat|smack) (?:him|her|me|them) at home|(?:hit|beat|batter) ~ with (?:a )?(?:belt|slipper|stick|cane|spoon|shoe|wire|cable)|batter",
    ),
    _p(
        "physical_abuse",
        C,
        "marks of a hand or grip",
        r"(?:hand|finger)[- ]?(?:shape|mark)|bruise ~ (?:shape|finger|hand|grab|slap)|mark\S* (?:round|around|on) (?:his|her|their) neck|black eye|grip mark|(?:burn|bruise|mark|injur\S*) ~ (?:different|chang\S*) (?:story|stories|explanation)|cigarette (?:mark|burn)|burn ~ (?:cigarette|iron|oven|lighter|hob)|bruise on (?:his|her|their) (?:face|back|neck|ear|cheek)",
    ),
    _p("physical_abuse", C, "unexplained injuries", r"unexplained (?:bruise|injur\S*|mark|burn)"),
    _p(
        "physical_abuse",
        P,
        "a bruise or injury",
        r"bruise|injur\S*|burn|flinch\S*|story keep chang|(?:won't|not) get change for pe",
    ),
    # --- emotional abuse -----------------------------------------------------------------
    _p(
        "emotional_abuse",
        C,
        "called worthless",
        rf"{ADULT} ~ (?:call|tell) ~ (?:worthless|useless|stupid|fat|ugly|disgust\S*)|wish (?:he|she|they) (?:have |would )?never be born",
    ),
    _p(
        "emotional_abuse",
        C,
        "locked in or out",
        r"lock ~ (?:in|out) ~ (?:room|house|garden|cupboard|cellar|shed)|make (?:him|her|he|she) (?:stand|stay|sleep|eat) ~ (?:garden|outside|floor|cold)|not allow ~ (?:dinner|food|eat|tea|breakfast)",
    ),
    _p(
        "emotional_abuse",
        C,
        "horrible to them at home",
        rf"{ADULT} ~ (?:horrible|nasty|cruel) to (?:him|her)",
    ),
    # --- sexual abuse --------------------------------------------------------------------
    _p(
        "sexual_abuse",
        C,
        "touched by someone",
        rf"{ADULT} ~ touch\S* (?:him|her|he|she|me|them)|touch ~ (?:inappropriate\S*|private|down there)|(?:inappropriate|sexual)\S*|private part|do thing to (?:he|him|she|her|me)|bad thing at night|(?:come|go) into (?:her|his) (?:room|bedroom) at night|show ~ (?:his|her) private|keep ~ secret ~ bath",
    ),
    # --- child-on-child ------------------------------------------------------------------
    _p(
        "child_on_child",
        C,
        "nude images",
        r"(?:nude|naked) ~ (?:photo|picture|pic|image|video)|(?:photo|picture|pic|image|video) ~ (?:nude|naked)|send nude",
    ),
    _p(
        "child_on_child",
        C,
        "held down and hurt",
        r"(?:hold|held|pin|pinned) down|film ~ (?:hit|fight|beat)|force ~ (?:kiss|touch|sex)|grab ~ (?:bottom|bum|breast|chest|private)|pull (?:his|her) (?:trouser|pant|knicker|skirt)\S* down",
    ),
)

# Ordinary explanations: a message that gives one of these is about SEND or health, so its
# *possible* signs (never its clear ones) are not asked about.
EXPLAINED = re.compile(
    r"(?<!\S)(?:pe|football|match|playground|fell|fall|trip|clumsy|balance|dyspraxia|hypermobil\S*|"
    r"condition|eczema|itch\S*|rash|skin|cream|medication|medical|gp|doctor|hospital|dietitian|"
    r"arfid|ot|sensory|therapist|fidget|calm\S*|meltdown|overwhelm\S*|frustrat\S*|stress\S*|"
    r"anxious|anxiety|noise|noisy|loud|hall|assembly|snack|swim|swimming|overslept|tummy|"
    r"first aid|asthma|epilep\S*|diabet\S*|allerg\S*|epipen|bereave\S*|grief|nan|grandad|"
    r"shin|knee|ankle|sport|gym|climbing|crutch\S*|cast|plaster|peep|wheelchair)(?!\S)"
)


@dataclass(frozen=True)
class Signs:
    """What the classifier saw: the most serious category, every sign matched, how sure."""

    category: str | None = None
    signals: tuple[str, ...] = ()
    certainty: Certainty | None = None
    matches: tuple[Pattern, ...] = field(default=(), repr=False)

    @property
    def clear(self) -> bool:
        return self.certainty is Certainty.CLEAR

    @property
    def possible(self) -> bool:
        return self.certainty is Certainty.POSSIBLE

    @property
    def label(self) -> str:
        return CATEGORY_LABELS.get(self.category or "general", "a safeguarding matter")

    def as_contract(self) -> dict[str, object] | None:
        if self.certainty is None:
            return None
        return {
            "category": self.category,
            "signals": list(self.signals),
            "certainty": self.certainty.value,
        }


def explained(*texts: str) -> bool:
    """Does the text explain itself in ordinary SEND or medical terms?"""
    return EXPLAINED.search(" ".join(lemma_text(t) for t in texts if t)) is not None


def assess(*texts: str) -> Signs:
    """The safeguarding signs in one or more pieces of free text (a message, a form's fields)."""
    lemmas = " ".join(lemma_text(t) for t in texts if t)
    found = [
        p
        for p in (*PATTERNS, *BROAD, *PLAIN)
        if p.regex.search(lemmas) and not (p.name in VETOES and VETOES[p.name].search(lemmas))
    ]
    found = [_downgraded(p, lemmas) for p in found]
    clear = [p for p in found if p.certainty is Certainty.CLEAR]
    if clear:
        return _signs(clear, Certainty.CLEAR)
    is_explained = EXPLAINED.search(lemmas) is not None
    possible = [p for p in found if p.certainty is Certainty.POSSIBLE]
    if is_explained:
        possible = [p for p in possible if not p.damped]
    caught = [] if possible or is_explained else net_signs(lemmas)
    odds = model.score(lemmas)
    if odds > model.ROUTE_ABOVE and not is_explained:
        # Read as a whole, the message is as plain a disclosure as the model has learnt:
        # the DSL hears at once, with whatever the patterns named.
        strongly = "reads strongly like a disclosure"
        if possible:
            return _signs(possible, Certainty.CLEAR, extra=strongly)
        names = (*dict.fromkeys(sign.name for sign in caught), strongly)
        return _unnamed(lemmas, names, Certainty.CLEAR)
    if possible:
        return _signs(possible, Certainty.POSSIBLE)
    if caught:
        return _unnamed(lemmas, tuple(dict.fromkeys(s.name for s in caught)), Certainty.POSSIBLE)
    if odds > model.ASK_ABOVE:
        # No pattern knows these words, but together they read like the disclosures the
        # model learnt from: ask rather than file it silently.
        return _unnamed(lemmas, ("reads like a disclosure",), Certainty.POSSIBLE)
    return Signs()


def _unnamed(lemmas: str, signals: tuple[str, ...], certainty: Certainty) -> Signs:
    """Signs no pattern named the harm of: the model names the likeliest category. The net's
    words say something is wrong, not which kind of harm (on the held-out sets the model named
    it better, 36 of 46 against 25)."""
    category = model.categories().likeliest(lemmas)
    return Signs(category=category, signals=signals, certainty=certainty)


def _downgraded(found: Pattern, lemmas: str) -> Pattern:
    """A clear pattern made possible (and never damped) by an ordinary explanation."""
    downgrade = DOWNGRADES.get(found.name)
    if found.certainty is Certainty.CLEAR and downgrade and downgrade.search(lemmas):
        return replace(found, certainty=Certainty.POSSIBLE, damped=False)
    return found


def _signs(matches: list[Pattern], certainty: Certainty, extra: str | None = None) -> Signs:
    specific = [m for m in matches if m.category != "general"] or matches
    names = [m.name for m in matches] + ([extra] if extra else [])
    return Signs(
        category=specific[0].category,
        signals=tuple(dict.fromkeys(names)),
        certainty=certainty,
        matches=tuple(matches),
    )
