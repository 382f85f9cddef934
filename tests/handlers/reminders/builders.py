"""Hand-built facts and a real-looking school calendar for the rule tests. All fictional.

The calendar is a typical English school's 2025-26 and 2026-27 (terms, half terms, INSET
days); bank holidays come from the `holidays` package, as in production.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from handlers.reminders.calendar import Period, SchoolCalendar
from handlers.reminders.model import (
    MilestoneFacts,
    Person,
    PlanFacts,
    PupilFacts,
    ReviewFacts,
    SchoolFacts,
)
from handlers.reminders.rules import RuleContext
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from storage.codes import CalendarKind

LONDON = ZoneInfo("Europe/London")
TERM, INSET, CLOSED = CalendarKind.TERM, CalendarKind.INSET, CalendarKind.CLOSURE

# kind, name, starts_on, ends_on: the rows a school would import (see TERM_DATES_CSV).
TERM_DATES: tuple[tuple[CalendarKind, str, str, str], ...] = (
    (TERM, "Autumn 2025", "2025-09-01", "2025-12-19"),
    (INSET, "INSET", "2025-09-01", "2025-09-02"),
    (CLOSED, "October half term", "2025-10-27", "2025-10-31"),
    (TERM, "Spring 2026", "2026-01-05", "2026-03-27"),
    (CLOSED, "February half term", "2026-02-16", "2026-02-20"),
    (TERM, "Summer 2026", "2026-04-13", "2026-07-21"),
    (CLOSED, "May half term", "2026-05-25", "2026-05-29"),
    (TERM, "Autumn 2026", "2026-09-01", "2026-12-18"),
    (INSET, "INSET", "2026-09-01", "2026-09-02"),
    (CLOSED, "October half term", "2026-10-26", "2026-10-30"),
    (TERM, "Spring 2027", "2027-01-04", "2027-03-25"),
    (INSET, "INSET", "2027-01-04", "2027-01-04"),
    (CLOSED, "February half term", "2027-02-15", "2027-02-19"),
    (TERM, "Summer 2027", "2027-04-12", "2027-07-21"),
    (CLOSED, "May half term", "2027-05-31", "2027-06-04"),
    (INSET, "INSET", "2027-06-07", "2027-06-07"),
)
TERM_DATES_CSV = "kind,name,starts_on,ends_on\n" + "".join(
    f"{kind.value},{name},{starts},{ends}\n" for kind, name, starts, ends in TERM_DATES
)

CALENDAR = SchoolCalendar(
    periods=tuple(
        Period(kind, date.fromisoformat(s), date.fromisoformat(e), name)
        for kind, name, s, e in TERM_DATES
    )
)


def at(day: str, clock: str = "08:00") -> datetime:
    """An aware instant at a London wall-clock time."""
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=LONDON)


def ctx(
    day: str, clock: str = "08:00", settings: ReminderSettings = DEFAULT_SETTINGS
) -> RuleContext:
    return RuleContext(now=at(day, clock).astimezone(UTC), settings=settings, calendar=CALENDAR)


SENDCO = Person(1, "sendco@school.example", "Sam Sendco", frozenset({"sendco", "teacher"}))
TEACHER_6A = Person(2, "teacher.6a@school.example", "Tia Teacher", frozenset({"teacher"}),
                    frozenset({"6A"}))  # fmt: skip
TA = Person(3, "ta@school.example", "Tom Assistant", frozenset({"ta"}))
STAFF = {p.id: p for p in (SENDCO, TEACHER_6A, TA)}


def pupil(
    pupil_id: int = 10,
    *,
    year_group: int = 6,
    born: str = "2015-01-15",
    looked_after: bool = False,
    class_name: str = "6A",
) -> PupilFacts:
    return PupilFacts(
        id=pupil_id,
        upn=f"A2010001260{pupil_id:02d}",
        name=f"Pupil{pupil_id} Example",
        year_group=year_group,
        date_of_birth=date.fromisoformat(born),
        class_name=class_name,
        looked_after=looked_after,
    )


def plan(
    kind: str,
    *,
    started: str,
    who: PupilFacts | None = None,
    plan_id: int = 100,
    last_reviewed: str | None = None,
    review_due: str | None = None,
    reviews: tuple[ReviewFacts, ...] = (),
) -> PlanFacts:
    return PlanFacts(
        id=plan_id,
        pupil=who or pupil(),
        kind=kind,
        started_on=date.fromisoformat(started),
        review_due_on=date.fromisoformat(review_due) if review_due else None,
        last_reviewed_on=date.fromisoformat(last_reviewed) if last_reviewed else None,
        reviews=reviews,
    )


def review(
    kind: str = "ehcp_annual",
    *,
    due: str,
    review_id: int = 500,
    meeting: str | None = None,
    held: str | None = None,
    steps: tuple[MilestoneFacts, ...] = (),
) -> ReviewFacts:
    return ReviewFacts(
        id=review_id,
        kind=kind,
        status="held" if held else "scheduled",
        due_on=date.fromisoformat(due),
        meeting_on=date.fromisoformat(meeting) if meeting else None,
        held_on=date.fromisoformat(held) if held else None,
        milestones=steps,
    )


def school(**parts: Any) -> SchoolFacts:
    """A school with a SENDCO, the Year 6 class teacher and a TA, plus `parts`."""
    return replace(SchoolFacts(school_id=1, staff=dict(STAFF)), **parts)


def d(text: str) -> date:
    return date.fromisoformat(text)
