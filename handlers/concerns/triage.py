"""The SENDCO's triage of concerns: move a concern one step (dated, who, why), ask the raiser
for more information, assign it to oneself. The raiser is told when their concern moves, and
the triage card is re-posted under a new key per change so adapters can update it in place."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.access import Permission
from handlers.clock import school_today
from handlers.concerns.forms import MoreInfoInput, StatusChangeInput, status_form
from handlers.concerns.messaging import concern_buttons, raiser_status_notice, triage_notice
from handlers.concerns.records import load_concern, load_view, require_on
from handlers.concerns.workflow import STATUS_LABELS, transition_problem
from handlers.errors import Conflict
from handlers.validation import parse
from handlers.vocabulary import Actor, Form, Outcome, Reply
from storage.codes import AuditAction, ConcernStatus
from storage.models import Concern, ConcernStatusChange


def change_concern_status(
    *,
    session: Session,
    actor: Actor,
    concern_id: int,
    data: StatusChangeInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """Move a concern one step (SENDCO only), recording when, who and why; tell the raiser
    and update the triage card. A step the workflow doesn't allow is a Conflict."""
    concern = _triageable(session, actor, concern_id)
    form = parse(StatusChangeInput, data)
    change = _move(session, actor, concern, form.to_status, form.note, now)
    return _moved(session, actor, concern, change, now)


def ask_for_more_information(
    *,
    session: Session,
    actor: Actor,
    concern_id: int,
    data: MoreInfoInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """The triage card's "ask for more information": a new concern is acknowledged first
    (two dated steps), then marked more information requested with the question as the note."""
    concern = _triageable(session, actor, concern_id)
    form = parse(MoreInfoInput, data)
    if concern.status == ConcernStatus.NEW:
        _move(session, actor, concern, ConcernStatus.ACKNOWLEDGED, "", now)
    change = _move(session, actor, concern, ConcernStatus.MORE_INFO_REQUESTED, form.note, now)
    return _moved(session, actor, concern, change, now)


def assign_concern(*, session: Session, actor: Actor, concern_id: int, now: datetime) -> Outcome:
    """ "Assign to me": the SENDCO takes the concern on. Someone else's → Conflict."""
    concern = _triageable(session, actor, concern_id)
    view = load_view(session, concern)
    if concern.status == ConcernStatus.CLOSED:
        raise Conflict(f"{concern.reference} is closed: there is nothing to take on.")
    if concern.assigned_to_id == actor.staff_id:
        return Outcome(
            reply=Reply(title=f"{concern.reference} is already assigned to you."),
            record_id=concern.id,
        )
    if concern.assigned_to_id is not None:
        raise Conflict(
            f"{concern.reference} is already assigned to {view.name(concern.assigned_to_id)}."
        )
    concern.assigned_to_id = actor.staff_id
    session.flush()
    _audit(session, actor, concern, {"assigned_to_id": actor.staff_id})
    view = load_view(session, concern)
    key = f"concern:{concern.id}:triage:assigned:{actor.staff_id}"
    return Outcome(
        reply=Reply(title=f"{concern.reference} is assigned to you", buttons=concern_buttons(view)),
        notices=[triage_notice(view, key=key, on=school_today(now))],
        record_id=concern.id,
    )


def concern_status_form(*, session: Session, actor: Actor, concern_id: int) -> Form:
    """The "next step" form for one concern, offering only the steps open from its status."""
    concern = _triageable(session, actor, concern_id)
    return status_form(current=ConcernStatus(concern.status), reference=concern.reference)


def triage_key(concern: Concern, change: ConcernStatusChange) -> str:
    """One key per status change, so each change posts or updates the card exactly once."""
    return f"concern:{concern.id}:triage:{change.id}"


def _triageable(session: Session, actor: Actor, concern_id: int) -> Concern:
    access.require(actor, Permission.TRIAGE_CONCERN)
    concern = load_concern(session, concern_id)
    require_on(actor, Permission.TRIAGE_CONCERN, concern)
    return concern


def _move(
    session: Session,
    actor: Actor,
    concern: Concern,
    target: ConcernStatus,
    note: str,
    now: datetime,
) -> ConcernStatusChange:
    current = ConcernStatus(concern.status)
    problem = transition_problem(current, target)
    if problem:
        raise Conflict(f"{concern.reference} can't be marked {STATUS_LABELS[target]}: {problem}")
    change = ConcernStatusChange(
        changed_at=now,
        changed_by_id=actor.staff_id,
        from_status=current.value,
        to_status=target.value,
        note=note,
    )
    concern.history.append(change)
    concern.status = target.value
    session.flush()
    _audit(
        session,
        actor,
        concern,
        {"from": current.value, "to": target.value, "change_id": change.id},
    )
    return change


def _moved(
    session: Session, actor: Actor, concern: Concern, change: ConcernStatusChange, now: datetime
) -> Outcome:
    today = school_today(now)
    view = load_view(session, concern)
    notices = [triage_notice(view, key=triage_key(concern, change), on=today)]
    told = concern.raised_by_id != actor.staff_id
    if told:
        notices.append(raiser_status_notice(view, change, on=today))
    reply = Reply(
        title=f"{concern.reference} is now {STATUS_LABELS[ConcernStatus(change.to_status)]}",
        fields=(("Why", change.note or "-"),),
        lines=(
            "The person who raised it has been told."
            if told
            else "You raised it yourself, so nobody else was told.",
        ),
        buttons=concern_buttons(view),
    )
    return Outcome(reply=reply, notices=notices, record_id=concern.id)


def _audit(session: Session, actor: Actor, concern: Concern, detail: dict[str, Any]) -> None:
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="concern",
        entity_id=concern.id,
        school_id=concern.school_id,
        actor_id=actor.staff_id,
        detail={"reference": concern.reference, **detail},
    )
