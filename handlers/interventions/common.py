"""What the intervention, session and training handlers share: references, loading an
intervention the actor may touch, and the checks built on handlers.access."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import may_record_scores, may_view
from handlers.errors import Denied, NotFound
from handlers.vocabulary import Actor
from storage.models import Intervention, InterventionMember, Pupil


def intervention_ref(intervention_id: int) -> str:
    return f"I-{intervention_id:05d}"


def session_ref(session_id: int) -> str:
    return f"S-{session_id:05d}"


def find_intervention(session: Session, intervention_id: int) -> Intervention | None:
    return session.get(Intervention, intervention_id)


def load_intervention(session: Session, actor: Actor, intervention_id: int) -> Intervention:
    """The intervention, if it is in the actor's school: NotFound, or Denied for another school."""
    intervention = find_intervention(session, intervention_id)
    if intervention is None:
        raise NotFound(f"There is no intervention {intervention_ref(intervention_id)}.")
    require_same_school(actor, intervention)
    return intervention


def require_same_school(actor: Actor, intervention: Intervention) -> None:
    if intervention.school_id != actor.school_id:
        raise Denied(
            "That intervention belongs to another school.",
            entity="intervention",
            entity_id=intervention.id,
        )


# --- who may do what with a group (pure decisions over the actor and the intervention) ---


def require_view(actor: Actor, intervention: Intervention) -> None:
    require_same_school(actor, intervention)
    if not may_view(actor, intervention):
        raise Denied(
            "You can't see this intervention group: it is open to the SENDCO, the head and "
            "the group's lead.",
            entity="intervention",
            entity_id=intervention.id,
        )


def require_scores(actor: Actor, intervention: Intervention) -> None:
    require_same_school(actor, intervention)
    if not may_record_scores(actor, intervention):
        raise Denied(
            "Only the SENDCO or the group's lead can record entry and exit scores.",
            entity="intervention",
            entity_id=intervention.id,
        )


def pupils_by_id(session: Session, pupil_ids: list[int]) -> dict[int, Pupil]:
    if not pupil_ids:
        return {}
    rows = session.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids)))
    return {pupil.id: pupil for pupil in rows}


def names(pupils: list[Pupil]) -> str:
    return ", ".join(pupil.known_as for pupil in pupils) or "none"


def friendly_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def current_members(intervention: Intervention, on: date) -> list[InterventionMember]:
    """Members in the group on `on`: joined by then and not yet left."""
    return [
        m
        for m in intervention.members
        if m.joined_on <= on and (m.left_on is None or m.left_on > on)
    ]
