"""Loading a concern for a handler: the row (or NotFound), its view, and access checks that
tag a denial with the concern, so the audit trail says which record was refused."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access
from handlers.access import Permission, may_read_concern
from handlers.concerns.lookups import staff_names
from handlers.concerns.messaging import ConcernView
from handlers.errors import Denied, NotFound
from handlers.vocabulary import Actor
from storage.models import Concern, ConcernPupil, Pupil


def load_concern(session: Session, concern_id: int) -> Concern:
    concern = session.scalar(
        select(Concern)
        .where(Concern.id == concern_id)
        .options(selectinload(Concern.areas), selectinload(Concern.history))
    )
    if concern is None:
        raise NotFound(f"There is no concern C-{concern_id:05d}. Check the reference.")
    return concern


def load_view(session: Session, concern: Concern) -> ConcernView:
    pupils = session.scalars(
        select(Pupil)
        .join(ConcernPupil, ConcernPupil.pupil_id == Pupil.id)
        .where(ConcernPupil.concern_id == concern.id)
        .order_by(ConcernPupil.id)
    ).all()
    ids = [concern.raised_by_id, concern.assigned_to_id]
    ids += [change.changed_by_id for change in concern.history]
    return ConcernView(concern=concern, pupils=tuple(pupils), staff=staff_names(session, ids))


def require_on(actor: Actor, permission: Permission, concern: Concern) -> None:
    """`access.require` for this concern's school; a denial names the concern."""
    try:
        access.require(actor, permission, school_id=concern.school_id)
    except Denied as denied:
        raise Denied(denied.message, entity="concern", entity_id=concern.id) from None


def require_readable(actor: Actor, concern: Concern) -> None:
    if concern.school_id != actor.school_id:
        raise Denied(
            "That record belongs to another school.", entity="concern", entity_id=concern.id
        )
    if not may_read_concern(actor, concern):
        raise Denied(
            f"You can't open {concern.reference}: a concern is open to the SENDCO, the head and "
            "the person who raised it.",
            entity="concern",
            entity_id=concern.id,
        )
