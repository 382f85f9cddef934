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
        "instruction": 1, "vocab": 1, "talk": 1, "words": 1, "sentence": 1, "understand": 1,
        "listen": 1, "speak": 1, "pronounc": 2, "sounds unclear": 2, "unclear speech": 2,
        "turn-tak": 1, "turn tak": 1, "play with other": 1, "friendship": 1, "rigid": 1,
        "routine": 1, "repetitive": 1, "literal": 1, "expressive": 2, "receptive": 2,
        "conversation": 1, "mute": 2, "verbal": 1, "lining up": 1, "social skill": 1,
    },
    AreaOfNeed.COGNITION: {
        "read": 2, "phonic": 2, "spell": 2, "writing": 1, "write": 1, "maths": 2, "math": 2,
        "number": 1, "counting": 2, "times table": 2, "dyslexi": 2, "dyscalcul": 2,
        "memory": 2, "remember": 1, "forget": 1, "retain": 2, "processing": 2, "learning": 1,
        "decod": 2, "blend": 2, "letter": 1, "sounds": 1, "comprehension": 1, "behind": 1,
        "progress": 1, "attainment": 2, "working below": 2, "below age": 2, "struggling with work": 2,
        "concentrat": 1, "focus": 1, "attention": 1, "on task": 1, "mld": 2, "spld": 2,
        "sequenc": 1, "place value": 2, "sums": 2, "addition": 2, "subtraction": 2, "fractions": 2,
        "handwriting": 1, "literacy": 2, "numeracy": 2, "catch up": 1, "falling behind": 2,
    },
    AreaOfNeed.SEMH: {
        "anxi": 2, "anxious": 2, "worr": 0, "upset": 2, "cry": 2, "crying": 2, "tears": 2,
        "angry": 2, "anger": 2, "outburst": 2, "meltdown": 2, "tantrum": 2, "withdrawn": 2,
        "low mood": 2, "sad": 2, "behaviour": 2, "behavior": 2, "aggress": 2, "hitting": 2,
        "kicking": 2, "biting": 2, "throwing": 2, "shout": 2, "swear": 2, "refus": 1,
        "school refus": 2, "attachment": 2, "self-esteem": 2, "self esteem": 2, "emotion": 2,
        "dysregulat": 2, "regulat": 1, "running out": 2, "ran out": 2, "abscond": 2,
        "adhd": 2, "hyperactiv": 2, "impulsiv": 2, "fidget": 1, "can't sit still": 2,
        "cannot sit still": 2, "mood": 2, "scared": 1, "nervous": 2, "panic": 2, "lonely": 2,
        "isolated": 2, "friends": 1, "fall out": 1, "falling out": 1, "bereave": 2,
        "grief": 2, "disrupt": 2, "defian": 2, "oppositional": 2, "semh": 2, "wellbeing": 2,
        "well-being": 2, "mental health": 2, "calm": 1, "frustrat": 2, "clingy": 2,
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
        "running": 1, "pe ": 1, "ball skills": 2, "posture": 2, "hand": 1,
    },
}  # fmt: skip

_PATTERNS = {
    area: [(re.compile(r"(?<![a-z])" + re.escape(stem)), weight) for stem, weight in stems.items()]
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


def area_scores(text: str) -> dict[AreaOfNeed, int]:
    folded = fold(text) + " "
    return {
        area: sum(weight for pattern, weight in patterns if pattern.search(folded))
        for area, patterns in _PATTERNS.items()
    }


def parse_areas(text: str) -> list[AreaOfNeed]:
    """Areas named or implied, strongest first; empty when the message points at none."""
    folded = fold(text)
    direct = [area for phrase, area in DIRECT.items() if phrase in folded]
    if direct:
        return list(dict.fromkeys(direct))
    scores = area_scores(text)
    ranked = sorted((a for a in scores if scores[a] > 0), key=lambda a: -scores[a])
    return ranked


def parse_area(text: str) -> AreaOfNeed | None:
    areas = parse_areas(text)
    return areas[0] if areas else None
