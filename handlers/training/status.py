"""Who is missing what training: pure decisions over requirements, records and a date.

The training report, "my training" and the later training-expiry reminders all use
`training_status`, so "expired" and "expiring" mean the same thing everywhere. A course
expires *on* its expiry date: from that day it no longer counts.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

DEFAULT_WARN_DAYS = 30


class TrainingState(StrEnum):
    MISSING = "missing"  # a required course never completed
    DUE = "due"  # not done yet, but only needed by `expires_on` (N months into the role)
    EXPIRED = "expired"
    EXPIRING = "expiring"  # expires within the warning window
    CURRENT = "current"


class RequirementLike(Protocol):
    """A course a role must hold (RoleRequirement satisfies it)."""

    @property
    def role(self) -> str: ...
    @property
    def course_id(self) -> int: ...
    @property
    def within_months(self) -> int | None: ...


class RecordLike(Protocol):
    """A completed course (TrainingRecord satisfies it)."""

    @property
    def course_id(self) -> int: ...
    @property
    def completed_on(self) -> date: ...
    @property
    def expires_on(self) -> date | None: ...


@dataclass(frozen=True)
class CourseStatus:
    course_id: int
    state: TrainingState
    completed_on: date | None = None
    expires_on: date | None = None
    days_left: int | None = None  # days until expiry (negative once expired)

    @property
    def is_gap(self) -> bool:
        return self.state not in (TrainingState.CURRENT, TrainingState.DUE)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_date(completed_on: date, valid_months: int | None) -> date | None:
    """When training completed on `completed_on` expires; None when it never does.

    31 January + 1 month -> 28 (or 29) February; 29 February + 12 months -> 28 February.
    """
    if valid_months is None:
        return None
    if valid_months <= 0:
        raise ValueError("valid_months must be positive")
    return add_months(completed_on, valid_months)


def best_record(records: Iterable[RecordLike], course_id: int, on: date) -> RecordLike | None:
    """The record of `course_id` completed by `on` that lasts longest (never-expiring first)."""
    held = [r for r in records if r.course_id == course_id and r.completed_on <= on]
    if not held:
        return None
    return max(held, key=lambda r: (r.expires_on is None, r.expires_on or date.min, r.completed_on))


def course_status(
    course_id: int, records: Iterable[RecordLike], on: date, warn_days: int = DEFAULT_WARN_DAYS
) -> CourseStatus:
    record = best_record(records, course_id, on)
    if record is None:
        return CourseStatus(course_id, TrainingState.MISSING)
    expires = record.expires_on
    if expires is None:
        return CourseStatus(course_id, TrainingState.CURRENT, record.completed_on)
    days_left = (expires - on).days
    if expires <= on:
        state = TrainingState.EXPIRED
    elif expires <= on + timedelta(days=warn_days):
        state = TrainingState.EXPIRING
    else:
        state = TrainingState.CURRENT
    return CourseStatus(course_id, state, record.completed_on, expires, days_left)


def required_courses(requirements: Iterable[RequirementLike], roles: Iterable[str]) -> list[int]:
    """The course ids any of `roles` must hold, in id order."""
    held_roles = {str(r) for r in roles}
    return sorted({req.course_id for req in requirements if str(req.role) in held_roles})


def training_status(
    requirements: Iterable[RequirementLike],
    records: Iterable[RecordLike],
    roles: Iterable[str],
    on: date,
    warn_days: int = DEFAULT_WARN_DAYS,
    role_since: Mapping[str, date] | None = None,
) -> list[CourseStatus]:
    """For one member of staff: the state of each course their roles require, on `on`.

    A course required only "within N months" of taking a role is DUE, not MISSING, until N
    months after the date they took it (`role_since`); with that date unknown it is MISSING.
    """
    records, requirements = list(records), list(requirements)
    held, since = {str(r) for r in roles}, role_since or {}
    found = []
    for course_id in required_courses(requirements, held):
        status = course_status(course_id, records, on, warn_days)
        if status.state is TrainingState.MISSING:
            deadline = _grace_until(requirements, course_id, held, since)
            if deadline is not None and on < deadline:
                status = CourseStatus(course_id, TrainingState.DUE, expires_on=deadline)
        found.append(status)
    return found


def _grace_until(
    requirements: list[RequirementLike], course_id: int, roles: set[str], since: Mapping[str, date]
) -> date | None:
    """The latest date any of the person's roles allows for the course; None: needed now."""
    deadlines = []
    for req in requirements:
        if req.course_id != course_id or str(req.role) not in roles:
            continue
        months, started = getattr(req, "within_months", None), since.get(str(req.role))
        if not months or started is None:
            return None  # one role needs it at once (or since when is unknown)
        deadlines.append(add_months(started, months))
    return max(deadlines) if deadlines else None
