"""Logging an intervention session: date, duration, who was there, notes and a rating.

Who: the group's lead, the SENDCO, or any TA/teacher when the group has no lead
(handlers.access.may_log_for). The session and its attendance rows land together or not at
all; a repeat of the same submission (a platform retry, a double click) adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import Denied, InvalidInput
from handlers.interventions.common import (
    current_members,
    find_intervention,
    friendly_date,
    intervention_ref,
    pupils_by_id,
    require_same_school,
    session_ref,
)
from handlers.sessions.inputs import SessionInput
from handlers.validation import parse
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction, Role
from storage.models import Intervention, InterventionSession, Pupil, SessionAttendance

MAX_SOURCE = 16


@dataclass(frozen=True)
class Mark:
    """One pupil's attendance as it will be stored."""

    pupil_id: int
    present: bool
    absence_reason: str
    field: str  # the input field it came from ("attendance" or "absent"), for errors


def log_session(
    *,
    session: Session,
    actor: Actor,
    data: SessionInput | Mapping[str, Any],
    now: datetime,
    source: str = "console",
    repeat_ok: bool = False,
) -> Outcome:
    """Record one session of a group with attendance per pupil; `source` names the platform.

    An identical session already logged by the same person is taken as the same submission
    sent twice (nothing added), unless `repeat_ok`: the person was shown it and said to save
    this one as well (a group can meet twice in a day)."""
    access.require(actor, access.Permission.LOG_SESSION)
    given = parse(SessionInput, data)
    if not 0 < len(source) <= MAX_SOURCE:
        raise InvalidInput({"source": f"The source must be 1 to {MAX_SOURCE} characters."})
    intervention = find_intervention(session, given.intervention_id)
    if intervention is None:
        raise InvalidInput({"intervention_id": "There is no intervention group with that id."})
    require_same_school(actor, intervention)
    if not access.may_log_for(actor, intervention):
        raise Denied(
            f"Only the lead of {intervention.name} or the SENDCO can log its sessions.",
            entity="intervention",
            entity_id=intervention.id,
        )

    errors: dict[str, str] = {}
    today = school_today(now)
    held_on = given.held_on or today
    if held_on > today:
        errors["held_on"] = "The session date can't be in the future."
    elif held_on < intervention.start_on:
        errors["held_on"] = (
            f"{intervention.name} started on {friendly_date(intervention.start_on)}: the "
            "session date can't be before that."
        )
    duration = given.duration_minutes or intervention.session_minutes
    if duration is None:
        errors["duration_minutes"] = "Say how long the session lasted, in minutes."
    marks: list[Mark] = []
    if "held_on" not in errors:
        marks = _marks(session, actor, intervention, given, held_on, errors)
    if errors:
        raise InvalidInput(errors)
    assert duration is not None

    repeat = (
        None if repeat_ok else _same_session(session, intervention, held_on, duration, actor, marks)
    )
    if repeat is not None:
        return Outcome(
            reply=Reply(
                title=f"That session was already logged ({session_ref(repeat.id)}): "
                "nothing was added.",
            ),
            record_id=repeat.id,
        )
    row = InterventionSession(
        intervention_id=intervention.id,
        held_on=held_on,
        duration_minutes=duration,
        logged_by_id=actor.staff_id,
        notes=given.notes,
        rating=given.rating,
        source=source,
        created_at=now,
        attendance=[
            SessionAttendance(
                pupil_id=m.pupil_id,
                present=m.present,
                absence_reason="" if m.present else m.absence_reason,
            )
            for m in marks
        ],
    )
    session.add(row)
    session.flush()
    present = sum(m.present for m in marks)
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="intervention_session",
        entity_id=row.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={
            "reference": session_ref(row.id),
            "intervention": intervention_ref(intervention.id),
            "present": present,
            "absent": len(marks) - present,
            "source": source,
        },
    )
    return Outcome(reply=_reply(session, intervention, row, marks), record_id=row.id)


def _marks(
    session: Session,
    actor: Actor,
    intervention: Intervention,
    given: SessionInput,
    held_on: date,
    errors: dict[str, str],
) -> list[Mark]:
    """Attendance to store, checked against the group on that date; problems go in `errors`."""
    current = {m.pupil_id for m in current_members(intervention, held_on)}
    if given.attendance is None and not given.absent:
        marks = [Mark(pid, True, "", "attendance") for pid in sorted(current)]
    else:
        marks = [
            Mark(e.pupil_id, e.present, e.absence_reason or given.absence_reason, "attendance")
            for e in given.attendance or []
        ]
        marks += [Mark(pid, False, given.absence_reason, "absent") for pid in given.absent]
    if not marks:
        errors["attendance"] = (
            f"Nobody was in {intervention.name} on {friendly_date(held_on)}: ask the SENDCO to "
            "add pupils to the group first."
            if not current
            else "Say who was there, or mark the pupils who were absent with a reason."
        )
        return []
    pupils = pupils_by_id(session, [m.pupil_id for m in marks])
    seen: set[int] = set()
    for mark in marks:
        pupil = pupils.get(mark.pupil_id)
        if pupil is None or pupil.school_id != actor.school_id:
            errors.setdefault(mark.field, f"There is no pupil with id {mark.pupil_id}.")
            continue
        if mark.pupil_id in seen:
            errors.setdefault("absent", f"{pupil.known_as} is marked both present and absent.")
            continue
        seen.add(mark.pupil_id)
        if mark.pupil_id not in current:
            errors.setdefault(
                "attendance", _not_in_group(session, actor, intervention, pupil, held_on)
            )
        elif not mark.present and not mark.absence_reason:
            key = "absence_reason" if mark.field == "absent" else "attendance"
            errors.setdefault(key, f"Say why {pupil.known_as} was absent.")
    return marks


def _not_in_group(
    session: Session, actor: Actor, intervention: Intervention, pupil: Pupil, held_on: date
) -> str:
    """Why this pupil can't be in the register; Denied if the actor may not see them at all."""
    member = next((m for m in intervention.members if m.pupil_id == pupil.id), None)
    if member is not None:
        return f"{pupil.known_as} was not in {intervention.name} on {friendly_date(held_on)}."
    access.require_pupil_visible(session, actor, pupil.id)
    who = (
        "add them to the group first"
        if Role.SENDCO in actor.roles
        else ("ask the SENDCO to add them to the group first")
    )
    return f"{pupil.known_as} is not in {intervention.name}: {who}."


def _same_session(
    session: Session,
    intervention: Intervention,
    held_on: date,
    duration: int,
    actor: Actor,
    marks: list[Mark],
) -> InterventionSession | None:
    """An identical session already logged by the same person: the submission is a repeat."""
    candidates = session.scalars(
        select(InterventionSession)
        .where(
            InterventionSession.intervention_id == intervention.id,
            InterventionSession.held_on == held_on,
            InterventionSession.duration_minutes == duration,
            InterventionSession.logged_by_id == actor.staff_id,
        )
        .options(selectinload(InterventionSession.attendance))
    )
    wanted = {(m.pupil_id, m.present) for m in marks}
    for candidate in candidates:
        if {(a.pupil_id, a.present) for a in candidate.attendance} == wanted:
            return candidate
    return None


def _reply(
    session: Session, intervention: Intervention, row: InterventionSession, marks: list[Mark]
) -> Reply:
    pupils = pupils_by_id(session, [m.pupil_id for m in marks])
    there = ", ".join(pupils[m.pupil_id].known_as for m in marks if m.present) or "nobody"
    away = ", ".join(
        f"{pupils[m.pupil_id].known_as} ({m.absence_reason})" for m in marks if not m.present
    )
    logged = session.scalar(
        select(func.count(InterventionSession.id)).where(
            InterventionSession.intervention_id == intervention.id
        )
    )
    planned = (
        f" of {intervention.planned_sessions} planned" if intervention.planned_sessions else ""
    )
    fields = [("Duration", f"{row.duration_minutes} min"), ("Present", there)]
    if away:
        fields.append(("Absent", away))
    fields.append(("Sessions so far", f"{logged}{planned}"))
    return Reply(
        title=f"Session logged: {intervention.name}, {friendly_date(row.held_on)} "
        f"({session_ref(row.id)})",
        fields=tuple(fields),
    )
