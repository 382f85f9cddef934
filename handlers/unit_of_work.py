"""Run one handler call as one transaction: all of it lands, or none of it does.

Denials are audited in a transaction of their own, after the failed work is rolled back,
so a refused attempt is on record even though nothing else was written. A transaction that
meets a database lock is run again; a database that cannot be written at all (file deleted,
read-only, server gone) gives a reply saying nothing was kept, with the person's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from handlers import audit, outbox
from handlers.errors import Denied, HandlerError, InvalidInput
from handlers.vocabulary import Actor, Outcome, Reply
from storage.closed_records import ClosedRecord
from storage.database import DatabaseUnavailable, retry_locked, unavailable_reason

NOT_KEPT = "Nothing was saved."


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

    def work() -> Outcome:
        with sessions() as session, session.begin():
            outcome = handler(session=session, actor=actor, **kwargs)
            outbox.enqueue(session, school_id=actor.school_id, notices=outcome.notices)
            return outcome

    try:
        return retry_locked(work)
    except (DatabaseUnavailable, DBAPIError) as error:
        reason = unavailable_reason(error)
        if reason is None:
            raise
        return Outcome(reply=not_saved_reply(reason, kwargs.get("text")))
    except Denied as denied:
        _audit_denial(sessions, handler, actor, denied)
        return Outcome(reply=Reply(title=denied.message, ok=False))
    except InvalidInput as invalid:
        return Outcome(reply=Reply(title=invalid.message, ok=False), errors=invalid.errors)
    except HandlerError as error:
        return Outcome(reply=Reply(title=error.message, ok=False))
    except ClosedRecord as closed:
        return Outcome(reply=Reply(title=closed.message, ok=False))


def _audit_denial(
    sessions: sessionmaker[Session], handler: Callable[..., Outcome], actor: Actor, denied: Denied
) -> None:
    def work() -> None:
        with sessions() as session, session.begin():
            audit.audit_denial(
                session, actor, denied, handler=getattr(handler, "__name__", "handler")
            )

    retry_locked(work)


def went_wrong(kept: str) -> Reply:
    """An unexpected failure (a bug, not the person's input): nothing was saved, and `kept`
    says what is still there. Every surface says it the same way."""
    return Reply(
        title="Sorry: something went wrong on my side, and nothing was saved. "
        f"{kept} Please try again in a minute; if it keeps happening, tell your school admin.",
        ok=False,
    )


def not_saved_reply(reason: str, text: object = None) -> Reply:
    """Nothing was kept: say why, and hand the person's words back so they can send them again."""
    lines = [reason, "Please tell the school's IT admin."]
    if isinstance(text, str) and text.strip():
        lines.append(f"What you wrote, to send again once it is fixed: “{text.strip()}”")
    return Reply(
        title=f"{NOT_KEPT} The database could not be written.", lines=tuple(lines), ok=False
    )
