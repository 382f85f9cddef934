"""What the intervention, session and training handlers share: input parsing with hints a
person can act on, the school date, loading an intervention the actor may touch, and the
decisions about who may do what with a group (built on handlers.access)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import may_record_scores, may_view
from handlers.errors import Denied, InvalidInput, NotFound
from handlers.vocabulary import Actor
from storage.models import Intervention, InterventionMember, Pupil

SCHOOL_TZ = ZoneInfo("Europe/London")

M = TypeVar("M", bound="HintedInput")


class HintedInput(BaseModel):
    """An input model whose missing or mistyped fields get a hint, not pydantic's wording.

    `HINTS` maps a field name to what to tell the person when the value is missing or not of
    the right type ("Say how long the session lasted, in minutes"). Messages raised by the
    model's own validators are shown as they are.
    """

    model_config = ConfigDict(str_strip_whitespace=True)
    HINTS: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _blank_means_not_given(cls, data: Any) -> Any:
        """A blank answer to an optional question (a form sends "") takes the default."""
        if not isinstance(data, Mapping):
            return data
        return {
            key: value
            for key, value in data.items()
            if not (
                (value is None or (isinstance(value, str) and not value.strip()))
                and key in cls.model_fields
                and not cls.model_fields[key].is_required()
            )
        }


def parse_input(model: type[M], data: M | Mapping[str, Any]) -> M:
    """`data` as a validated `model`, or `InvalidInput` with one actionable message per field."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors: dict[str, str] = {}
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else "form"
            if item["type"] == "value_error":
                message = str(item["msg"]).removeprefix("Value error, ")
            else:
                message = model.HINTS.get(name, str(item["msg"]))
            errors.setdefault(name, message)
        raise InvalidInput(errors) from None


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
