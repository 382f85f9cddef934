"""The decisions about concerns, as pure functions: which status may follow which, when a note
is needed, the term a date falls in, and when the SENDCO should consider the graduated
approach (early identification). Reminder rules and the triage card reuse these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from storage.codes import ConcernStatus

S = ConcernStatus

STATUS_LABELS: dict[ConcernStatus, str] = {
    S.NEW: "new",
    S.ACKNOWLEDGED: "acknowledged",
    S.MONITORING: "monitoring",
    S.MORE_INFO_REQUESTED: "more information requested",
    S.SEN_SUPPORT_STARTED: "SEN support started",
    S.REFERRED: "referred to an outside agency",
    S.CLOSED: "closed",
}

# new → acknowledged → (monitoring | more information | SEN support | referred) → closed.
# Monitoring and "more information requested" are waiting states: either may lead to any other
# outcome. SEN support started and referred are outcomes: the next step is closing.
TRANSITIONS: dict[ConcernStatus, frozenset[ConcernStatus]] = {
    S.NEW: frozenset({S.ACKNOWLEDGED}),
    S.ACKNOWLEDGED: frozenset(
        {S.MONITORING, S.MORE_INFO_REQUESTED, S.SEN_SUPPORT_STARTED, S.REFERRED, S.CLOSED}
    ),
    S.MONITORING: frozenset({S.MORE_INFO_REQUESTED, S.SEN_SUPPORT_STARTED, S.REFERRED, S.CLOSED}),
    S.MORE_INFO_REQUESTED: frozenset({S.MONITORING, S.SEN_SUPPORT_STARTED, S.REFERRED, S.CLOSED}),
    S.SEN_SUPPORT_STARTED: frozenset({S.CLOSED}),
    S.REFERRED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

# Listed in this order wherever next steps are offered.
STATUS_ORDER: tuple[ConcernStatus, ...] = tuple(ConcernStatus)


def next_statuses(current: ConcernStatus) -> tuple[ConcernStatus, ...]:
    """The statuses a concern in `current` may move to, in workflow order."""
    allowed = TRANSITIONS[current]
    return tuple(s for s in STATUS_ORDER if s in allowed)


def transition_problem(current: ConcernStatus, target: ConcernStatus) -> str | None:
    """Why a concern can't move from `current` to `target`, or None when it can."""
    if target in TRANSITIONS[current]:
        return None
    if current == S.CLOSED:
        return "it is closed, and a closed concern doesn't move. Raise a new concern if needed."
    if target == current:
        return f"it is already {STATUS_LABELS[current]}."
    options = " or ".join(STATUS_LABELS[s] for s in next_statuses(current))
    return f"it is {STATUS_LABELS[current]}, and from there it can only move to {options}."


def note_required(target: ConcernStatus) -> bool:
    """Every step is recorded with why, except acknowledging (which says only "seen")."""
    return target != S.ACKNOWLEDGED


def is_open(status: ConcernStatus) -> bool:
    return status != S.CLOSED


def term_bounds(day: date) -> tuple[date, date]:
    """The school term holding `day`, simplified to whole months so it needs no calendar:
    autumn 1 Sep-31 Dec, spring 1 Jan-31 Mar, summer 1 Apr-31 Aug (holidays included).
    Callers with the school's real term dates pass those instead."""
    if day.month >= 9:
        return date(day.year, 9, 1), date(day.year, 12, 31)
    if day.month <= 3:
        return date(day.year, 1, 1), date(day.year, 3, 31)
    return date(day.year, 4, 1), date(day.year, 8, 31)


@dataclass(frozen=True)
class RaisedConcern:
    """The two facts early identification needs about one concern."""

    raised_by_id: int
    raised_on: date


GRADUATED_APPROACH_MIN_STAFF = 2


def needs_graduated_approach_prompt(
    concerns_for_pupil: Iterable[RaisedConcern],
    term_start: date,
    term_end: date,
    *,
    min_staff: int = GRADUATED_APPROACH_MIN_STAFF,
) -> bool:
    """True when concerns about one pupil came from at least `min_staff` different members of
    staff within the term (inclusive bounds): the SENDCO should consider assess-plan-do-review.
    """
    raisers = {c.raised_by_id for c in concerns_for_pupil if term_start <= c.raised_on <= term_end}
    return len(raisers) >= min_staff
