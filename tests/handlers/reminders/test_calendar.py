"""The school calendar: reminders land on school days, before holidays, outside quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, time

from handlers.reminders.calendar import SchoolCalendar
from tests.handlers.reminders.builders import CALENDAR, at, d


def test_weekends_bank_holidays_half_terms_and_inset_days_are_not_school_days() -> None:
    assert CALENDAR.is_school_day(d("2026-11-23"))  # a Monday in the autumn term
    assert not CALENDAR.is_school_day(d("2026-11-21"))  # Saturday
    assert not CALENDAR.is_school_day(d("2026-09-01"))  # INSET day
    assert CALENDAR.is_school_day(d("2026-09-03"))  # pupils back
    assert not CALENDAR.is_school_day(d("2026-10-28"))  # October half term
    assert not CALENDAR.is_school_day(d("2026-12-23"))  # Christmas holiday
    assert not CALENDAR.is_school_day(d("2027-05-03"))  # early May bank holiday, in term
    assert not CALENDAR.is_school_day(d("2026-08-12"))  # summer holiday


def test_bank_holidays_come_from_the_holidays_package_with_substitute_days() -> None:
    bare = SchoolCalendar()  # a school that never imported term dates
    assert not bare.is_school_day(d("2026-12-28"))  # Boxing Day (substitute: 26th is a Saturday)
    assert not bare.is_school_day(d("2027-03-26"))  # Good Friday
    assert bare.is_school_day(d("2026-12-29"))  # no term dates: any other weekday counts
    assert not bare.is_school_day(d("2026-12-26"))


def test_a_year_without_term_dates_falls_back_to_weekdays() -> None:
    assert CALENDAR.is_school_day(d("2028-01-12"))  # 2027-28 was never imported
    assert not CALENDAR.is_school_day(d("2028-01-15"))  # but Saturdays are still Saturdays


def test_a_deadline_inside_the_christmas_holiday_is_raised_on_the_last_school_day_before() -> None:
    assert CALENDAR.raise_on(d("2026-12-30")) == d("2026-12-18")
    assert CALENDAR.raise_on(d("2027-01-04")) == d("2026-12-18")  # INSET day back
    assert CALENDAR.raise_on(d("2026-10-28")) == d("2026-10-23")  # half term
    assert CALENDAR.raise_on(d("2026-11-24")) == d("2026-11-24")  # a school day stays


def test_counting_school_days_skips_holidays() -> None:
    assert CALENDAR.add_school_days(d("2026-10-22"), 2) == d("2026-11-02")  # over half term
    assert CALENDAR.next_school_day(d("2026-12-18")) == d("2027-01-05")
    assert CALENDAR.previous_school_day(d("2027-01-05")) == d("2026-12-18")
    assert CALENDAR.school_days_between(d("2026-12-18"), d("2027-01-06")) == 2


def test_quiet_hours_are_school_time_whatever_the_season() -> None:
    assert CALENDAR.is_quiet(at("2026-11-23", "07:29"))
    assert not CALENDAR.is_quiet(at("2026-11-23", "07:30"))
    assert not CALENDAR.is_quiet(at("2026-11-23", "17:59"))
    assert CALENDAR.is_quiet(at("2026-11-23", "18:00"))
    # 06:45 UTC in June is 07:45 in London (BST): not quiet.
    assert CALENDAR.may_deliver(datetime(2027, 6, 8, 6, 45, tzinfo=UTC))
    assert not CALENDAR.may_deliver(datetime(2026, 11, 23, 6, 45, tzinfo=UTC))
    assert not CALENDAR.may_deliver(at("2026-11-21", "12:00"))  # Saturday


def test_quiet_hours_may_be_a_daytime_span_or_none() -> None:
    lunch = SchoolCalendar(quiet_start=time(12, 0), quiet_end=time(13, 0))
    assert lunch.is_quiet(at("2026-11-23", "12:30")) and not lunch.is_quiet(
        at("2026-11-23", "19:00")
    )
    never = SchoolCalendar(quiet_start=time(0, 0), quiet_end=time(0, 0))
    assert not never.is_quiet(at("2026-11-23", "03:00"))


def test_the_next_delivery_time_is_the_next_school_morning() -> None:
    assert CALENDAR.next_delivery_time(at("2026-11-20", "19:00")) == at("2026-11-23", "07:30")
    assert CALENDAR.next_delivery_time(at("2026-11-23", "06:00")) == at("2026-11-23", "07:30")
    assert CALENDAR.next_delivery_time(at("2026-11-23", "09:00")) == at("2026-11-23", "09:00")


def test_the_last_school_day_of_a_week() -> None:
    assert CALENDAR.last_school_day_of_week(d("2026-11-18")) == d("2026-11-20")
    assert CALENDAR.last_school_day_of_week(d("2026-10-28")) is None  # half term
    assert CALENDAR.last_school_day_of_week(d("2027-03-24")) == d("2027-03-25")  # Good Friday
