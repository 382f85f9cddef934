"""The impact export: one row per pupil per intervention group, with the group's figures
beside each row, and the cohort summary the chart shows.

Columns (`IMPACT_COLUMNS`) follow issue 15's contract: `upn`, `group`, `entry_score`,
`exit_score`, `entry_on`, `exit_on`, `ratio_gain`, `band`, `sessions_attended`,
`sessions_planned`, `cost`, then the standardised-score change, attendance and whether the
pupil counts. Decisions, stated once here:
- `band` is Brooks' band of the ratio gain (reading and spelling ages) or the effect-size
  band of a standardised score change; empty until both scores are in.
- `sessions_planned` is the group's planned sessions; for a pupil who left the group it is
  the sessions the group held while they were in it (they could not attend more).
- `cost` is the pupil's share: the group's cost so far divided by every pupil it has had.
- A pupil who attended fewer than `min_sessions` sessions is marked `counts_for_impact=no`
  and left out of the group's mean ratio gain and effect size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.errors import InvalidInput
from handlers.exports.table import Cell, ExportTable
from handlers.interventions.impact_report import InterventionImpact, figures_for
from storage.models import Intervention, InterventionSession

IMPACT_COLUMNS = (
    "upn",
    "group",
    "programme",
    "measure",
    "entry_score",
    "exit_score",
    "entry_on",
    "exit_on",
    "ratio_gain",
    "score_change",
    "effect_size",
    "band",
    "sessions_attended",
    "sessions_planned",
    "attendance_rate",
    "cost",
    "counts_for_impact",
    "note",
)


@dataclass(frozen=True)
class PupilPoint:
    """One pupil on the chart: entry and exit, and whether they count."""

    label: str  # the UPN's last four characters: a chart is shared more widely than a table
    entry: float | None
    exit: float | None
    counts: bool


@dataclass(frozen=True)
class GroupSummary:
    name: str
    measure: str
    pupils: int
    counted: int
    mean_ratio_gain: float | None
    mean_effect_size: float | None
    attendance_rate: float | None
    cost_per_pupil: float | None
    points: tuple[PupilPoint, ...]


def impact_groups(session: Session, school_id: int, group: str | None) -> list[Intervention]:
    query = select(Intervention).where(Intervention.school_id == school_id)
    if group:
        query = query.where(Intervention.name.ilike(group.strip()))
    found = list(session.scalars(query.order_by(Intervention.start_on, Intervention.name)))
    if group and not found:
        raise InvalidInput({"group": f"No intervention group is called '{group}'."})
    return found


def impact_table(
    session: Session, groups: list[Intervention], *, min_sessions: int
) -> tuple[ExportTable, list[GroupSummary]]:
    rows: list[tuple[Cell, ...]] = []
    summaries: list[GroupSummary] = []
    held: dict[int, list[date]] = {}
    ids = [g.id for g in groups]
    for group_id, day in session.execute(
        select(InterventionSession.intervention_id, InterventionSession.held_on).where(
            InterventionSession.intervention_id.in_(ids)
        )
    ):
        held.setdefault(group_id, []).append(day)
    for figures in figures_for(session, groups):
        group_rows = _group_rows(figures, held.get(figures.group.id, []), min_sessions)
        rows += group_rows
        summaries.append(_summary(figures, group_rows))
    # One plain table (json: one object per pupil per group); each row's `note` says why a
    # pupil does not count.
    return ExportTable("impact", IMPACT_COLUMNS, rows), summaries


def summarise(figures: InterventionImpact, min_sessions: int) -> GroupSummary:
    """The cohort summary of one group (the chart in chat)."""
    return _summary(figures, _group_rows(figures, [], min_sessions))


def _group_rows(
    figures: InterventionImpact, held: list[date], min_sessions: int
) -> list[tuple[Cell, ...]]:
    group, cost = figures.group, figures.cost
    per_pupil = None if cost.per_pupil_pence is None else round(cost.per_pupil_pence / 100, 2)
    rows: list[tuple[Cell, ...]] = []
    for row in figures.members:
        member, result = row.member, row.impact
        gain, change = result.ratio_gain, result.score_change
        if member.left_on is None:
            planned = group.planned_sessions if group.planned_sessions else len(held)
        else:
            planned = sum(1 for day in held if member.joined_on <= day <= member.left_on)
        counts = result.attendance.present >= min_sessions
        band = (gain.band.value if gain and gain.band else None) or (
            change.band.value if change and change.band else None
        )
        note = result.reason
        if not counts:
            note = (
                f"Too few sessions to judge: {result.attendance.present} attended, "
                f"{min_sessions} needed. {note}"
            ).strip()
        rate = result.attendance.rate
        rows.append(
            (
                member.upn,
                group.name,
                group.programme,
                group.custom_scale or group.measure,
                member.entry_score,
                member.exit_score,
                member.entry_on,
                member.exit_on,
                gain.value if gain else None,
                change.change if change else None,
                change.effect_size if change else None,
                band,
                result.attendance.present,
                planned,
                None if rate is None else round(rate, 3),
                per_pupil,
                "yes" if counts else "no",
                note,
            )
        )
    return rows


def _summary(figures: InterventionImpact, rows: list[tuple[Cell, ...]]) -> GroupSummary:
    column = {name: index for index, name in enumerate(IMPACT_COLUMNS)}
    counted = [r for r in rows if r[column["counts_for_impact"]] == "yes"]
    gains = [float(g) for r in counted if isinstance(g := r[column["ratio_gain"]], int | float)]
    effects = [float(e) for r in counted if isinstance(e := r[column["effect_size"]], int | float)]
    cost = figures.cost
    return GroupSummary(
        name=figures.group.name,
        measure=figures.group.custom_scale or figures.group.measure,
        pupils=len(rows),
        counted=len(counted),
        mean_ratio_gain=round(mean(gains), 2) if gains else None,
        mean_effect_size=round(mean(effects), 2) if effects else None,
        attendance_rate=figures.attendance.rate,
        cost_per_pupil=None if cost.per_pupil_pence is None else cost.per_pupil_pence / 100,
        points=tuple(
            PupilPoint(
                label=str(r[column["upn"]])[-4:],
                entry=_number(r[column["entry_score"]]),
                exit=_number(r[column["exit_score"]]),
                counts=r[column["counts_for_impact"]] == "yes",
            )
            for r in rows
        ),
    )


def _number(cell: Cell) -> float | None:
    return float(cell) if isinstance(cell, int | float) else None
