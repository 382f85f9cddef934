"""The provision map (SEND Code of Practice 6.76): every intervention place side by side with
its attendance, adult time, cost and entry/exit data, so impact per pound and per hour of
adult time can be read off. One row per pupil per intervention; pupils by UPN."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import impact
from handlers.exports.table import Cell, ExportTable
from handlers.interventions.impact_report import intervention_figures
from storage.models import Intervention, Staff

PROVISION_MAP_COLUMNS = (
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
)


def _money(pence: int | None) -> float | None:
    return None if pence is None else round(pence / 100, 2)


def provision_map_table(session: Session, school_id: int) -> ExportTable:
    interventions = session.scalars(
        select(Intervention)
        .where(Intervention.school_id == school_id)
        .order_by(Intervention.start_on, Intervention.name)
    ).all()
    staff = session.execute(select(Staff.id, Staff.email).where(Staff.school_id == school_id))
    emails = {staff_id: email for staff_id, email in staff}
    rows: list[tuple[Cell, ...]] = []
    for intervention in interventions:
        figures = intervention_figures(session, intervention)
        group, cost = figures.group, figures.cost
        shared: tuple[Cell, ...] = (
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
                    impact.describe(result),
                )
            )
    return ExportTable(kind="provision-map", columns=PROVISION_MAP_COLUMNS, rows=rows)
