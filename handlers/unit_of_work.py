"""Run one handler call as one transaction: all of it lands, or none of it does.

Denials are audited in a transaction of their own, after the failed work is rolled back,
so a refused attempt is on record even though nothing else was written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from handlers import audit, outbox
from handlers.errors import Denied, HandlerError, InvalidInput
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction


def perform(
    sessions: sessionmaker[Session],
    handler: Callable[..., Outcome],
    *,
    actor: Actor,
    **kwargs: Any,
) -> Outcome:
    """Call `handler(session=..., actor=..., **kwargs)`; commit on success, roll back on error.

    The outcome's notices are queued in the outbox inside the same transaction. Handler errors
    come back as a failed `Reply` with the person-readable message, and field errors of
    `InvalidInput` as `outcome.errors`, for forms to show inline.
    """
    try:
        with sessions() as session, session.begin():
            outcome = handler(session=session, actor=actor, **kwargs)
            outbox.enqueue(session, school_id=actor.school_id, notices=outcome.notices)
            return outcome
    except Denied as denied:
        with sessions() as session, session.begin():
            audit.record(
                session,
                action=AuditAction.DENY,
                entity=denied.entity or getattr(handler, "__name__", "handler"),
                entity_id=denied.entity_id,
                school_id=actor.school_id,
                actor_id=actor.staff_id,
                detail={"handler": getattr(handler, "__name__", "")},
            )
        return Outcome(reply=Reply(title=denied.message, ok=False))
    except InvalidInput as invalid:
        return Outcome(reply=Reply(title=invalid.message, ok=False), errors=invalid.errors)
    except HandlerError as error:
        return Outcome(reply=Reply(title=error.message, ok=False))
