"""The school's calendar date and wall-clock time of an instant.

Handlers are given `now` (an aware UTC datetime) and derive the school date here, so tests
can set the clock and nothing reads the system time behind their back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SCHOOL_TIMEZONE = "Europe/London"


def school_today(now: datetime, timezone: str = SCHOOL_TIMEZONE) -> date:
    """The school's calendar date at the aware instant `now`."""
    if now.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware datetime")
    return now.astimezone(ZoneInfo(timezone)).date()


def school_date(moment: datetime, timezone: str = SCHOOL_TIMEZONE) -> date:
    """The school's calendar date of a stored instant (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(timezone)).date()


def school_time(now: datetime, timezone: str = SCHOOL_TIMEZONE) -> str:
    """`now` as a wall-clock time a person reads, e.g. "09:05 on 2026-10-05"."""
    local = now.astimezone(ZoneInfo(timezone))
    return f"{local:%H:%M} on {local:%Y-%m-%d}"
