"""Fetching a pupil the actor may see, and the staff who teach or support them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import access
from handlers.errors import InvalidInput, NotFound
from handlers.vocabulary import Actor
from storage.models import KeyAdult, Pupil, Staff, StaffClass


def visible_pupil(
    session: Session, actor: Actor, pupil_id: int, *, field: str | None = None
) -> Pupil:
    """The pupil, if the actor may see them.

    An id that names no pupil is bad input on `field` (when the id came from a form) or
    NotFound; a pupil who exists but is not visible (another school, another class) is Denied.
    """
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        if field:
            raise InvalidInput({field: "No such pupil in your school; pick one from the list"})
        raise NotFound("There is no pupil with that id; search for the pupil by name or UPN.")
    access.require_pupil_visible(session, actor, pupil_id)
    return pupil


def class_teacher_ids(session: Session, pupil: Pupil) -> list[int]:
    """Active staff of the pupil's school who teach the pupil's class."""
    if not pupil.class_name:
        return []
    return list(
        session.scalars(
            select(Staff.id)
            .join(StaffClass, StaffClass.staff_id == Staff.id)
            .where(
                Staff.school_id == pupil.school_id,
                Staff.active.is_(True),
                StaffClass.class_name == pupil.class_name,
            )
            .order_by(Staff.id)
        )
    )


def key_adult_ids(session: Session, pupil: Pupil) -> list[int]:
    return list(
        session.scalars(
            select(KeyAdult.staff_id).where(KeyAdult.pupil_id == pupil.id).order_by(KeyAdult.id)
        )
    )


def teaches(session: Session, actor: Actor, pupil: Pupil) -> bool:
    """Whether the actor teaches the pupil's class (the class-teacher route of access)."""
    return pupil.school_id == actor.school_id and actor.staff_id in class_teacher_ids(
        session, pupil
    )
