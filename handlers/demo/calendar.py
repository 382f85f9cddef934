"""A plausible English school year (term dates, half terms, INSET days) and school days.

Pure functions of the date: the demo stores the current year's periods as CalendarPeriod rows
and uses the same periods to place its history of sessions on days the school was open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from storage.codes import CalendarKind

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Period:
    kind: CalendarKind
    name: str
    starts_on: date
    ends_on: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.starts_on <= day <= self.ends_on


def school_year_start(today: date) -> int:
    """The calendar year in which the school year holding `today` began (1 September)."""
    return today.year if today.month >= 9 else today.year - 1


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _week(monday: date, kind: CalendarKind, name: str) -> Period:
    return Period(kind, name, monday, monday + timedelta(days=4))


@cache
def school_year(start_year: int) -> tuple[Period, ...]:
    """Terms, half-term closures and two INSET days for the school year from `start_year`."""
    mon, wed, thu, fri = 0, 2, 3, 4
    autumn_start = _on_or_after(date(start_year, 9, 1), wed)
    autumn_end = _on_or_before(date(start_year, 12, 20), fri)
    october_half_term = _on_or_before(date(start_year, 10, 27), mon)
    spring_start = _on_or_after(date(start_year + 1, 1, 3), mon)
    february_half_term = _on_or_after(date(start_year + 1, 2, 1), mon) + timedelta(weeks=2)
    easter = easter_sunday(start_year + 1)
    spring_end = _on_or_before(easter - timedelta(days=3), thu)  # the day before Good Friday
    summer_start = easter + timedelta(days=15)  # two weeks after Easter Monday
    may_half_term = _on_or_before(date(start_year + 1, 5, 31), mon)  # spring bank holiday week
    july_21 = date(start_year + 1, 7, 21)
    summer_end = july_21 if july_21.weekday() < 5 else _on_or_before(july_21, fri)
    y = f"{start_year}-{(start_year + 1) % 100:02d}"
    return (
        Period(CalendarKind.TERM, f"Autumn term {y}", autumn_start, autumn_end),
        Period(CalendarKind.INSET, "INSET day", autumn_start, autumn_start),
        _week(october_half_term, CalendarKind.CLOSURE, "October half term"),
        Period(CalendarKind.TERM, f"Spring term {y}", spring_start, spring_end),
        Period(CalendarKind.INSET, "INSET day", spring_start, spring_start),
        _week(february_half_term, CalendarKind.CLOSURE, "February half term"),
        Period(CalendarKind.TERM, f"Summer term {y}", summer_start, summer_end),
        _week(may_half_term, CalendarKind.CLOSURE, "May half term"),
    )


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_school_day(day: date) -> bool:
    """Pupils are in: a weekday in term, not a half term, INSET day or bank holiday."""
    if day.weekday() >= 5 or day in _bank_holidays(day.year):
        return False
    periods = school_year(school_year_start(day))
    in_term = any(p.kind is CalendarKind.TERM and day in p for p in periods)
    return in_term and not any(p.kind is not CalendarKind.TERM and day in p for p in periods)


def school_days_before(today: date, count: int) -> list[date]:
    """The `count` school days before `today`, oldest first."""
    days: list[date] = []
    day = today - timedelta(days=1)
    while len(days) < count:
        if is_school_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clipped to the end of a shorter month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def weekday_before(day: date) -> date:
    """The last weekday strictly before `day`."""
    day -= timedelta(days=1)
    return day if day.weekday() < 5 else _on_or_before(day, 4)


def next_weekday(day: date) -> date:
    """`day`, or the Monday after it when it falls at a weekend."""
    return _on_or_after(day, 0) if day.weekday() >= 5 else day


def london(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware datetime on `day` at a London wall-clock time (the school's day)."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)
