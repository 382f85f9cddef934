"""The append-only audit trail: every create, read of a pupil record, change and export."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from handlers.errors import Denied
from handlers.vocabulary import Actor
from storage.codes import AuditAction
from storage.models import AuditEvent


def record(
    session: Session,
    *,
    action: AuditAction,
    entity: str,
    school_id: int | None,
    actor_id: int | None,
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the caller's transaction, so it lands exactly when the change does.

    `detail` must hold no pupil names: references and counts only.
    """
    event = AuditEvent(
        action=action.value,
        entity=entity,
        entity_id=entity_id,
        school_id=school_id,
        actor_id=actor_id,
        detail=detail or {},
    )
    session.add(event)
    return event


def audit_denial(session: Session, actor: Actor, denied: Denied, *, handler: str) -> AuditEvent:
    """A refused attempt, on record even though the work itself was rolled back."""
    return record(
        session,
        action=AuditAction.DENY,
        entity=denied.entity or handler,
        entity_id=denied.entity_id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"handler": handler},
    )
