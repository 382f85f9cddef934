"""The provision map (SEND Code of Practice 6.76): every intervention place side by side with
its attendance, adult time, cost and entry/exit data, so impact per pound and per hour of
adult time can be read off; and the provision written into each pupil's EHC plan. One row per
pupil per intervention or per EHCP provision; pupils by UPN, with their SEN status and primary
need. A pupil who attended fewer than `min_sessions` sessions is marked as too few to judge,
so their gain is never read as the intervention's."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handlers import impact
from handlers.exports.lookups import staff_emails
from handlers.exports.table import Cell, ExportTable
from handlers.interventions.impact_report import figures_for
from storage.codes import PlanKind, PlanStatus
from storage.models import (
    Intervention,
    InterventionMember,
    Plan,
    PlanTarget,
    Pupil,
    PupilNeed,
)

PROVISION_MAP_COLUMNS = (
    "source",  # intervention | ehcp
    "intervention_reference",
    "intervention",
    "programme",
    "area_of_need",
    "lead",
    "status",
    "start_on",
    "end_on",
    "planned_sessions",
    "sessions_held",
    "adult_hours",
    "cost_per_session",
    "cost_total",
    "cost_per_pupil",
    "upn",
    "joined_on",
    "left_on",
    "sessions_attended",
    "sessions_recorded",
    "attendance_rate",
    "measure",
    "entry_score",
    "entry_on",
    "exit_score",
    "exit_on",
    "ratio_gain",
    "ratio_gain_band",
    "score_change",
    "effect_size",
    "effect_band",
    "impact",
    "counts_for_impact",  # no: too few sessions attended to judge
    "sen_status",
    "primary_need",
)
DEFAULT_MIN_SESSIONS = 6


def _money(pence: int | None) -> float | None:
    return None if pence is None else round(pence / 100, 2)


def provision_map_table(
    session: Session, school_id: int, *, min_sessions: int = DEFAULT_MIN_SESSIONS
) -> ExportTable:
    interventions = session.scalars(
        select(Intervention)
        .where(Intervention.school_id == school_id)
        .order_by(Intervention.start_on, Intervention.name)
    ).all()
    emails = staff_emails(session, school_id)
    census = _census(session, school_id)
    rows: list[tuple[Cell, ...]] = []
    for figures in figures_for(session, list(interventions)):
        group, cost = figures.group, figures.cost
        shared: tuple[Cell, ...] = (
            "intervention",
            group.reference,
            group.name,
            group.programme,
            group.area,
            emails.get(group.lead_id) if group.lead_id else None,
            group.status,
            group.start_on,
            group.end_on,
            group.planned_sessions,
            cost.sessions,
            round(cost.adult_minutes / 60, 2),
            _money(cost.cost_per_session_pence),
            _money(cost.total_pence),
            _money(cost.per_pupil_pence),
        )
        for row in figures.members:
            member, result = row.member, row.impact
            gain, change = result.ratio_gain, result.score_change
            counts = result.attendance.present >= min_sessions
            judged = (
                impact.describe(result)
                if counts
                else (
                    f"too few sessions to judge ({result.attendance.present} attended; "
                    f"{min_sessions} needed)"
                )
            )
            rows.append(
                (
                    *shared,
                    member.upn,
                    member.joined_on,
                    member.left_on,
                    result.attendance.present,
                    result.attendance.recorded,
                    None if result.attendance.rate is None else round(result.attendance.rate, 3),
                    str(result.measure),
                    member.entry_score,
                    member.entry_on,
                    member.exit_score,
                    member.exit_on,
                    gain.value if gain else None,
                    gain.band.value if gain and gain.band else None,
                    change.change if change else None,
                    change.effect_size if change else None,
                    change.band.value if change and change.band else None,
                    judged,
                    "yes" if counts else "no",
                    *census.get(member.upn, (None, None)),
                )
            )
    rows += _ehcp_provision(session, school_id, census)
    return ExportTable(kind="provision-map", columns=PROVISION_MAP_COLUMNS, rows=rows)


def _census(session: Session, school_id: int) -> dict[str, tuple[str, str | None]]:
    """UPN -> (SEN status, primary need) for the pupils on the map: in a group, or with an
    EHC plan (not the whole roll: a trust-sized school has 30,000)."""
    in_groups = (
        select(InterventionMember.pupil_id)
        .join(Intervention, Intervention.id == InterventionMember.intervention_id)
        .where(Intervention.school_id == school_id)
    )
    with_plans = select(Plan.pupil_id).where(Plan.school_id == school_id)
    rows = session.execute(
        select(Pupil.upn, Pupil.sen_status, PupilNeed.need_code)
        .outerjoin(PupilNeed, (PupilNeed.pupil_id == Pupil.id) & (PupilNeed.rank == 1))
        .where(
            Pupil.school_id == school_id,
            or_(Pupil.id.in_(in_groups), Pupil.id.in_(with_plans)),
        )
    )
    return {upn: (status, need) for upn, status, need in rows}


def _ehcp_provision(
    session: Session, school_id: int, census: dict[str, tuple[str, str | None]]
) -> list[tuple[Cell, ...]]:
    """One row per provision written into an active EHC plan (outcome and provision)."""
    found = session.execute(
        select(Plan.id, Plan.started_on, Pupil.upn, PlanTarget.outcome, PlanTarget.provision)
        .join(PlanTarget, PlanTarget.plan_id == Plan.id)
        .join(Pupil, Pupil.id == Plan.pupil_id)
        .where(
            Plan.school_id == school_id,
            Plan.kind == PlanKind.EHCP.value,
            Plan.status == PlanStatus.ACTIVE.value,
            PlanTarget.provision != "",
        )
        .order_by(Pupil.upn, PlanTarget.id)
    )
    width = len(PROVISION_MAP_COLUMNS)
    rows: list[tuple[Cell, ...]] = []
    for plan_id, started_on, upn, outcome, provision in found:
        row: list[Cell] = [None] * width
        values: dict[str, Cell] = {
            "source": "ehcp",
            "intervention_reference": f"P-{plan_id:05d}",
            "intervention": provision,
            "programme": outcome,
            "start_on": started_on,
            "upn": upn,
            "sen_status": census.get(upn, (None, None))[0],
            "primary_need": census.get(upn, (None, None))[1],
        }
        for name, value in values.items():
            row[PROVISION_MAP_COLUMNS.index(name)] = value
        rows.append(tuple(row))
    return rows
