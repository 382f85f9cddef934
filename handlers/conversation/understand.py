"""One message in, one `Understanding` out: intent and every slot the message fills.

Pure: the roster and programme names are passed in, so the same code serves the chat, the
`sendco-bot parse` support tool and the accuracy tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from handlers.conversation.absences import find_absences
from handlers.conversation.areas import parse_areas
from handlers.conversation.common_words import COMMON
from handlers.conversation.dates import parse_date
from handlers.conversation.durations import parse_duration
from handlers.conversation.intents import SAFEGUARDING, Intent, classify
from handlers.conversation.programmes import GENERIC_PROGRAMMES, parse_programme
from handlers.conversation.pupils import PupilRef, Resolution, Roster, resolve_pupils
from handlers.conversation.text import clean, fold, words
from handlers.safeguarding_signs import Certainty, Signs, assess
from handlers.safeguarding_signs.classifier import explained
from storage.codes import AreaOfNeed

GROUP_WORDS = {"group", "groups", "everyone", "everybody", "all", "both"}
# Words that carry no detail of what was seen ("I'm really worried about ...").
FILLER = COMMON | {
    "bit", "abit", "slightly", "very", "so", "just", "little", "quick", "note", "raise", "raising",
    "please", "pls", "plz", "log", "flag", "wanted", "want", "like", "would", "mention", "re",
    "regarding", "grab", "point", "chat", "word", "moment", "sometime", "catch", "soon", "when",
    "free", "minute", "sec", "second",
}  # fmt: skip


@dataclass(frozen=True)
class GroupRef:
    """An intervention group the sender leads: lets "20 mins with Ravi" find its programme."""

    intervention_id: int
    programme: str
    member_ids: frozenset[int]


@dataclass
class Understanding:
    intent: Intent
    text: str
    pupils: list[PupilRef] = field(default_factory=list)
    candidates: list[PupilRef] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    areas: list[AreaOfNeed] = field(default_factory=list)
    intervention: str | None = None
    duration_minutes: int | None = None
    date: date | None = None
    whole_group: bool = False
    missing: list[str] = field(default_factory=list)
    safeguarding: Signs = field(default_factory=Signs)
    absent: list[PupilRef] = field(default_factory=list)  # named as not there (sessions)
    absence_reasons: dict[int, str] = field(default_factory=dict)
    only_named: bool = False  # "only X and Y": the rest of the group was absent

    @property
    def area_of_need(self) -> AreaOfNeed | None:
        return self.areas[0] if self.areas else None

    def as_contract(self) -> dict[str, Any]:
        """The JSON shape of `sendco-bot parse` (../shared/design.md), plus extra keys."""
        return {
            "intent": self.intent.value,
            "pupils": [p.upn for p in self.pupils],
            "candidates": [p.upn for p in self.candidates],
            "area_of_need": self.area_of_need.value if self.area_of_need else None,
            "intervention": self.intervention,
            "duration_minutes": self.duration_minutes,
            "date": self.date.isoformat() if self.date else None,
            "missing": self.missing,
            "unknown_names": self.unknown_names,
            "areas": [a.value for a in self.areas],
            "whole_group": self.whole_group,
            "safeguarding": self.safeguarding.as_contract(),
            "absent": [p.upn for p in self.absent],
        }


def understand(
    message: str,
    *,
    roster: Roster,
    today: date,
    programmes: list[str] | None = None,
    groups: list[GroupRef] | None = None,
    check_safeguarding: bool = True,
) -> Understanding:
    """How the bot understands one message. `check_safeguarding=False` only once the member
    of staff has said a possible sign is not a safeguarding matter."""
    text = clean(message)
    programme = parse_programme(text, programmes or [])
    duration = parse_duration(_without_classes(text, roster))
    resolution = resolve_pupils(text, roster)
    areas = parse_areas(text)
    signs = safeguarding_signs(text) if check_safeguarding else Signs()
    intent = classify(
        text,
        mentions_programme=programme is not None,
        mentions_duration=duration is not None,
        mentions_pupil=bool(resolution.pupils or resolution.ambiguous),
        mentions_area=bool(areas),
        signs=signs,
    )
    result = Understanding(intent=intent, text=text, safeguarding=signs)
    if intent in (Intent.CANCEL, Intent.CONFIRM, Intent.DENY):
        return result
    _fill_pupils(result, resolution)
    if intent in (Intent.LOG_CONCERN, Intent.REQUEST_ADVICE):
        result.areas = areas
    if intent != Intent.SAFEGUARDING and not (
        intent != Intent.LOG_SESSION and programme in GENERIC_PROGRAMMES
    ):
        # "her speech and language" or "a SALT report" name a need or a service, not a
        # programme, except when logging a session.
        result.intervention = programme
    if intent == Intent.LOG_CONCERN and duration is not None and result.pupils:
        # A group lead's "Lena - 15 mins - struggled with the nonsense words" logs a session.
        group = _only_group_of(result.pupils, groups or [])
        if group is not None and programme in (None, group):
            intent = result.intent = Intent.LOG_SESSION
            result.areas = []
    if intent == Intent.LOG_SESSION:
        # Candidates too: "Noah off sick" with two Noahs is an absence, whichever one it is.
        away = find_absences(text, [*result.pupils, *result.candidates])
        named = result.pupils
        if programme is None and named:
            result.intervention = _only_group_of(named, groups or [])
        result.absent = [p for p in named if p.id in away.absent]
        result.absence_reasons = away.absent
        result.pupils = [p for p in named if p.id not in away.absent]
        result.only_named = away.only
        result.duration_minutes = duration if duration is not None else _bare_minutes(text)
        result.whole_group = (
            (not result.pupils and bool(away.absent))
            or away.everyone_else
            or (not resolution.pupils and bool(GROUP_WORDS & set(words(text))))
        )
    if intent in (Intent.LOG_SESSION, Intent.LOG_CONCERN):
        result.date = parse_date(text, today) or today
    else:
        result.date = parse_date(text, today)
    result.missing = missing_slots(result, resolution)
    return result


def safeguarding_signs(text: str) -> Signs:
    """The classifier's verdict, with the old keyword list kept as a net: a message only it
    catches is a *possible* sign (asked about), unless the message explains itself."""
    signs = assess(text)
    if signs.certainty is None and SAFEGUARDING.search(fold(text)) and not explained(text):
        return Signs(category="general", signals=("safeguarding words",),
                     certainty=Certainty.POSSIBLE)  # fmt: skip
    return signs


_TRAILING_NUMBER = re.compile(r"(?:^|[\s,;:-])(\d{1,3})\s*[.!]?\s*$")


def _bare_minutes(text: str) -> int | None:
    """ "tbt noah k 15": a number closing a session log is its minutes."""
    match = _TRAILING_NUMBER.search(text)
    if match is None:
        return None
    minutes = int(match.group(1))
    return minutes if 5 <= minutes <= 180 else None


def _without_classes(text: str, roster: Roster) -> str:
    """Class names such as "3H" read as "3 hours" otherwise."""
    if not roster.classes:
        return text
    pattern = r"\b(" + "|".join(re.escape(c) for c in sorted(roster.classes)) + r")\b"
    return re.sub(pattern, " ", text, flags=re.IGNORECASE)


def _only_group_of(pupils: list[PupilRef], groups: list[GroupRef]) -> str | None:
    ids = {p.id for p in pupils}
    matching = {g.programme for g in groups if ids <= g.member_ids}
    return matching.pop() if len(matching) == 1 else None


def _fill_pupils(result: Understanding, resolution: Resolution) -> None:
    result.pupils = resolution.pupils
    result.candidates = resolution.candidates
    result.unknown_names = resolution.unknown


def has_details_text(result: Understanding) -> bool:
    """Does the message say something beyond who it is about?"""
    names = {
        w
        for p in (*result.pupils, *result.candidates)
        for w in words(f"{p.first_name} {p.preferred_name or ''} {p.last_name} {p.class_name}")
    }
    content = [w for w in words(result.text) if w not in FILLER and w not in names]
    return len(content) >= 1 or bool(parse_areas(result.text))


def missing_slots(result: Understanding, resolution: Resolution) -> list[str]:
    missing: list[str] = []
    unresolved = not result.pupils
    if result.intent == Intent.LOG_CONCERN:
        if unresolved:
            missing.append("pupils")
        if not has_details_text(result):
            missing.append("details")
    elif result.intent == Intent.LOG_SESSION:
        if result.intervention is None:
            missing.append("intervention")
        if unresolved and (result.candidates or result.unknown_names or not result.intervention):
            missing.append("pupils")
        if result.duration_minutes is None:
            missing.append("duration_minutes")
    elif result.intent == Intent.REQUEST_ADVICE:
        if not has_details_text(result):
            missing.append("question")
    elif result.intent == Intent.PUPIL_RECORD and unresolved and not result.candidates:
        missing.append("pupils")
    return missing
