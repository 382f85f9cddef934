"""The forms a conversation fills: which slots each flow needs and in what order, and how
an answer or a correction changes them. Pure functions over a JSON-able state dict."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from handlers.conversation.absences import find_absences
from handlers.conversation.durations import parse_duration
from handlers.conversation.intents import Intent
from handlers.conversation.pupils import PupilRef
from handlers.conversation.text import fold
from handlers.conversation.understand import Understanding

FLOWS = (Intent.LOG_CONCERN, Intent.LOG_SESSION, Intent.REQUEST_ADVICE)
URGENT = re.compile(r"\b(urgent|urgently|asap|as soon as possible|immediately|high priority)\b")
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}


@dataclass(frozen=True)
class GroupChoice:
    id: int
    label: str
    programme: str
    member_ids: tuple[int, ...]


def new_state(u: Understanding) -> dict[str, Any]:
    state: dict[str, Any] = {
        "flow": u.intent.value,
        "pupils": [],
        "labels": {},
        "choices": [],
        "unknown": [],
        "awaiting": None,
    }
    if u.intent == Intent.LOG_CONCERN:
        state.update(observed=None, areas=[], urgency="medium", date=None)
    elif u.intent == Intent.LOG_SESSION:
        state.update(
            intervention_id=None, programme=None, group_choices=[], duration=None, date=None,
            whole_group=False, notes="",
        )  # fmt: skip
    else:
        state.update(question=None)
    return state


def remember_pupils(state: dict[str, Any], pupils: list[PupilRef], *, add: bool = False) -> None:
    ids = list(state["pupils"]) if add else []
    for pupil in pupils:
        if pupil.id not in ids:
            ids.append(pupil.id)
        state["labels"][str(pupil.id)] = f"{pupil.known_as} ({pupil.class_name})"
    state["pupils"] = ids


# "not Isla", "instead of Isla", "remove Isla", "take Isla out", "without Isla".
REMOVE_BEFORE = re.compile(
    r"\b(not|instead of|rather than|remove|take off|take out|drop|without|minus|delete)\s+$"
)
REMOVE_AFTER = re.compile(r"^\s+(out|off)\b")
URGENCY_WORDS = re.compile(
    r"\b(?:(?:make it|set it to|change it to|change to|it is|it's|its|should be|to)\s+)?"
    r"(high|low|medium|normal)\s*(?:urgency|priority)?\b"
)


def _urgency(text: str) -> str | None:
    folded = fold(text)
    if re.search(r"\bnot (very )?urgent\b", folded):
        return "low"
    if URGENT.search(folded):
        return "high"
    said = re.search(r"\b(high|low|medium|normal) (urgency|priority)\b", folded) or (
        re.search(r"\b(make|set|change) it\b", folded) and URGENCY_WORDS.search(folded)
    )
    if not said:
        return None
    level = said.group(1)
    return "medium" if level == "normal" else level


def _removed(u: Understanding) -> set[int]:
    """Pupils the message names only to take them off ("not Isla", "remove Isla")."""
    folded = fold(u.text)
    found: set[int] = set()
    for pupil in u.pupils:
        for name in {pupil.first_name, pupil.preferred_name or pupil.first_name}:
            for match in re.finditer(rf"\b{re.escape(fold(name))}\b", folded):
                before, after = folded[: match.start()], folded[match.end() :]
                if REMOVE_BEFORE.search(before) or REMOVE_AFTER.match(after):
                    found.add(pupil.id)
    return found


def _swap_for_the_other(state: dict[str, Any], u: Understanding) -> bool:
    """ "No, I meant the other Mohammed": swap the one chosen for the other of the same name."""
    state.pop("swapped", None)
    if not re.search(r"\bthe other\b", fold(u.text)):
        return False
    same_name = u.candidates or u.pupils
    chosen = [p for p in same_name if p.id in state["pupils"]]
    others = [p for p in same_name if p.id not in state["pupils"]]
    if not chosen or len(others) != 1:
        return False
    state["pupils"] = [pid for pid in state["pupils"] if pid not in {p.id for p in chosen}]
    remember_pupils(state, others, add=True)
    state["swapped"] = True
    return True


def _named_as_there(state: dict[str, Any], u: Understanding, *, first: bool) -> list[PupilRef]:
    """The pupils a message names, less those it says were away from the session it corrects
    ("Henry wasn't there actually" does not make Henry the only pupil)."""
    if first or state["flow"] != Intent.LOG_SESSION.value:
        return list(u.pupils)
    away = set(find_absences(u.text, list(u.pupils)).absent) | {p.id for p in u.absent}
    return [p for p in u.pupils if p.id not in away]


def apply_understanding(
    state: dict[str, Any], u: Understanding, *, first: bool, has_details: bool
) -> None:
    """Take from one message whatever it says about the form's slots."""
    adding = bool(re.search(r"\b(add|also|and also|as well)\b", fold(u.text)))
    if not first and _swap_for_the_other(state, u):
        pass
    elif not first and (removed := _removed(u)):
        kept = [pid for pid in state["pupils"] if pid not in removed]
        state["pupils"] = kept
        remember_pupils(state, [p for p in u.pupils if p.id not in removed], add=True)
        state["unknown"] = []
    elif present := _named_as_there(state, u, first=first):
        remember_pupils(state, present, add=adding or state["awaiting"] == "pupils")
        state["unknown"] = []
    if u.candidates and not state.get("swapped"):
        state["choices"] = [p.id for p in u.candidates]
        for pupil in u.candidates:
            state["labels"][str(pupil.id)] = f"{pupil.known_as} ({pupil.class_name})"
    if u.unknown_names and not u.pupils:
        state["unknown"] = u.unknown_names
    flow = state["flow"]
    if flow == Intent.LOG_CONCERN.value:
        if u.areas:
            state["areas"] = [a.value for a in u.areas]
        urgency = _urgency(u.text)
        if urgency is not None:
            state["urgency"] = urgency
        if first and has_details:
            state["observed"] = u.text
    elif flow == Intent.LOG_SESSION.value:
        minutes = parse_duration(u.text) if first else _corrected_minutes(u.text)
        if minutes is not None:
            state["duration"] = minutes
        if u.intervention and u.intervention != state.get("programme"):
            state["programme"] = u.intervention
            state["intervention_id"] = None
        named_present = {int(pid) for pid in state["pupils"]} - {p.id for p in u.absent}
        if u.whole_group and (first or not u.absent or not named_present):
            # Not for "Henry wasn't there" over a draft naming Lena too: only Henry changes.
            state["whole_group"] = True
        away, reasons = list(u.absent), dict(u.absence_reasons)
        if not away and u.intent != Intent.LOG_SESSION and u.pupils:
            # An answer ("Henry was away") is read for absences whatever it sounds like.
            found = find_absences(u.text, list(u.pupils))
            away, reasons = [p for p in u.pupils if p.id in found.absent], found.absent
            named = {int(pid) for pid in state["pupils"]} - {p.id for p in away}
            if away and not named and (found.everyone_else or len(away) == len(u.pupils)):
                state["whole_group"] = True  # "who was there?" "Henry was away": the rest
        if away:
            absent = dict(state.get("absent") or {})
            for pupil in away:
                absent[str(pupil.id)] = reasons.get(pupil.id, "absent")
                state["labels"][str(pupil.id)] = f"{pupil.known_as} ({pupil.class_name})"
            state["absent"] = absent
            state["pupils"] = [pid for pid in state["pupils"] if str(pid) not in absent]
        waiting = {p.id for p in u.candidates}
        if any(pid in waiting for pid in u.absence_reasons):
            state["candidate_absent"] = dict(state.get("candidate_absent") or {}) | {
                str(pid): why for pid, why in u.absence_reasons.items() if pid in waiting
            }
        if u.only_named:
            state["only_named"] = True
        if first:
            state["notes"] = u.text
    elif flow == Intent.REQUEST_ADVICE.value and first and has_details:
        state["question"] = u.text


# The value a correction rejects: "Monday not today", "instead of 20 it was 15".
_REJECTED_VALUE = (
    r"(?:today|yesterday|(?:last |this )?(?:mon|tues|wednes|thurs|fri)day|"
    r"\d+(?:\s*(?:mins?|minutes))?)"
)
REJECTED = re.compile(rf"\b(?:instead of|not|rather than)\s+(?:the\s+)?{_REJECTED_VALUE}\b")


def without_rejected(text: str) -> str:
    """A correction's text without the value it says was wrong."""
    return REJECTED.sub(" ", fold(text))


def _corrected_minutes(text: str) -> int | None:
    """ "it was 25 minutes"; "instead of 20 it was 15" (a bare number, once the rejected one
    is taken out, is the minutes)."""
    kept = without_rejected(text)
    found = parse_duration(kept)
    if found is None and kept != fold(text):
        number = re.fullmatch(
            r"[\s,;:-]*(?:(?:no|so|it was|it's|make it|make that|actually)\s*,?\s*)*"
            r"(\d{1,3})\s*[.!]?\s*",
            kept,
        )
        return int(number.group(1)) if number else None
    return found


def explicit_date(u: Understanding, today: date) -> date | None:
    """The date a message gave, ignoring the today-default the parser fills in."""
    from handlers.conversation.dates import parse_date

    return parse_date(without_rejected(u.text), today)


def pick_choice(text: str, count: int) -> int | None:
    """A 1-based choice from "2", "the second", "number 2"; None when not a choice."""
    folded = fold(text).strip()
    match = re.fullmatch(r"(?:no\.? ?|number |option |the )?(\d{1,2})(?:st|nd|rd|th)?\.?", folded)
    if match:
        index = int(match.group(1))
        return index if 1 <= index <= count else None
    for word, index in ORDINALS.items():
        if re.search(rf"\b{word}\b", folded) and index <= count:
            return index
    return None


def bare_minutes(text: str) -> int | None:
    """An answer to "how long?": "20", "20 mins", "half an hour"."""
    found = parse_duration(text)
    if found is not None:
        return found
    match = re.fullmatch(r"\s*(\d{1,3})\s*\.?\s*", text)
    return int(match.group(1)) if match else None


def add_chosen(state: dict[str, Any], pupil_id: int) -> None:
    """A pupil chosen from a list joins the record: as absent when the message said so."""
    why = (state.get("candidate_absent") or {}).get(str(pupil_id))
    if why is not None and state["flow"] == Intent.LOG_SESSION.value:
        state["absent"] = dict(state.get("absent") or {}) | {str(pupil_id): why}
    else:
        state["pupils"] = [*state["pupils"], pupil_id]


def next_missing(state: dict[str, Any]) -> str | None:
    """The next slot to ask for, in the order a person would expect; None when complete."""
    flow = state["flow"]
    if state["choices"]:
        return "choose_pupil"
    if flow == Intent.LOG_CONCERN.value:
        if not state["pupils"]:
            return "pupils"
        if not state["observed"]:
            return "details"
    elif flow == Intent.LOG_SESSION.value:
        if state["intervention_id"] is None:
            return "intervention"
        if not state["pupils"] and not state["whole_group"]:
            return "pupils"
        if not state["duration"]:
            return "duration_minutes"
    elif flow == Intent.REQUEST_ADVICE.value and not state["question"]:
        return "question"
    return None


def choice_by_detail(text: str, choices: list[int], labels: dict[str, str]) -> int | None:
    """ "the one in 2C", "Rahman": the single choice whose label holds a word of the answer."""
    answer = set(re.findall(r"[a-z0-9'-]+", fold(text)))
    matching = [
        pid
        for pid in choices
        if answer & set(re.findall(r"[a-z0-9'-]+", fold(labels.get(str(pid), "")))) - {"the"}
    ]
    return matching[0] if len(matching) == 1 else None
