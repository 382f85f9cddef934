"""The vocabulary every corpus of staff messages is written in and checked against: the
fields of `sendco-bot parse --json`, their allowed values, and loading a corpus file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DEFAULT_SENDER = "sendco@oakfield.example"

FIELDS = (
    "intent",
    "pupils",
    "candidates",
    "area_of_need",
    "intervention",
    "duration_minutes",
    "date",
    "missing",
)
SET_FIELDS = {"pupils", "candidates", "missing"}
PUPIL_FIELDS = {"pupils", "candidates"}
INTENTS = {
    "log_concern",
    "log_session",
    "request_advice",
    "safeguarding",
    "help",
    "my_entries",
    "group_members",
    "pupil_record",
    "cancel",
    "confirm",
    "deny",
    "unknown",
}
AREAS = {
    "communication_and_interaction",
    "cognition_and_learning",
    "social_emotional_and_mental_health",
    "sensory_and_physical",
}
PROGRAMMES = {
    "Toe by Toe",
    "Plus One",
    "Lego therapy",
    "Talk Boost",
    "Precision Teaching",
    "Power of 2",
    "ELSA",
    "Zones of Regulation",
    "Sensory circuit",
    "Numicon",
    "Nessy",
    "Read Write Inc. Fresh Start",
    "Socially Speaking",
    "Attention Autism",
    "Touch typing",
    "Social stories",
    "Fine motor group",
    "Speech and language programme",
    "Nurture group",
}
MISSING_FIELDS = {"pupils", "details", "intervention", "duration_minutes", "question"}


def load_corpus(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)
    assert isinstance(entries, list), f"{path.name} must be a list of entries"
    return entries
