"""The session form, and the sessions logged for a group with their attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import Denied
from handlers.interventions.common import (
    current_members,
    friendly_date,
    load_intervention,
    pupils_by_id,
    require_view,
    session_ref,
)
from handlers.interventions.views import OPEN_STATUSES
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form, Outcome, Reply
from storage.codes import AuditAction
from storage.models import Intervention, InterventionSession, Staff


@dataclass(frozen=True)
class SessionView:
    id: int
    reference: str
    held_on: date
    duration_minutes: int
    logged_by: str
    notes: str
    rating: int | None
    source: str
    present: tuple[str, ...]  # pupils' names
    absent: tuple[tuple[str, str], ...]  # (name, reason)


def session_form(
    *, session: Session, actor: Actor, now: datetime, intervention_id: int | None = None
) -> Form:
    """Log a session: the groups the actor may log for; with a group, its members ticked."""
    access.require(actor, access.Permission.LOG_SESSION)
    today = school_today(now)
    groups = [
        g
        for g in session.scalars(
            select(Intervention)
            .where(
                Intervention.school_id == actor.school_id,
                Intervention.status.in_(OPEN_STATUSES),
            )
            .order_by(Intervention.name)
        )
        if access.may_log_for(actor, g)
    ]
    chosen: Intervention | None = None
    if intervention_id is not None:
        chosen = load_intervention(session, actor, intervention_id)
        if not access.may_log_for(actor, chosen):
            raise Denied(
                f"Only the lead of {chosen.name} or the SENDCO can log its sessions.",
                entity="intervention",
                entity_id=chosen.id,
            )
    members: list[Choice] = []
    if chosen is not None:
        pupils = pupils_by_id(session, [m.pupil_id for m in chosen.members])
        members = [
            Choice(str(m.pupil_id), pupils[m.pupil_id].known_as)
            for m in current_members(chosen, today)
        ]
    return Form(
        action="session.log",
        title=f"Log a session: {chosen.name}" if chosen else "Log a session",
        submit_label="Log session",
        fields=(
            Field(
                "intervention_id",
                "Group",
                FieldKind.CHOICE,
                choices=tuple(Choice(str(g.id), g.name) for g in groups),
                initial=str(chosen.id) if chosen else None,
            ),
            Field(
                "held_on",
                "Date",
                FieldKind.DATE,
                required=False,
                initial=today.isoformat(),
                help="Leave as today unless you are catching up; it can't be in the future.",
            ),
            Field(
                "duration_minutes",
                "Minutes",
                FieldKind.NUMBER,
                required=chosen is None or chosen.session_minutes is None,
                initial=str(chosen.session_minutes) if chosen and chosen.session_minutes else None,
                help="Between 1 and 480.",
            ),
            Field(
                "attendance",
                "Who was there",
                FieldKind.PUPIL,
                required=False,
                multiple=True,
                choices=tuple(members),
                initial=[c.value for c in members] or None,
                help="Leave everyone ticked if the whole group was there.",
            ),
            Field(
                "absent",
                "Who was absent",
                FieldKind.PUPIL,
                required=False,
                multiple=True,
                choices=tuple(members),
            ),
            Field(
                "absence_reason",
                "Why they were absent",
                FieldKind.SHORT_TEXT,
                required=False,
                help="Needed when anyone was absent, e.g. 'ill', 'school trip'.",
            ),
            Field(
                "notes",
                "Notes",
                FieldKind.LONG_TEXT,
                required=False,
                help="What you worked on and how it went.",
            ),
            Field(
                "rating",
                "How did it go? (1-5)",
                FieldKind.CHOICE,
                required=False,
                choices=tuple(Choice(str(n), str(n)) for n in range(1, 6)),
            ),
        ),
    )


def sessions_of(
    session: Session, actor: Actor, intervention_id: int, *, limit: int | None = None
) -> list[SessionView]:
    """The group's sessions, newest first; Denied unless the actor may see the group."""
    intervention = load_intervention(session, actor, intervention_id)
    require_view(actor, intervention)
    query = (
        select(InterventionSession)
        .where(InterventionSession.intervention_id == intervention.id)
        .options(selectinload(InterventionSession.attendance))
        .order_by(InterventionSession.held_on.desc(), InterventionSession.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    rows = list(session.scalars(query))
    pupils = pupils_by_id(session, sorted({a.pupil_id for r in rows for a in r.attendance}))
    staff = {
        s.id: s.display_name
        for s in session.scalars(
            select(Staff).where(Staff.id.in_({r.logged_by_id for r in rows if r.logged_by_id}))
        )
    }
    return [
        SessionView(
            id=r.id,
            reference=session_ref(r.id),
            held_on=r.held_on,
            duration_minutes=r.duration_minutes,
            logged_by=staff.get(r.logged_by_id or 0, "unknown"),
            notes=r.notes,
            rating=r.rating,
            source=r.source,
            present=tuple(pupils[a.pupil_id].known_as for a in r.attendance if a.present),
            absent=tuple(
                (pupils[a.pupil_id].known_as, a.absence_reason)
                for a in r.attendance
                if not a.present
            ),
        )
        for r in rows
    ]


def list_sessions(
    *, session: Session, actor: Actor, intervention_id: int, limit: int = 20
) -> Outcome:
    """The latest sessions of a group, with who was there (SENDCO, head, or the lead)."""
    views = sessions_of(session, actor, intervention_id, limit=limit)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="intervention",
        entity_id=intervention_id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"view": "sessions", "sessions": len(views)},
    )
    lines = tuple(_line(v) for v in views) or ("No sessions logged yet.",)
    return Outcome(
        reply=Reply(title=f"Sessions ({len(views)} most recent)", lines=lines),
        record_id=intervention_id,
    )


def _line(view: SessionView) -> str:
    text = f"{friendly_date(view.held_on)}, {view.duration_minutes} min: " + (
        ", ".join(view.present) or "nobody present"
    )
    if view.absent:
        text += "; absent " + ", ".join(f"{name} ({why})" for name, why in view.absent)
    if view.rating:
        text += f"; rated {view.rating}/5"
    return text
