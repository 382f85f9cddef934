"""Reading intervention groups: "my groups" for a TA or teacher, and one group in full.

The data functions (`groups_for`, `group_view`) return plain dataclasses for the home tab,
the conversation engine ("who is in my Toe by Toe group") and the provision map; the
handlers (`list_my_groups`, `get_intervention`) wrap them in a Reply and audit the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.access import may_record_scores
from handlers.impact import pounds
from handlers.interventions.common import (
    friendly_date,
    intervention_ref,
    load_intervention,
    require_view,
)
from handlers.interventions.inputs import WEEKDAY_NAMES
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import AuditAction, InterventionStatus
from storage.models import Intervention, InterventionMember, InterventionSession, Pupil, Staff

OPEN_STATUSES = (InterventionStatus.PLANNED.value, InterventionStatus.ACTIVE.value)


@dataclass(frozen=True)
class MemberView:
    pupil_id: int
    name: str
    upn: str
    year_group: int
    joined_on: date
    left_on: date | None
    entry_score: float | None
    entry_on: date | None
    exit_score: float | None
    exit_on: date | None

    @property
    def current(self) -> bool:
        return self.left_on is None


@dataclass(frozen=True)
class GroupView:
    id: int
    reference: str
    name: str
    programme: str
    area: str | None
    lead_id: int | None
    lead_name: str
    weekdays: tuple[str, ...]
    planned_sessions: int | None
    session_minutes: int | None
    cost_per_session_pence: int
    measure: str
    custom_scale: str
    start_on: date
    end_on: date | None
    status: str
    sessions_logged: int
    members: tuple[MemberView, ...]

    @property
    def current_members(self) -> tuple[MemberView, ...]:
        return tuple(m for m in self.members if m.current)


def groups_for(session: Session, actor: Actor, *, include_ended: bool = False) -> list[GroupView]:
    """The groups the actor leads; the SENDCO and head get every group in their school."""
    query = (
        select(Intervention)
        .where(Intervention.school_id == actor.school_id)
        .options(selectinload(Intervention.members))
        .order_by(Intervention.name)
    )
    if not access.sees_whole_school(actor):
        query = query.where(Intervention.lead_id == actor.staff_id)
    if not include_ended:
        query = query.where(Intervention.status.in_(OPEN_STATUSES))
    return [_view(session, i) for i in session.scalars(query)]


def group_view(session: Session, intervention: Intervention) -> GroupView:
    return _view(session, intervention)


def list_my_groups(*, session: Session, actor: Actor, include_ended: bool = False) -> Outcome:
    """A TA's or teacher's groups with who is in them; the SENDCO and head see all groups."""
    groups = groups_for(session, actor, include_ended=include_ended)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="intervention",
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"view": "my_groups", "groups": [g.reference for g in groups]},
    )
    whole = access.sees_whole_school(actor)
    if not groups:
        title = (
            "No intervention groups yet." if whole else "You don't lead any intervention groups."
        )
        return Outcome(reply=Reply(title=title))
    lines = tuple(
        f"{g.name} ({g.programme}; {_days(g.weekdays)}): "
        + (", ".join(m.name for m in g.current_members) or "no pupils yet")
        for g in groups
    )
    buttons = tuple(
        Button(action="session.log", label=f"Log {g.name}", value=str(g.id))
        for g in groups
        if g.lead_id == actor.staff_id
    )[:5]
    return Outcome(
        reply=Reply(
            title="Intervention groups in your school" if whole else "Your intervention groups",
            lines=lines,
            buttons=buttons,
        )
    )


def get_intervention(*, session: Session, actor: Actor, intervention_id: int) -> Outcome:
    """One group in full: schedule, lead, cost, members with their scores, sessions so far."""
    intervention = load_intervention(session, actor, intervention_id)
    require_view(actor, intervention)
    view = _view(session, intervention)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="intervention",
        entity_id=intervention.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"reference": view.reference, "members": len(view.members)},
    )
    planned = f" of {view.planned_sessions} planned" if view.planned_sessions else ""
    fields = (
        ("Programme", view.programme),
        ("Lead", view.lead_name),
        ("Days", _days(view.weekdays)),
        ("Dates", _dates(view.start_on, view.end_on)),
        ("Sessions", f"{view.sessions_logged}{planned}"),
        ("Cost per session", pounds(view.cost_per_session_pence)),
        ("Status", view.status),
    )
    lines = tuple(_member_line(m) for m in view.members) or ("No pupils in the group yet.",)
    buttons = [Button(action="session.log", label="Log a session", value=str(view.id))]
    if may_record_scores(actor, intervention):
        buttons.append(
            Button(action="intervention.record_scores", label="Record scores", value=str(view.id))
        )
    if access.sees_whole_school(actor):
        buttons.append(Button(action="intervention.impact", label="Impact", value=str(view.id)))
    return Outcome(
        reply=Reply(
            title=f"{view.name} ({view.reference})",
            fields=fields,
            lines=lines,
            buttons=tuple(buttons),
        ),
        record_id=intervention.id,
    )


def _view(session: Session, intervention: Intervention) -> GroupView:
    return group_views(session, [intervention])[intervention.id]


def group_views(session: Session, interventions: list[Intervention]) -> dict[int, GroupView]:
    """Views of many groups in a fixed number of queries (members' pupils, leads, session
    counts), however many groups there are: a school's provision map has hundreds."""
    if not interventions:
        return {}
    ids = [i.id for i in interventions]
    members: dict[int, list[InterventionMember]] = {}
    for member in session.scalars(
        select(InterventionMember)
        .where(InterventionMember.intervention_id.in_(ids))
        .order_by(InterventionMember.id)
    ):
        members.setdefault(member.intervention_id, []).append(member)
    pupil_ids = {m.pupil_id for found in members.values() for m in found}
    pupils = {
        p.id: p for p in session.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids)))
    } if pupil_ids else {}  # fmt: skip
    lead_ids = {i.lead_id for i in interventions if i.lead_id}
    leads = dict(
        session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(lead_ids))).all()
    ) if lead_ids else {}  # fmt: skip
    logged = dict(
        session.execute(
            select(InterventionSession.intervention_id, func.count(InterventionSession.id))
            .where(InterventionSession.intervention_id.in_(ids))
            .group_by(InterventionSession.intervention_id)
        ).all()
    )
    return {
        i.id: _build_view(i, members.get(i.id, []), pupils, leads, int(logged.get(i.id, 0)))
        for i in interventions
    }


def _build_view(
    intervention: Intervention,
    members: list[InterventionMember],
    pupils: dict[int, Pupil],
    leads: dict[int, str],
    logged: int,
) -> GroupView:
    ordered = sorted(members, key=lambda m: pupils[m.pupil_id].known_as)
    return GroupView(
        id=intervention.id,
        reference=intervention_ref(intervention.id),
        name=intervention.name,
        programme=intervention.programme,
        area=intervention.area,
        lead_id=intervention.lead_id,
        lead_name=leads.get(intervention.lead_id, "no lead") if intervention.lead_id else "no lead",
        weekdays=tuple(d for d in intervention.weekdays.split(",") if d),
        planned_sessions=intervention.planned_sessions,
        session_minutes=intervention.session_minutes,
        cost_per_session_pence=intervention.cost_per_session_pence,
        measure=intervention.measure,
        custom_scale=intervention.custom_scale,
        start_on=intervention.start_on,
        end_on=intervention.end_on,
        status=intervention.status,
        sessions_logged=logged,
        members=tuple(_member_view(m, pupils[m.pupil_id]) for m in ordered),
    )


def _member_view(member: InterventionMember, pupil: Pupil) -> MemberView:
    return MemberView(
        pupil_id=pupil.id,
        name=pupil.known_as,
        upn=pupil.upn,
        year_group=pupil.year_group,
        joined_on=member.joined_on,
        left_on=member.left_on,
        entry_score=None if member.entry_score is None else float(member.entry_score),
        entry_on=member.entry_on,
        exit_score=None if member.exit_score is None else float(member.exit_score),
        exit_on=member.exit_on,
    )


def _member_line(m: MemberView) -> str:
    parts = [m.name]
    if m.entry_score is not None:
        parts.append(f"entry {m.entry_score:g}")
    if m.exit_score is not None:
        parts.append(f"exit {m.exit_score:g}")
    if m.left_on is not None:
        parts.append(f"left {friendly_date(m.left_on)}")
    return " · ".join(parts)


def _days(codes: tuple[str, ...]) -> str:
    return ", ".join(WEEKDAY_NAMES[c][:3] for c in codes) or "days not set"


def _dates(start: date, end: date | None) -> str:
    return f"{friendly_date(start)} to {friendly_date(end) if end else 'open-ended'}"


__all__ = [
    "GroupView",
    "MemberView",
    "get_intervention",
    "group_view",
    "groups_for",
    "list_my_groups",
]
