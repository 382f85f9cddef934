"""The school's calendar: which days pupils are in, and when a reminder may reach someone.

Term dates, INSET days and closures come from the school's `CalendarPeriod` rows; weekends and
bank holidays (England, from the `holidays` package) are computed. In a school year (September
to August) that has term dates, a school day is a weekday inside a term and outside any INSET
day, closure or bank holiday; in a year without term dates every weekday that is not a bank
holiday counts, so a school that never imported its term dates still gets its reminders.

A reminder is raised on the last school day on or before the date it aims at: a deadline that
falls in a holiday is raised before the holiday starts, never after it ends. Quiet hours hold
deliveries back in the evening and early morning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.statutory import academic_year_start
from storage.codes import CalendarKind
from storage.models import CalendarPeriod, School

DEFAULT_TIMEZONE = "Europe/London"
# Far enough to cross the longest holiday; a calendar with no school day at all stops here.
SEARCH_LIMIT = timedelta(days=400)


@dataclass(frozen=True)
class Period:
    kind: CalendarKind
    starts_on: date
    ends_on: date
    name: str = ""

    def holds(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in `year` (substitute days included)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


@dataclass(frozen=True)
class SchoolCalendar:
    periods: tuple[Period, ...] = ()
    quiet_start: time = time(18, 0)
    quiet_end: time = time(7, 30)
    timezone: str = DEFAULT_TIMEZONE
    _term_years: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        years = {
            academic_year_start(p.starts_on) for p in self.periods if p.kind == CalendarKind.TERM
        }
        object.__setattr__(self, "_term_years", frozenset(years))

    # --- days ----------------------------------------------------------------------------

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or day in bank_holidays(day.year):
            return False
        if any(p.kind != CalendarKind.TERM and p.holds(day) for p in self.periods):
            return False
        if academic_year_start(day) not in self._term_years:
            return True
        return any(p.kind == CalendarKind.TERM and p.holds(day) for p in self.periods)

    def on_or_before(self, day: date) -> date:
        """`day` if pupils are in, else the last school day before it."""
        limit = day - SEARCH_LIMIT
        while not self.is_school_day(day):
            day -= timedelta(days=1)
            if day < limit:
                raise ValueError("no school day in the calendar before that date")
        return day

    def on_or_after(self, day: date) -> date:
        limit = day + SEARCH_LIMIT
        while not self.is_school_day(day):
            day += timedelta(days=1)
            if day > limit:
                raise ValueError("no school day in the calendar after that date")
        return day

    def previous_school_day(self, day: date) -> date:
        return self.on_or_before(day - timedelta(days=1))

    def next_school_day(self, day: date) -> date:
        return self.on_or_after(day + timedelta(days=1))

    def add_school_days(self, day: date, count: int) -> date:
        """The `count`-th school day after `day` (`day` itself when count is 0)."""
        for _ in range(count):
            day = self.next_school_day(day)
        return day

    def raise_on(self, target: date, lead: timedelta = timedelta(0)) -> date:
        """The school day a reminder `lead` ahead of `target` is raised: on or before it."""
        return self.on_or_before(target - lead)

    def last_school_day_of_week(self, day: date) -> date | None:
        """The last school day of the Monday-to-Sunday week holding `day`, if it has one."""
        monday = day - timedelta(days=day.weekday())
        days = [monday + timedelta(days=i) for i in range(7)]
        school = [d for d in days if self.is_school_day(d)]
        return school[-1] if school else None

    def school_days_between(self, start: date, end: date) -> int:
        """School days after `start` up to and including `end`."""
        count, day = 0, start + timedelta(days=1)
        while day <= end:
            count += self.is_school_day(day)
            day += timedelta(days=1)
        return count

    # --- hours ---------------------------------------------------------------------------

    def local(self, now: datetime) -> datetime:
        if now.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware datetime")
        return now.astimezone(ZoneInfo(self.timezone))

    def is_quiet(self, now: datetime) -> bool:
        clock = self.local(now).time()
        if self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start > self.quiet_end:  # overnight, e.g. 18:00 to 07:30
            return clock >= self.quiet_start or clock < self.quiet_end
        return self.quiet_start <= clock < self.quiet_end

    def may_deliver(self, now: datetime) -> bool:
        """A reminder may reach someone now: a school day, outside quiet hours."""
        return self.is_school_day(self.local(now).date()) and not self.is_quiet(now)

    def at(self, day: date, clock: time) -> datetime:
        """An aware instant: `clock` on `day` at the school."""
        return datetime.combine(day, clock, tzinfo=ZoneInfo(self.timezone))

    def next_delivery_time(self, now: datetime) -> datetime:
        """The first instant from `now` on when a reminder may be delivered."""
        if self.may_deliver(now):
            return now
        local = self.local(now)
        day = local.date()
        if self.is_school_day(day) and local.time() < self.quiet_end:
            return self.at(day, self.quiet_end)
        return self.at(self.next_school_day(day), self.quiet_end)


def periods_from(rows: Iterable[CalendarPeriod]) -> tuple[Period, ...]:
    return tuple(
        Period(CalendarKind(r.kind), r.starts_on, r.ends_on, r.name)
        for r in sorted(rows, key=lambda r: (r.starts_on, r.kind))
    )


def load_calendar(
    session: Session,
    *,
    school_id: int,
    quiet_start: time = time(18, 0),
    quiet_end: time = time(7, 30),
) -> SchoolCalendar:
    """The school's calendar from its term dates and its timezone."""
    rows = session.scalars(select(CalendarPeriod).where(CalendarPeriod.school_id == school_id))
    timezone = session.scalar(select(School.timezone).where(School.id == school_id))
    return SchoolCalendar(
        periods=periods_from(rows),
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        timezone=timezone or DEFAULT_TIMEZONE,
    )
