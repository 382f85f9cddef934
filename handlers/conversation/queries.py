"""Answers to the questions staff ask the bot about their own work."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers import audit
from handlers.access import sees_whole_school
from handlers.clock import SCHOOL_TIMEZONE
from handlers.conversation.text import fold
from handlers.vocabulary import Actor, Reply
from storage.codes import AuditAction
from storage.models import (
    AdviceRequest,
    Concern,
    Intervention,
    InterventionMember,
    InterventionSession,
    Pupil,
)

LONDON = ZoneInfo(SCHOOL_TIMEZONE)


def _week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


def my_entries(session: Session, *, actor: Actor, today: date) -> Reply:
    """What the actor has logged since Monday: concerns, sessions and advice requests."""
    since_day = _week_start(today)
    since = datetime.combine(since_day, time.min, tzinfo=LONDON)
    concerns = session.scalars(
        select(Concern)
        .where(Concern.raised_by_id == actor.staff_id, Concern.raised_at >= since)
        .order_by(Concern.raised_at)
    ).all()
    sittings = session.execute(
        select(InterventionSession.held_on, InterventionSession.duration_minutes, Intervention.name)
        .join(Intervention, Intervention.id == InterventionSession.intervention_id)
        .where(
            InterventionSession.logged_by_id == actor.staff_id,
            InterventionSession.held_on >= since_day,
        )
        .order_by(InterventionSession.held_on)
    ).all()
    asked = session.scalar(
        select(func.count(AdviceRequest.id)).where(
            AdviceRequest.asked_by_id == actor.staff_id, AdviceRequest.asked_at >= since
        )
    )
    lines = [f"• concern {c.reference} ({c.status.replace('_', ' ')})" for c in concerns]
    lines += [f"• {name}: {minutes} min on {day:%a %-d %b}" for day, minutes, name in sittings]
    if asked:
        lines.append(f"• {asked} advice request{'s' if asked != 1 else ''}")
    if not lines:
        return Reply(title=f"You haven't logged anything since Monday {since_day:%-d %B}.")
    return Reply(title=f"Since Monday {since_day:%-d %B} you have logged:", lines=tuple(lines))


def group_members(session: Session, *, actor: Actor, programme: str | None) -> Reply:
    """The members of the groups the actor leads (all groups for the SENDCO/head)."""
    query = select(Intervention).where(
        Intervention.school_id == actor.school_id, Intervention.status == "active"
    )
    if not sees_whole_school(actor):
        query = query.where(Intervention.lead_id == actor.staff_id)
    groups = [
        g
        for g in session.scalars(query.order_by(Intervention.name)).all()
        if programme is None or fold(programme) in (fold(g.programme), fold(g.name))
    ]
    if not groups:
        what = f"a {programme} group" if programme else "any groups"
        return Reply(title=f"I can't find {what} that you lead.")
    lines: list[str] = []
    shown: list[int] = []
    for group in groups:
        members = session.execute(
            select(
                Pupil.id, Pupil.first_name, Pupil.preferred_name, Pupil.last_name, Pupil.class_name
            )
            .join(InterventionMember, InterventionMember.pupil_id == Pupil.id)
            .where(
                InterventionMember.intervention_id == group.id, InterventionMember.left_on.is_(None)
            )
            .order_by(Pupil.first_name)
        ).all()
        names = ", ".join(
            f"{pref or first} {last} ({cls})" for _, first, pref, last, cls in members
        )
        shown += [row[0] for row in members]
        lines.append(f"{group.name}: {names or 'no members yet'}")
    audit.record(
        session, action=AuditAction.READ, entity="intervention_members",
        school_id=actor.school_id, actor_id=actor.staff_id,
        detail={"intervention_ids": [g.id for g in groups], "pupil_ids": shown},
    )  # fmt: skip
    return Reply(title="Your groups:" if len(groups) > 1 else "Your group:", lines=tuple(lines))
