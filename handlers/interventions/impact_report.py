"""Impact of one intervention group, member by member, with attendance and cost.

`impact_for` returns the figures (for the provision map and impact reports);
`intervention_impact` is the handler that shows them and audits the read. Who: the SENDCO,
the head, or the group's lead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from handlers import audit, impact
from handlers.access import may_read_impact
from handlers.errors import Denied
from handlers.interventions.common import load_intervention
from handlers.interventions.views import GroupView, MemberView, group_views
from handlers.vocabulary import Actor, Attachment, Outcome, Reply
from storage.codes import AuditAction
from storage.models import Intervention, InterventionSession, SessionAttendance


@dataclass(frozen=True)
class MemberImpactRow:
    member: MemberView
    impact: impact.MemberImpact


@dataclass(frozen=True)
class InterventionImpact:
    group: GroupView
    members: tuple[MemberImpactRow, ...]
    attendance: impact.Attendance
    cost: impact.CostSummary


def impact_for(session: Session, actor: Actor, intervention_id: int) -> InterventionImpact:
    """The group's impact figures; Denied unless the actor is the SENDCO, head or lead."""
    intervention = load_intervention(session, actor, intervention_id)
    if not may_read_impact(actor, intervention):
        raise Denied(
            "You can't see this group's impact figures: they are open to the SENDCO, the head "
            "and the group's lead.",
            entity="intervention",
            entity_id=intervention.id,
        )
    return intervention_figures(session, intervention)


def intervention_figures(session: Session, intervention: Intervention) -> InterventionImpact:
    """Impact, attendance and cost of one group, with no access check: for callers that
    have already checked (the impact handler above, a SENDCO's provision-map export)."""
    return figures_for(session, [intervention])[0]


def figures_for(session: Session, interventions: list[Intervention]) -> list[InterventionImpact]:
    """`intervention_figures` of many groups in a fixed number of queries, in their order."""
    views = group_views(session, interventions)
    ids = [i.id for i in interventions]
    counts = _attendance_counts(session, ids)
    minutes = dict(
        session.execute(
            select(
                InterventionSession.intervention_id,
                func.coalesce(func.sum(InterventionSession.duration_minutes), 0),
            )
            .where(InterventionSession.intervention_id.in_(ids))
            .group_by(InterventionSession.intervention_id)
        ).all()
    ) if ids else {}  # fmt: skip
    return [
        _figures(views[i.id], counts.get(i.id, {}), int(minutes.get(i.id, 0) or 0))
        for i in interventions
    ]


def _figures(
    view: GroupView, counts: dict[int, tuple[int, int]], minutes: int
) -> InterventionImpact:
    rows = tuple(
        MemberImpactRow(
            member=m,
            impact=impact.member_impact(
                measure=view.measure,
                entry_score=m.entry_score,
                entry_on=m.entry_on,
                exit_score=m.exit_score,
                exit_on=m.exit_on,
                present=counts.get(m.pupil_id, (0, 0))[0],
                recorded=counts.get(m.pupil_id, (0, 0))[1],
            ),
        )
        for m in view.members
    )
    present = sum(p for p, _ in counts.values())
    recorded = sum(r for _, r in counts.values())
    return InterventionImpact(
        group=view,
        members=rows,
        attendance=impact.attendance(present, recorded),
        cost=impact.cost_summary(
            sessions=view.sessions_logged,
            cost_per_session_pence=view.cost_per_session_pence,
            pupils=len(view.members),
            adult_minutes=minutes,
        ),
    )


def intervention_impact(
    *, session: Session, actor: Actor, intervention_id: int, impact_min_sessions: int = 6
) -> Outcome:
    """Per-member impact (ratio gain or effect size), attendance and cost of one group."""
    result = impact_for(session, actor, intervention_id)
    min_sessions = impact_min_sessions
    group = result.group
    audit.record(
        session,
        action=AuditAction.READ,
        entity="intervention",
        entity_id=group.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"reference": group.reference, "view": "impact", "members": len(result.members)},
    )
    cost = result.cost
    per_pupil = pounds_or(cost.per_pupil_pence)
    fields = (
        ("Sessions", str(cost.sessions)),
        ("Attendance", impact.percent(result.attendance.rate)),
        ("Cost so far", impact.pounds(cost.total_pence)),
        ("Cost per pupil", per_pupil),
        ("Adult time", f"{cost.adult_minutes / 60:.1f} hours"),
    )
    lines = tuple(
        f"{row.member.name}: {impact.describe(row.impact)}; attendance "
        f"{impact.percent(row.impact.attendance.rate)}"
        for row in result.members
    ) or ("No pupils in the group yet.",)
    chart = _chart(result, min_sessions)
    return Outcome(
        reply=Reply(
            title=f"Impact: {group.name} ({group.reference})", fields=fields, lines=lines,
            files=(chart,) if chart else (),
        ),
        record_id=group.id,
    )  # fmt: skip


CHAT_DPI = 60  # small enough to travel inside a Teams message (about 28 KB in all)


def _chart(result: InterventionImpact, min_sessions: int) -> Attachment | None:
    """Entry against exit per pupil, and the cohort's figures, as a PNG for the chat."""
    if not result.members:
        return None
    from handlers.exports.charts import impact_chart  # matplotlib: only when drawing
    from handlers.exports.impact_rows import summarise

    picture = impact_chart([summarise(result, min_sessions)], dpi=CHAT_DPI)
    name = f"impact-{result.group.reference}.png"
    return Attachment(name, picture, "image/png")


def pounds_or(pence: int | None) -> str:
    return "no pupils yet" if pence is None else impact.pounds(pence)


def _attendance_counts(
    session: Session, intervention_ids: list[int]
) -> dict[int, dict[int, tuple[int, int]]]:
    """intervention id -> pupil id -> (sessions present, sessions recorded)."""
    if not intervention_ids:
        return {}
    rows = session.execute(
        select(
            InterventionSession.intervention_id,
            SessionAttendance.pupil_id,
            func.sum(case((SessionAttendance.present.is_(True), 1), else_=0)),
            func.count(SessionAttendance.id),
        )
        .join(InterventionSession, InterventionSession.id == SessionAttendance.session_id)
        .where(InterventionSession.intervention_id.in_(intervention_ids))
        .group_by(InterventionSession.intervention_id, SessionAttendance.pupil_id)
    )
    found: dict[int, dict[int, tuple[int, int]]] = {}
    for group_id, pid, present, total in rows:
        found.setdefault(group_id, {})[pid] = (int(present or 0), int(total))
    return found
