"""Advice handlers that write: ask, claim, answer, follow up, close. The asker is told of each
step the SENDCO takes; the SENDCO of each step the asker takes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.access import Permission, is_asker
from handlers.advice.forms import AdviceInput, AdviceMessageInput
from handlers.advice.messaging import (
    message_notice,
    status_notice,
    thread_reply,
    triage_notice,
)
from handlers.advice.records import (
    AdviceView,
    load_request,
    load_view,
    require_advice_user,
    require_answerer,
    require_party,
)
from handlers.advice.rules import status_after_follow_up
from handlers.clock import school_today
from handlers.concerns.lookups import pupils_not_found_message, school_pupils
from handlers.errors import Conflict, InvalidInput
from handlers.validation import parse
from handlers.vocabulary import Actor, Notice, Outcome, Reply
from storage.codes import AdviceStatus, AuditAction
from storage.models import AdviceMessage, AdviceRequest

MessageData = AdviceMessageInput | Mapping[str, Any]


def ask_advice(
    *, session: Session, actor: Actor, data: AdviceInput | Mapping[str, Any], now: datetime
) -> Outcome:
    """Ask the SENDCO. A question may be about any pupil on roll in the asker's school, as a
    concern may: asking reveals nothing of the pupil's record, so visibility is not needed."""
    access.require(actor, Permission.ASK_ADVICE)
    form = parse(AdviceInput, data)
    if form.pupil_id is not None:
        _, missing = school_pupils(session, actor.school_id, [form.pupil_id])
        if missing:
            raise InvalidInput({"pupil_id": pupils_not_found_message(missing, total=1)})
    request = AdviceRequest(
        school_id=actor.school_id,
        asked_by_id=actor.staff_id,
        pupil_id=form.pupil_id,
        question=form.question,
        status=AdviceStatus.OPEN.value,
        asked_at=now,
    )
    session.add(request)
    session.flush()
    _audit(session, actor, request, AuditAction.CREATE, pupil_id=request.pupil_id)
    view = load_view(session, request)
    return Outcome(
        reply=Reply(
            title=f"Your question {request.reference} is with the SENDCO",
            lines=("You'll be told when they answer.",),
        ),
        notices=[triage_notice(view, key=f"advice:{request.id}:triage:new", on=school_today(now))],
        record_id=request.id,
    )


def claim_advice(*, session: Session, actor: Actor, request_id: int, now: datetime) -> Outcome:
    """The SENDCO takes an open request on; someone else's claim is a Conflict naming them."""
    access.require(actor, Permission.ANSWER_ADVICE)
    request = load_request(session, request_id)
    require_answerer(actor, request)
    view = load_view(session, request)
    if request.claimed_by_id == actor.staff_id and view.status == AdviceStatus.CLAIMED:
        return Outcome(reply=Reply(title=f"{request.reference} is already yours."))
    _refuse_unless_answerable(view, actor)
    if view.status != AdviceStatus.OPEN:
        raise Conflict(f"{request.reference} has been answered: there is nothing to claim.")
    request.status = AdviceStatus.CLAIMED.value
    request.claimed_by_id, request.claimed_at = actor.staff_id, now
    session.flush()
    _audit(session, actor, request, AuditAction.UPDATE, step="claim")
    view = load_view(session, request)
    today = school_today(now)
    notices = [
        triage_notice(view, key=f"advice:{request.id}:triage:claimed:{now.isoformat()}", on=today)
    ]
    if request.asked_by_id != actor.staff_id:
        title = f"{_who(actor)} is looking at your question {request.reference}"
        notices.append(
            status_notice(
                view, to=request.asked_by_id, title=title, rule="advice.claimed", at=now, on=today
            )
        )
    reply = thread_reply(view, title=f"{request.reference} is yours", for_sendco=True)
    return Outcome(reply=reply, notices=notices, record_id=request.id)


def answer_advice(
    *, session: Session, actor: Actor, request_id: int, data: MessageData, now: datetime
) -> Outcome:
    """The SENDCO answers (claiming it if still open); the asker is told privately."""
    access.require(actor, Permission.ANSWER_ADVICE)
    request = load_request(session, request_id)
    require_answerer(actor, request)
    form = parse(AdviceMessageInput, data)
    view = load_view(session, request)
    _refuse_unless_answerable(view, actor)
    if view.status == AdviceStatus.ANSWERED:
        raise Conflict(f"{request.reference} is already answered: send a follow-up instead.")
    message = _add_message(session, request, actor, form.body, now)
    request.status, request.answered_at = AdviceStatus.ANSWERED.value, now
    if request.claimed_by_id is None:
        request.claimed_by_id, request.claimed_at = actor.staff_id, now
    session.flush()
    _audit(session, actor, request, AuditAction.UPDATE, step="answer", message_id=message.id)
    view = load_view(session, request)
    today = school_today(now)
    notices = [
        triage_notice(view, key=f"advice:{request.id}:triage:answered:{message.id}", on=today)
    ]
    if request.asked_by_id != actor.staff_id:
        notices.append(
            message_notice(
                view,
                message,
                to=request.asked_by_id,
                title=f"The SENDCO has answered your question {request.reference}",
                rule="advice.answered",
                on=today,
            )
        )
    reply = thread_reply(view, title=f"Answer sent for {request.reference}", for_sendco=True)
    return Outcome(reply=reply, notices=notices, record_id=request.id)


def follow_up_advice(
    *, session: Session, actor: Actor, request_id: int, data: MessageData, now: datetime
) -> Outcome:
    """A message from the asker or the SENDCO. The asker's follow-up on an answered request
    reopens it: back with the SENDCO who answered (claimed), or open if nobody holds it
    (rules.status_after_follow_up). The other side is told."""
    require_advice_user(actor)
    request = load_request(session, request_id)
    require_party(actor, request)
    form = parse(AdviceMessageInput, data)
    if request.status == AdviceStatus.CLOSED:
        raise Conflict(f"{request.reference} is closed: ask a new question instead.")
    by_asker = is_asker(actor, request)
    before = AdviceStatus(request.status)
    after = status_after_follow_up(before, by_asker=by_asker, claimed_by_id=request.claimed_by_id)
    message = _add_message(session, request, actor, form.body, now)
    request.status = after.value
    session.flush()
    _audit(
        session,
        actor,
        request,
        AuditAction.UPDATE,
        step="follow_up",
        message_id=message.id,
        status=after.value,
    )
    view = load_view(session, request)
    today = school_today(now)
    notices: list[Notice] = []
    title = f"New message on {request.reference} from {_who(actor)}"
    if not by_asker:
        notices.append(
            message_notice(
                view, message, to=request.asked_by_id, title=title, rule="advice.message", on=today
            )
        )
    elif request.claimed_by_id is not None:
        notices.append(
            message_notice(
                view,
                message,
                to=request.claimed_by_id,
                title=title,
                rule="advice.message",
                on=today,
            )
        )
    if by_asker and (after != before or request.claimed_by_id is None):
        key = f"advice:{request.id}:triage:message:{message.id}"
        notices.append(triage_notice(view, key=key, on=today))
    reopened = " It is open again." if after != before else ""
    reply = thread_reply(
        view, title=f"Message sent on {request.reference}.{reopened}", for_sendco=not by_asker
    )
    return Outcome(reply=reply, notices=notices, record_id=request.id)


def close_advice(*, session: Session, actor: Actor, request_id: int, now: datetime) -> Outcome:
    """The asker or the SENDCO closes the request; the other side is told."""
    require_advice_user(actor)
    request = load_request(session, request_id)
    require_party(actor, request)
    if request.status == AdviceStatus.CLOSED:
        raise Conflict(f"{request.reference} is already closed.")
    request.status, request.closed_at = AdviceStatus.CLOSED.value, now
    session.flush()
    _audit(session, actor, request, AuditAction.UPDATE, step="close")
    view = load_view(session, request)
    today = school_today(now)
    other = request.claimed_by_id if is_asker(actor, request) else request.asked_by_id
    notices = [triage_notice(view, key=f"advice:{request.id}:triage:closed", on=today)]
    if other is not None and other != actor.staff_id:
        title = f"{request.reference} was closed by {_who(actor)}"
        notices.append(
            status_notice(view, to=other, title=title, rule="advice.closed", at=now, on=today)
        )
    return Outcome(
        reply=Reply(title=f"{request.reference} is closed."), notices=notices, record_id=request.id
    )


def _who(actor: Actor) -> str:
    return actor.display_name or actor.email or "A member of staff"


def _refuse_unless_answerable(view: AdviceView, actor: Actor) -> None:
    request = view.request
    if view.status == AdviceStatus.CLOSED:
        raise Conflict(f"{request.reference} is closed.")
    holder = request.claimed_by_id
    if view.status == AdviceStatus.CLAIMED and holder not in (None, actor.staff_id):
        raise Conflict(f"{request.reference} is already claimed by {view.name(holder)}.")


def _add_message(
    session: Session, request: AdviceRequest, actor: Actor, body: str, now: datetime
) -> AdviceMessage:
    message = AdviceMessage(author_id=actor.staff_id, body=body, sent_at=now)
    request.messages.append(message)
    session.flush()
    return message


def _audit(
    session: Session, actor: Actor, request: AdviceRequest, action: AuditAction, **detail: Any
) -> None:
    audit.record(
        session,
        action=action,
        entity="advice_request",
        entity_id=request.id,
        school_id=request.school_id,
        actor_id=actor.staff_id,
        detail={"reference": request.reference, **detail},
    )
