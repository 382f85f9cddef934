"""A typed answer as the value a form field takes: the same plain values a Slack modal
submits (text, a choice's value, a list of values, "YYYY-MM-DD", digits), so the handler that
takes the form cannot tell a conversation from a modal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import dateparser
from rapidfuzz import fuzz, process

from handlers.conversation.dates import parse_date
from handlers.conversation.text import fold
from handlers.vocabulary import Choice, Field, FieldKind

SKIP = re.compile(
    r"^\s*(skip|none|no|n/a|na|-|nothing|leave (it )?(blank|empty)|not sure|pass)\s*[.!]*$"
)
# Fields whose dates lie ahead: "14th Jan" in December is next January.
FORWARD = frozenset({"meeting_on", "until", "end_on", "start_on", "review_due_on",
                     "next_review_due_on", "expires_on"})  # fmt: skip
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
FUZZY_CUTOFF = 75


@dataclass(frozen=True)
class Parsed:
    value: Any = None  # what the form takes; None when `problem` says why not
    problem: str = ""
    options: tuple[Choice, ...] = ()  # several matched: the person chooses


def is_skip(text: str) -> bool:
    return SKIP.match(fold(text)) is not None


def parse_value(fld: Field, text: str, today: date) -> Parsed:
    text = text.strip()
    if fld.kind in (FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT):
        return Parsed(text) if text else Parsed(problem="Please type an answer.")
    if fld.kind is FieldKind.NUMBER:
        found = NUMBER.search(text.replace(",", "").replace("£", ""))
        return Parsed(found.group()) if found else Parsed(problem="Please give a number.")
    if fld.kind is FieldKind.DATE:
        day = parse_day(text, today, forward=fld.name in FORWARD)
        if day is None:
            return Parsed(problem="I couldn't read that as a date: try “14 January” or “today”.")
        return Parsed(day.isoformat())
    if fld.multiple or fld.kind is FieldKind.MULTI_CHOICE:
        values: list[str] = []
        for part in re.split(r"\s*(?:,|\band\b|&|\+|/)\s*", text):
            if not part.strip():
                continue
            one = pick(fld.choices, part)
            if one.value is None:
                return one
            values.append(one.value)
        return Parsed(list(dict.fromkeys(values))) if values else Parsed(problem="Choose one.")
    return pick(fld.choices, text)


def parse_day(text: str, today: date, *, forward: bool) -> date | None:
    settings = {
        "PREFER_DATES_FROM": "future" if forward else "past",
        "RELATIVE_BASE": datetime.combine(today, time(9)),
        "DATE_ORDER": "DMY",
    }
    found: datetime | None = dateparser.parse(text, settings=settings, languages=["en"])
    if found is not None:
        return found.date()
    return parse_date(text, today)


def ahead(day: date, today: date) -> date:
    """A date read from a sentence, for a field whose dates lie ahead: a month already past
    this year means next year's."""
    if day >= today:
        return day
    try:
        later = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        later = day.replace(year=day.year + 1, day=28)
    return later if (later - today).days <= 366 else day


def pick(choices: tuple[Choice, ...], text: str) -> Parsed:
    """One choice: by its number in the list, its value, or its label (close spellings too)."""
    folded = fold(text).strip(" .!")
    if folded.isdigit() and 1 <= int(folded) <= len(choices):
        return Parsed(choices[int(folded) - 1].value)
    for choice in choices:
        if folded in (fold(choice.value), fold(choice.label)):
            return Parsed(choice.value)
    starts = [c for c in choices if fold(c.label).startswith(folded) or folded in fold(c.label)]
    if len(starts) == 1:
        return Parsed(starts[0].value)
    if len(starts) > 1:
        return Parsed(problem="That matches more than one: which?", options=tuple(starts[:9]))
    labels = [fold(c.label) for c in choices]
    best = process.extractOne(folded, labels, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF)
    if best is not None:
        return Parsed(choices[best[2]].value)
    return Parsed(problem="That isn't one of the choices.")
