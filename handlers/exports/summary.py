"""The governors' and head's summary, and the figures of the school's SEN information report.

Counts of pupils only, never names or UPNs, with small numbers withheld (suppression.py): a
governor's paper is read far beyond the SENDCO's office. One table per question:
- `sen_status`: pupils on roll by SEN provision (N, K, E), with the share of the roll;
- `primary_need`: pupils on the register by primary need type, SEN support and EHCP;
- `year_group`: pupils on the register by year group;
- `provision`: each intervention programme: pupils it has had, sessions, adult hours, cost;
- `trends_by_term`: concerns raised, pupils added to the register and sessions held, term by
  term (autumn Sep-Dec, spring Jan-Mar, summer Apr-Aug), the last six terms;
- `ehcp_timeliness`: EHCP annual reviews due in the last 12 months, held on time, late, or
  still not held, and the share of held reviews that were on time;
- `sen_information_report`: the figures a school publishes each year.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handlers.clock import school_date
from handlers.exports.suppression import NOTE, primary, share, suppress_parts
from handlers.exports.table import Cell, ExportReport, ExportTable
from handlers.pupils.labels import year_label
from storage.codes import NEED_TYPE_NAMES, AssessmentStatus, NeedType, ReviewKind, ReviewStatus
from storage.models import (
    AssessmentRequest,
    Concern,
    Intervention,
    InterventionMember,
    InterventionSession,
    Pupil,
    PupilNeed,
    RegisterChange,
    Review,
)

STATUS_LABELS = {"N": "No SEN", "K": "SEN support", "E": "EHC plan"}
TERMS_SHOWN = 6


def summary_report(session: Session, school_id: int, today: date) -> ExportReport:
    roll = _roll(session, school_id)
    return ExportReport(
        "summary",
        (
            _sen_status(roll),
            _primary_need(roll),
            _year_group(roll),
            _provision(session, school_id),
            _trends(session, school_id, today),
            _timeliness(session, school_id, today),
            _information_report(session, school_id, roll, today),
        ),
    )


# (SEN status, primary need, year group) of each pupil on roll.
Roll = list[tuple[str, str | None, int]]


def _roll(session: Session, school_id: int) -> Roll:
    rows = session.execute(
        select(Pupil.sen_status, PupilNeed.need_code, Pupil.year_group)
        .outerjoin(PupilNeed, (PupilNeed.pupil_id == Pupil.id) & (PupilNeed.rank == 1))
        .where(Pupil.school_id == school_id, Pupil.on_roll.is_(True))
    )
    return [(status, need, year) for status, need, year in rows]


def _sen_status(roll: Roll) -> ExportTable:
    counts = Counter(status for status, _, _ in roll)
    parts = [counts.get(code, 0) for code in STATUS_LABELS]
    total = len(roll)
    shown = suppress_parts(parts, total)
    rows: list[tuple[Cell, ...]] = [
        (code, label, value, share(value, primary(total)))
        for (code, label), value in zip(STATUS_LABELS.items(), shown, strict=True)
    ]
    rows.append(("all", "All pupils on roll", primary(total), 100.0 if primary(total) else None))
    return ExportTable("sen_status", ("code", "status", "pupils", "percent_of_roll"), rows, NOTE)


def _split_rows(keys: Iterable[str], by_key: dict[str, Counter[str]]) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    for key in keys:
        k, e = by_key[key].get("K", 0), by_key[key].get("E", 0)
        sen_support, ehcp = suppress_parts([k, e], k + e)
        rows.append((key, sen_support, ehcp, primary(k + e)))
    return rows


def _primary_need(roll: Roll) -> ExportTable:
    by_need: dict[str, Counter[str]] = defaultdict(Counter)
    for status, need, _ in roll:
        if status in ("K", "E"):
            by_need[need or "not recorded"][status] += 1
    order: list[str] = [n.value for n in NeedType if n.value in by_need]
    order += ["not recorded"] if "not recorded" in by_need else []
    names = {n.value: NEED_TYPE_NAMES.get(n, n.value) for n in NeedType}
    rows = [
        (row[0], names.get(str(row[0]), str(row[0])), *row[1:])
        for row in _split_rows(order, by_need)
    ]
    columns = ("need_code", "need", "sen_support", "ehcp", "total")
    return ExportTable("primary_need", columns, rows, NOTE)


def _year_group(roll: Roll) -> ExportTable:
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    years: dict[str, int] = {}
    for status, _, year in roll:
        label = year_label(year)
        years[label] = year
        if status in ("K", "E"):
            by_year[label][status] += 1
    order = sorted(years, key=years.__getitem__)
    columns = ("year_group", "sen_support", "ehcp", "total")
    return ExportTable("year_group", columns, _split_rows(order, by_year), NOTE)


def _provision(session: Session, school_id: int) -> ExportTable:
    pupils = dict(
        session.execute(
            select(Intervention.programme, func.count(func.distinct(InterventionMember.pupil_id)))
            .join(InterventionMember, InterventionMember.intervention_id == Intervention.id)
            .where(Intervention.school_id == school_id)
            .group_by(Intervention.programme)
        ).all()
    )
    sessions = session.execute(
        select(
            Intervention.programme,
            func.count(InterventionSession.id),
            func.coalesce(func.sum(InterventionSession.duration_minutes), 0),
            func.coalesce(func.sum(Intervention.cost_per_session_pence), 0),
        )
        .join(InterventionSession, InterventionSession.intervention_id == Intervention.id)
        .where(Intervention.school_id == school_id)
        .group_by(Intervention.programme)
    ).all()
    held = {programme: (n, minutes, pence) for programme, n, minutes, pence in sessions}
    rows: list[tuple[Cell, ...]] = []
    for programme in sorted(set(pupils) | set(held)):
        n, minutes, pence = held.get(programme, (0, 0, 0))
        rows.append(
            (programme, primary(pupils.get(programme, 0)), n, round(minutes / 60, 1),
             round(pence / 100, 2))
        )  # fmt: skip
    columns = ("programme", "pupils", "sessions", "adult_hours", "cost")
    return ExportTable("provision", columns, rows, NOTE)


def term_of(day: date) -> tuple[int, int, str]:
    """(academic year, term number, label): autumn Sep-Dec, spring Jan-Mar, summer Apr-Aug."""
    if day.month >= 9:
        return day.year, 1, f"Autumn {day.year}"
    if day.month <= 3:
        return day.year - 1, 2, f"Spring {day.year}"
    return day.year - 1, 3, f"Summer {day.year}"


def _recent_terms(today: date) -> list[tuple[int, int, str]]:
    terms: list[tuple[int, int, str]] = []
    day = today
    while len(terms) < TERMS_SHOWN:
        term = term_of(day)
        if term not in terms:
            terms.append(term)
        day -= timedelta(days=28)
    return sorted(terms)


def _trends(session: Session, school_id: int, today: date) -> ExportTable:
    terms = _recent_terms(today)
    raised_at = session.scalars(select(Concern.raised_at).where(Concern.school_id == school_id))
    concerns: Counter[tuple[int, int, str]] = Counter(term_of(school_date(r)) for r in raised_at)
    added: Counter[tuple[int, int, str]] = Counter(
        term_of(school_date(changed))
        for changed in session.scalars(
            select(RegisterChange.changed_at).where(
                RegisterChange.school_id == school_id,
                RegisterChange.to_status.in_(("K", "E")),
                or_(RegisterChange.from_status.is_(None), RegisterChange.from_status == "N"),
            )
        )
    )
    held: Counter[tuple[int, int, str]] = Counter(
        term_of(day)
        for day in session.scalars(
            select(InterventionSession.held_on)
            .join(Intervention, Intervention.id == InterventionSession.intervention_id)
            .where(Intervention.school_id == school_id)
        )
    )
    rows = [
        (label, primary(concerns[t]), primary(added[t]), held[t])
        for t in terms
        for label in (t[2],)
    ]
    columns = ("term", "concerns_raised", "pupils_added_to_register", "sessions_held")
    return ExportTable("trends_by_term", columns, rows, NOTE)


def _timeliness(session: Session, school_id: int, today: date) -> ExportTable:
    since = today - timedelta(days=365)
    reviews = session.execute(
        select(Review.due_on, Review.held_on, Review.status).where(
            Review.school_id == school_id,
            Review.kind == ReviewKind.EHCP_ANNUAL.value,
            Review.status != ReviewStatus.CANCELLED.value,
            Review.due_on > since,
            Review.due_on <= today,
        )
    ).all()
    on_time = sum(1 for due, held, _ in reviews if held is not None and held <= due)
    late = sum(1 for due, held, _ in reviews if held is not None and held > due)
    not_held = sum(1 for _, held, _ in reviews if held is None)
    total = len(reviews)
    shown = suppress_parts([on_time, late, not_held], total)
    held_total = primary(on_time + late)
    row: tuple[Cell, ...] = (
        f"{since + timedelta(days=1)} to {today}",
        primary(total),
        *shown,
        share(shown[0], held_total),
    )
    columns = ("period", "reviews_due", "held_on_time", "held_late", "not_yet_held",
               "percent_on_time")  # fmt: skip
    note = NOTE + " percent_on_time is the share of held reviews held by their due date."
    return ExportTable("ehcp_timeliness", columns, [row], note)


def _information_report(session: Session, school_id: int, roll: Roll, today: date) -> ExportTable:
    year_start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    total = len(roll)
    k = sum(1 for status, _, _ in roll if status == "K")
    e = sum(1 for status, _, _ in roll if status == "E")
    requests = (
        session.scalar(
            select(func.count(AssessmentRequest.id)).where(
                AssessmentRequest.school_id == school_id,
                AssessmentRequest.requested_on >= year_start,
            )
        )
        or 0
    )
    issued = (
        session.scalar(
            select(func.count(AssessmentRequest.id)).where(
                AssessmentRequest.school_id == school_id,
                AssessmentRequest.status == AssessmentStatus.PLAN_ISSUED.value,
                AssessmentRequest.plan_issued_on >= year_start,
            )
        )
        or 0
    )
    in_groups = (
        session.scalar(
            select(func.count(func.distinct(InterventionMember.pupil_id)))
            .join(Intervention, Intervention.id == InterventionMember.intervention_id)
            .join(Pupil, Pupil.id == InterventionMember.pupil_id)
            .where(Intervention.school_id == school_id, Pupil.on_roll.is_(True))
        )
        or 0
    )
    programmes = (
        session.scalar(
            select(func.count(func.distinct(Intervention.programme))).where(
                Intervention.school_id == school_id, Intervention.status == "active"
            )
        )
        or 0
    )
    sen, sen_support, ehcp = primary(k + e), *suppress_parts([k, e], k + e)
    rows: list[tuple[Cell, ...]] = [
        ("Pupils on roll", primary(total), None),
        ("Pupils with SEN (SEN support or EHC plan)", sen, share(sen, primary(total))),
        ("Pupils at SEN support", sen_support, share(sen_support, primary(total))),
        ("Pupils with an EHC plan", ehcp, share(ehcp, primary(total))),
        (f"Requests for an EHC needs assessment since {year_start}", primary(requests), None),
        (f"EHC plans issued since {year_start}", primary(issued), None),
        ("Pupils on roll in an intervention group", primary(in_groups), share(
            primary(in_groups), primary(total))),
        ("Intervention programmes running", programmes, None),
    ]  # fmt: skip
    return ExportTable("sen_information_report", ("figure", "value", "percent_of_roll"), rows,
                       NOTE)  # fmt: skip
