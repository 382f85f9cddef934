"""`calendar import FILE`: a school's term dates, INSET days and closures from a CSV file.

Columns `kind,name,starts_on,ends_on` (header row; `kind` is term, inset or closure; ISO
dates; `name` may be empty). Every row is checked first: with any problem nothing is written.
A good file replaces the school's periods in each school year (September to August) it
covers, so importing next year's dates leaves this year's alone, and importing a corrected
file for this year replaces this year's. Weekends and bank holidays need no rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from handlers import audit
from handlers.imports.csv_source import CsvSource, SourceRow, check_columns, overflow_problem
from handlers.imports.fields import bounded_text, iso_date
from handlers.imports.result import ImportWarning, RowError
from handlers.reminders.calendar import Period
from handlers.statutory import academic_year_start
from storage.codes import AuditAction, CalendarKind
from storage.models import CalendarPeriod, School

REQUIRED_COLUMNS = ("kind", "starts_on", "ends_on")
OPTIONAL_COLUMNS = ("name",)
KINDS = ", ".join(k.value for k in CalendarKind)
LONGEST_DAYS = 200  # a term is at most about 16 weeks; a typo in the year is caught here


@dataclass
class CalendarImportResult:
    file_name: str
    rows: int = 0
    periods: list[Period] = field(default_factory=list)
    school_years: list[int] = field(default_factory=list)  # e.g. [2026] for 2026-27
    replaced: int = 0  # periods of those years there before
    errors: list[RowError] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    written: bool = False

    def summary(self) -> str:
        years = ", ".join(f"{y}-{(y + 1) % 100:02d}" for y in self.school_years)
        counts = {kind: sum(p.kind == kind for p in self.periods) for kind in CalendarKind}
        return (
            f"Imported the school calendar for {years}: {counts[CalendarKind.TERM]} terms, "
            f"{counts[CalendarKind.INSET]} INSET periods, {counts[CalendarKind.CLOSURE]} "
            f"closures (replacing {self.replaced} periods held before)."
        )


def _period(row: SourceRow) -> tuple[Period | None, list[RowError]]:
    errors: list[RowError] = []
    values = row.values
    kind_text = values.get("kind", "").lower()
    kind = CalendarKind(kind_text) if kind_text in set(CalendarKind) else None
    if kind is None:
        errors.append(RowError(row.line, "kind", f"'{kind_text}' is not one of {KINDS}"))
    dates: dict[str, date] = {}
    for column in ("starts_on", "ends_on"):
        try:
            dates[column] = iso_date(values.get(column, ""))
        except ValueError as problem:
            errors.append(RowError(row.line, column, str(problem)))
    try:
        name = bounded_text(values.get("name", ""), what="name", max_length=100, required=False)
    except ValueError as problem:
        errors.append(RowError(row.line, "name", str(problem)))
    if len(dates) == 2:
        starts, ends = dates["starts_on"], dates["ends_on"]
        if ends < starts:
            errors.append(RowError(row.line, "ends_on", "is before starts_on"))
        elif (ends - starts).days > LONGEST_DAYS:
            errors.append(
                RowError(row.line, "ends_on", f"is more than {LONGEST_DAYS} days after starts_on")
            )
    if errors or kind is None:
        return None, errors
    return Period(kind, dates["starts_on"], dates["ends_on"], name), []


def check_periods(source: CsvSource) -> tuple[list[Period], list[RowError]]:
    """Every row checked, then the rows against each other (no two terms may overlap)."""
    periods: list[tuple[int, Period]] = []
    errors: list[RowError] = []
    for row in source.rows:
        overflow = overflow_problem(row, source)
        if overflow:
            errors.append(RowError(row.line, "", overflow))
            continue
        period, problems = _period(row)
        errors += problems
        if period is not None:
            periods.append((row.line, period))
    seen: dict[tuple[CalendarKind, date], int] = {}
    repeats: set[int] = set()
    for line, period in periods:
        first = seen.setdefault((period.kind, period.starts_on), line)
        if first != line:
            repeats.add(line)
            errors.append(RowError(line, "starts_on", f"repeats the {period.kind} on line {first}"))
    terms = sorted(
        (p.starts_on, p.ends_on, line)
        for line, p in periods
        if p.kind == CalendarKind.TERM and line not in repeats
    )
    for (_, ends, first), (starts, _, line) in pairwise(terms):
        if starts <= ends:
            errors.append(RowError(line, "starts_on", f"overlaps the term on line {first}"))
    return [p for _, p in periods], sorted(errors, key=lambda e: e.line)


def import_calendar(
    session: Session, *, school: School, source: CsvSource, actor_id: int | None = None
) -> CalendarImportResult:
    """Check `source`, then replace the school's periods in the school years it covers.

    Raises ImportFileError (before any write) when required columns are missing. The caller
    owns the transaction.
    """
    result = CalendarImportResult(file_name=source.name, rows=len(source.rows))
    result.warnings += check_columns(source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    result.periods, result.errors = check_periods(source)
    if not result.periods and not result.errors:
        result.errors.append(RowError(source.header_line, "", "the file has no periods in it"))
    if result.errors:
        return result
    years = sorted({academic_year_start(p.starts_on) for p in result.periods})
    covered = or_(
        *(CalendarPeriod.starts_on.between(date(y, 9, 1), date(y + 1, 8, 31)) for y in years)
    )
    removed = session.execute(
        delete(CalendarPeriod).where(CalendarPeriod.school_id == school.id, covered)
    )
    result.replaced = int(getattr(removed, "rowcount", 0) or 0)
    session.add_all(
        CalendarPeriod(
            school_id=school.id, kind=p.kind.value, name=p.name, starts_on=p.starts_on,
            ends_on=p.ends_on,
        )
        for p in result.periods
    )  # fmt: skip
    result.school_years = years
    audit.record(
        session,
        action=AuditAction.IMPORT,
        entity="calendar",
        school_id=school.id,
        actor_id=actor_id,
        detail={"file": source.name, "periods": len(result.periods), "replaced": result.replaced},
    )
    session.flush()
    result.written = True
    return result
