"""Which of the four broad areas of need a message points at, from the words staff use."""

from __future__ import annotations

import re

from handlers.conversation.text import fold
from storage.codes import AreaOfNeed

# Stems matched at word starts. Weights: 2 for words that name the area outright.
LEXICON: dict[AreaOfNeed, dict[str, int]] = {
    AreaOfNeed.COMMUNICATION: {
        "speech": 2, "language": 2, "salt": 2, "slcn": 2, "stammer": 2, "stutter": 2,
        "communicat": 2, "autis": 2, "asd": 2, "asc": 2, "echolal": 2, "non-verbal": 2,
        "nonverbal": 2, "selective mut": 2, "eye contact": 2, "social interaction": 2,
        "instruction": 1, "vocab": 1, "talking": 1, "faces": 2, "facial": 2,
        "personal space": 2, "too close": 1, "takes everything literally": 2, "words": 1, "sentence": 1, "understand": 1,
        "repeats back": 2, "talks": 1, "says a word": 2, "hardly speaks": 2, "nods": 1,
        "social cue": 2, "misread": 1, "when he talks": 2, "when she talks": 2,
        "hard to understand him": 2, "hard to understand her": 2, "repeat back": 2, "two-word": 2, "phrases": 1, "can't say": 2,
        "cannot say": 2, "speech sound": 2, "sounds yet": 2, "play with others": 2,
        "take turns": 2, "taking turns": 2, "flapping": 2, "echo": 1, "interaction": 2,
        "listen": 1, "speak": 1, "pronounc": 2, "sounds unclear": 2, "unclear speech": 2,
        "turn-tak": 1, "turn tak": 1, "play with other": 1, "friendship": 1, "rigid": 1,
        "routine": 1, "repetitive": 1, "literal": 1, "expressive": 2, "receptive": 2,
        "conversation": 1, "mute": 2, "verbal": 1, "lining up": 1, "social skill": 1,
    },
    AreaOfNeed.COGNITION: {
        "read": 2, "phonic": 2, "spell": 2, "writing": 1, "maths": 2, "math": 2,
        "number": 1, "counting": 2, "times table": 2, "dyslexi": 2, "dyscalcul": 2,
        "memory": 2, "remember": 1, "forget": 1, "retain": 2, "processing": 2, "learning": 1,
        "processes things": 2, "slow to process": 2, "reads slowly": 2, "reads really slowly": 2,
        "decod": 2, "blend": 2, "letter": 1, "sounds": 1, "comprehension": 1, "behind": 1,
        "progress": 1, "attainment": 2, "working below": 2, "below age": 2, "struggling with work": 2,
        "mld": 2, "spld": 2, "number bond": 2, "count ": 2, "count to": 2, "numeral": 2, "tricky words": 2, "reading age": 2,
        "sequenc": 1, "place value": 2, "sums": 2, "addition": 2, "subtraction": 2, "fractions": 2,
        "handwriting": 1, "literacy": 2, "numeracy": 2, "catch up": 1, "falling behind": 2,
    },
    AreaOfNeed.SEMH: {
        "anxi": 2, "anxious": 2, "upset": 2, "cry": 2, "crying": 2, "cried": 2, "cries": 2, "tears": 2, "sobbing": 2, "weeping": 2,
        "stupid": 2, "rubbish at": 2, "hates himself": 2, "kicks off": 2, "kick off": 2,
        "kicked off": 2, "hates herself": 2,
        "angry": 2, "anger": 2, "outburst": 2, "meltdown": 2, "tantrum": 2, "withdrawn": 2,
        "low mood": 2, "sad": 2, "behaviour": 2, "behavior": 2, "aggress": 2, "hitting": 2,
        "kicking": 2, "biting": 2, "throwing": 2, "shout": 2, "swear": 2, "refus": 1,
        "school refus": 2, "attachment": 2, "self-esteem": 2, "self esteem": 2, "emotion": 2,
        "dysregulat": 2, "regulat": 1, "running out": 2, "ran out": 2, "abscond": 2,
        "adhd": 2, "hyperactiv": 2, "impulsiv": 2, "fidget": 1, "can't sit still": 2,
        "cannot sit still": 2, "mood": 2, "scared": 1, "nervous": 2, "panic": 2, "lonely": 2,
        "isolated": 2, "friends": 1, "fall out": 1, "falling out": 1, "bereave": 2,
        "grief": 2, "disrupt": 2, "defian": 2, "oppositional": 2, "semh": 2, "wellbeing": 2,
        "well-being": 2, "mental health": 2, "calm": 1, "frustrat": 1, "clingy": 2,
        "concentrat": 2, "focus": 2, "attention": 2, "distract": 2, "on task": 2,
        "out of his seat": 2, "out of her seat": 2, "out of seat": 2, "in his seat": 2,
        "in her seat": 2, "in their seat": 2,
        "calling out": 2, "calls out": 2, "sit still": 2, "tearful": 2, "in tears": 2,
        "low": 1, "down in himself": 2, "down in herself": 2, "feels down": 2, "seems down": 2, "nightmare": 2,
        "unsettled": 2, "settle": 1, "bites": 2, "pushes": 2, "pushing": 2, "walking out": 2,
        "walks out": 2, "walked out": 2, "explode": 2, "rough day": 2, "hiding": 2, "hides": 2,
        "screams": 2, "screamed": 2, "screaming": 2, "threw": 2, "throws": 2, "chair": 1,
        "nobody likes": 2, "no friends": 2, "self-conscious": 2, "stress": 2, "scream": 2,
        "sick": 1, "tummy ache": 2, "worry": 1, "worries": 2, "naughty": 1, "grandad died": 2,
        "died": 2, "death": 2, "divorce": 2, "separated": 1, "house move": 1,
        "swore": 2, "rude": 2, "hurting others": 2, "fights": 2, "fighting": 2, "lashing out": 2,
        "separation": 2, "quiet": 1, "shut down": 2, "shutting down": 2, "bully": 1,
    },
    AreaOfNeed.SENSORY_PHYSICAL: {
        "hearing": 2, "deaf": 2, "hearing aid": 2, "vision": 2, "sight": 2, "glasses": 2,
        "squint": 2, "eyesight": 2, "see the board": 2, "fine motor": 2, "gross motor": 2,
        "pencil grip": 2, "grip": 1, "scissors": 2, "cutlery": 2, "coordinat": 2,
        "co-ordinat": 2, "clumsy": 2, "balance": 2, "falls over": 2, "falling over": 2,
        "trips": 1, "sensory": 2, "noise": 2, "loud": 1, "covers his ears": 2,
        "covers her ears": 2, "covering ears": 2, "ears": 1, "texture": 2, "wheelchair": 2,
        "physio": 2, "mobility": 2, "dyspraxi": 2, "dcd": 2, "toilet": 1, "motor skill": 2,
        "buttons": 1, "shoelace": 2, "chew": 2, "physical": 2, "ot ": 1, "occupational": 2,
        "hypermobil": 2, "cerebral palsy": 2, "epilep": 2, "seizure": 2, "tired": 1,
        "running": 1, "ball skills": 2, "posture": 2, "pencil": 2, "hear ": 2, "hears ": 2, "hear.": 2, "ear ": 2,
        "ear infection": 2, "eyes": 2, "headache": 1, "lights": 1, "whiteboard": 1,
        "can't see": 2, "couldn't see": 2, "cannot see": 2, "fabric": 2, "socks": 1,
        "feel of": 1, "touching everything": 2, "sensory seeking": 2, "grommet": 2,
        "catch": 1, "hop": 1, "handwriting": 1, "laboured": 1, "writing is": 1, "grips": 2,
        "hand aches": 2, "hand hurts": 2, "illegible": 1, "smell": 1, "too loud": 2, "in pe": 1,
    },
}  # fmt: skip

ABBREVIATIONS = frozenset(
    {"asd", "asc", "salt", "mld", "spld", "dcd", "adhd", "semh", "slcn", "ot", "pe", "dv", "sad"}
)


def _stem_pattern(stem: str) -> re.Pattern[str]:
    """Stems match word starts; short abbreviations ("asd", "ot") only whole words."""
    tail = r"(?![a-z])" if stem.strip() in ABBREVIATIONS else ""
    return re.compile(r"(?<![a-z])" + re.escape(stem.strip()) + tail)


_PATTERNS = {
    area: [(_stem_pattern(stem), weight) for stem, weight in stems.items() if weight > 0]
    for area, stems in LEXICON.items()
}
# Phrases that name an area directly outrank any count of indirect words.
DIRECT = {
    "communication and interaction": AreaOfNeed.COMMUNICATION,
    "cognition and learning": AreaOfNeed.COGNITION,
    "social, emotional": AreaOfNeed.SEMH,
    "social emotional": AreaOfNeed.SEMH,
    "sensory and physical": AreaOfNeed.SENSORY_PHYSICAL,
    "sensory/physical": AreaOfNeed.SENSORY_PHYSICAL,
    "sensory and/or physical": AreaOfNeed.SENSORY_PHYSICAL,
    "c&i": AreaOfNeed.COMMUNICATION,
    "c&l": AreaOfNeed.COGNITION,
    "s&p": AreaOfNeed.SENSORY_PHYSICAL,
}


def _evidence(folded: str) -> dict[AreaOfNeed, tuple[int, int]]:
    """(score, first position) per area; overlapping stems ("math"/"maths") count once."""
    found: dict[AreaOfNeed, tuple[int, int]] = {}
    for area, patterns in _PATTERNS.items():
        spans: list[tuple[int, int, int]] = []
        for pattern, weight in patterns:
            spans += [(m.start(), m.end(), weight) for m in pattern.finditer(folded)]
        taken: list[tuple[int, int]] = []
        score = 0
        for start, end, weight in sorted(spans, key=lambda s: (s[0] - s[1], -s[2])):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            score += weight
        if score:
            found[area] = (score, min(s for s, _ in taken))
    return found


# Phrases about who to talk to or what to write are about process, not a need.
_PROCESS = re.compile(r"\b(speak|talk|chat) (to|with)\b|\bwrite (an?|the|up)\b")


def area_scores(text: str) -> dict[AreaOfNeed, int]:
    evidence = _evidence(_PROCESS.sub(" ", fold(text)) + " ")
    return {area: evidence.get(area, (0, 0))[0] for area in AreaOfNeed}


def parse_areas(text: str) -> list[AreaOfNeed]:
    """Areas named or implied, strongest first (the earlier mention wins a tie); empty when
    the message points at none."""
    folded = fold(text)
    direct = [area for phrase, area in DIRECT.items() if phrase in folded]
    if direct:
        return list(dict.fromkeys(direct))
    evidence = _evidence(_PROCESS.sub(" ", folded) + " ")
    return sorted(evidence, key=lambda a: (-evidence[a][0], evidence[a][1]))


def parse_area(text: str) -> AreaOfNeed | None:
    areas = parse_areas(text)
    return areas[0] if areas else None
