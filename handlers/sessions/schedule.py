"""When an intervention's sessions are planned, and whether one went unlogged. Pure.

The reminder rule "planned session not logged by the end of the day" and the provision map's
"sessions planned so far" both use these. `school_days` says whether a date is a school day
(term dates, INSET, bank holidays); without it every Monday to Friday counts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Protocol

from storage.codes import InterventionStatus
from storage.models.interventions import WEEKDAY_CODES

SchoolDays = Callable[[date], bool]
FINISHED = frozenset({InterventionStatus.COMPLETED.value, InterventionStatus.STOPPED.value})


class Scheduled(Protocol):
    """What the schedule rules need of an intervention (the model satisfies it)."""

    @property
    def weekdays(self) -> str: ...  # "mon,wed,fri"
    @property
    def start_on(self) -> date: ...
    @property
    def end_on(self) -> date | None: ...
    @property
    def status(self) -> str: ...
    @property
    def planned_sessions(self) -> int | None: ...


def weekday_numbers(weekdays: str) -> frozenset[int]:
    """ "mon,wed" -> {0, 2} (Monday is 0, as date.weekday())."""
    codes = {part.strip().lower() for part in weekdays.split(",") if part.strip()}
    return frozenset(i for i, code in enumerate(WEEKDAY_CODES) if code in codes)


def is_planned_day(
    intervention: Scheduled, on: date, school_days: SchoolDays | None = None
) -> bool:
    """Whether a session of `intervention` is planned on `on`."""
    if intervention.status in FINISHED:
        return False
    if on < intervention.start_on or (intervention.end_on is not None and on > intervention.end_on):
        return False
    if on.weekday() not in weekday_numbers(intervention.weekdays):
        return False
    return school_days is None or school_days(on)


def planned_session_dates(
    intervention: Scheduled,
    start: date,
    end: date,
    school_days: SchoolDays | None = None,
) -> list[date]:
    """Every planned session date from `start` to `end` inclusive, in order."""
    days: list[date] = []
    day = max(start, intervention.start_on)
    last = min(end, intervention.end_on) if intervention.end_on else end
    while day <= last:
        if is_planned_day(intervention, day, school_days):
            days.append(day)
        day += timedelta(days=1)
    return days


def sessions_not_logged(
    intervention: Scheduled,
    logged_dates: Collection[date],
    on: date,
    school_days: SchoolDays | None = None,
) -> bool:
    """True when a session was planned on `on` but none was logged for that date.

    A group that has already run all its planned sessions is not nudged.
    """
    if not is_planned_day(intervention, on, school_days):
        return False
    if on in logged_dates:
        return False
    planned = intervention.planned_sessions
    return planned is None or len(set(logged_dates)) < planned
