"""Reading advice requests: the queue (the SENDCO's open and claimed requests, oldest first,
overdue ones flagged; everyone else their own) and one thread (asker or SENDCO), audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.access import Permission
from handlers.advice.messaging import thread_reply
from handlers.advice.records import (
    load_request,
    load_view,
    require_advice_user,
    require_party,
)
from handlers.advice.rules import (
    DEFAULT_MAX_OPEN,
    STATUS_LABELS,
    WAITING,
    overdue_advice,
)
from handlers.clock import school_time
from handlers.concerns.lookups import staff_names
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import AdviceStatus, AuditAction
from storage.models import AdviceRequest

QUEUE_LIMIT = 50
SNIPPET = 80


def queue_requests(
    session: Session, actor: Actor, *, limit: int = QUEUE_LIMIT
) -> list[AdviceRequest]:
    """The SENDCO's queue (open and claimed in the school), else the actor's own requests
    that are not closed; oldest first."""
    query = select(AdviceRequest).where(AdviceRequest.school_id == actor.school_id)
    if access.allowed(actor, Permission.ANSWER_ADVICE):
        query = query.where(AdviceRequest.status.in_([s.value for s in WAITING]))
    else:
        query = query.where(
            AdviceRequest.asked_by_id == actor.staff_id,
            AdviceRequest.status != AdviceStatus.CLOSED.value,
        )
    query = query.order_by(AdviceRequest.asked_at, AdviceRequest.id).limit(limit)
    return list(session.scalars(query.options(selectinload(AdviceRequest.messages))))


def list_advice_queue(
    *, session: Session, actor: Actor, now: datetime, max_open: timedelta = DEFAULT_MAX_OPEN
) -> Outcome:
    """The queue as a reply; requests waiting longer than `max_open` are marked overdue."""
    require_advice_user(actor)
    requests = queue_requests(session, actor)
    late = {r.id for r in overdue_advice(requests, now, max_open)}
    names = staff_names(session, [r.asked_by_id for r in requests])
    lines = tuple(
        " · ".join(
            [
                r.reference,
                STATUS_LABELS[AdviceStatus(r.status)] + (" · OVERDUE" if r.id in late else ""),
                f"asked {school_time(r.asked_at)} by {names.get(r.asked_by_id, '?')}",
                _snippet(r.question),
            ]
        )
        for r in requests
    )
    if requests:
        audit.record(
            session,
            action=AuditAction.READ,
            entity="advice_request",
            school_id=actor.school_id,
            actor_id=actor.staff_id,
            detail={"view": "queue", "references": [r.reference for r in requests]},
        )
    title = (
        f"Advice requests ({len(requests)}, {len(late)} overdue)"
        if requests
        else ("No advice requests waiting")
    )
    return Outcome(
        reply=Reply(
            title=title,
            lines=lines,
            buttons=tuple(
                Button("advice.open", f"Open {r.reference}", str(r.id)) for r in requests
            ),
        )
    )


def get_advice(
    *, session: Session, actor: Actor, request_id: int, now: datetime | None = None
) -> Outcome:
    """One request with its thread, for the asker or the SENDCO; audited as a READ."""
    require_advice_user(actor)
    request = load_request(session, request_id)
    require_party(actor, request)
    view = load_view(session, request)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="advice_request",
        entity_id=request.id,
        school_id=request.school_id,
        actor_id=actor.staff_id,
        detail={"reference": request.reference, "pupil_id": request.pupil_id},
    )
    for_sendco = access.allowed(actor, Permission.ANSWER_ADVICE)
    reply = thread_reply(view, title=f"Advice request {request.reference}", for_sendco=for_sendco)
    return Outcome(reply=reply, record_id=request.id)


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"
