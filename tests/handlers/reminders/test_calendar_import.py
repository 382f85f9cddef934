"""Importing term dates: all rows or none; a new file replaces only the years it covers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.calendar_import import CalendarImportResult, import_calendar
from handlers.imports import ImportFileError, parse_csv
from handlers.reminders import load_calendar
from handlers.schools import get_or_create_school
from storage.models import CalendarPeriod, School
from tests.handlers.reminders.builders import CALENDAR, TERM_DATES_CSV


@pytest.fixture
def school(session: Session) -> School:
    found = get_or_create_school(session, name="Hazel Primary (fictional)")
    session.commit()
    return found


def run(session: Session, school: School, text: str) -> CalendarImportResult:
    result = import_calendar(session, school=school, source=parse_csv(text.encode(), name="t.csv"))
    session.commit()
    return result


def periods(session: Session) -> list[tuple[str, date, date]]:
    rows = session.execute(
        select(CalendarPeriod.kind, CalendarPeriod.starts_on, CalendarPeriod.ends_on).order_by(
            CalendarPeriod.starts_on, CalendarPeriod.kind
        )
    )
    return [(kind, starts, ends) for kind, starts, ends in rows]


def test_a_term_dates_file_becomes_the_school_calendar(session: Session, school: School) -> None:
    result = run(session, school, TERM_DATES_CSV)
    assert result.written
    assert result.summary() == (
        "Imported the school calendar for 2025-26, 2026-27: 6 terms, 4 INSET periods, "
        "6 closures (replacing 0 periods held before)."
    )
    loaded = load_calendar(session, school_id=school.id)
    for day in ("2026-09-01", "2026-09-03", "2026-10-28", "2026-12-23", "2027-05-03"):
        when = date.fromisoformat(day)
        assert loaded.is_school_day(when) == CALENDAR.is_school_day(when), day


def test_a_file_with_any_problem_writes_nothing(session: Session, school: School) -> None:
    bad = (
        "kind,name,starts_on,ends_on\n"
        "term,Autumn,2026-09-01,2026-12-18\n"
        "holiday,Christmas,2026-12-19,2027-01-03\n"
        "term,Spring,2026-12-01,2027-03-25\n"
        "closure,Half term,2026-10-30,2026-10-26\n"
        "inset,INSET,01/09/2026,2026-09-01\n"
        "term,Autumn again,2026-09-01,2026-12-18\n"
    )
    result = run(session, school, bad)
    assert not result.written
    described = [e.describe() for e in result.errors]
    assert described == [
        "line 3, kind: 'holiday' is not one of term, inset, closure",
        "line 4, starts_on: overlaps the term on line 2",
        "line 5, ends_on: is before starts_on",
        "line 6, starts_on: '01/09/2026' is not a date in YYYY-MM-DD form — if that is "
        "day/month/year, write 2026-09-01",
        "line 7, starts_on: repeats the term on line 2",
    ]
    assert periods(session) == []


def test_next_years_dates_leave_this_years_alone_and_a_correction_replaces_them(
    session: Session, school: School
) -> None:
    run(session, school, TERM_DATES_CSV)
    corrected = "kind,name,starts_on,ends_on\nterm,Autumn 2026,2026-09-02,2026-12-17\n"
    result = run(session, school, corrected)
    assert result.replaced == 9  # every 2026-27 period
    kept = periods(session)
    assert ("term", date(2026, 9, 2), date(2026, 12, 17)) in kept
    assert ("term", date(2025, 9, 1), date(2025, 12, 19)) in kept  # 2025-26 untouched
    assert not [p for p in kept if p[1] >= date(2027, 1, 1)]


def test_missing_columns_refuse_the_whole_file(session: Session, school: School) -> None:
    with pytest.raises(ImportFileError, match="starts_on"):
        run(session, school, "kind,name,from,to\nterm,A,2026-09-01,2026-12-18\n")
