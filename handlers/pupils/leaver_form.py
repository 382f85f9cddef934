"""The leaver form: which pupil, the day they left, and the school they went to."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, field_validator
from sqlalchemy.orm import Session

from handlers import access
from handlers.clock import school_today
from handlers.concerns.lookups import SCHOOL_PUPILS
from handlers.pupils.leavers import record_leaver
from handlers.pupils.lookup import visible_pupil
from handlers.retention import DEFAULT_RETENTION_YEARS
from handlers.validation import parse
from handlers.vocabulary import Actor, Field, FieldKind, Form, Outcome


def leaver_form(
    *, session: Session, actor: Actor, pupil_id: int | None = None, now: datetime | None = None
) -> Form:
    access.require(actor, access.Permission.RECORD_LEAVERS)
    initial = str(visible_pupil(session, actor, pupil_id).id) if pupil_id is not None else None
    return Form(
        action="pupil.leave",
        title="Record a leaver",
        submit_label="Record and close the record",
        fields=(
            Field("pupil", "Pupil", FieldKind.PUPIL, initial=initial, search=SCHOOL_PUPILS),
            Field("left_on", "Left on", FieldKind.DATE,
                  initial=school_today(now).isoformat() if now else None,
                  help="Their last day on roll. Their record is closed (read-only) from then."),
            Field("destination", "Moving to", FieldKind.SHORT_TEXT, required=False,
                  help="The school they moved to, if known."),
        ),
    )  # fmt: skip


class LeaverInput(BaseModel):
    pupil: int
    left_on: date
    destination: str = ""

    @field_validator("pupil", mode="before")
    @classmethod
    def _one(cls, value: object) -> object:
        return value[0] if isinstance(value, list) and value else value


def leave_from_form(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    data: Mapping[str, Any],
    retention_years: int = DEFAULT_RETENTION_YEARS,
) -> Outcome:
    given = parse(LeaverInput, data)
    return record_leaver(
        session=session, actor=actor, pupil_id=given.pupil, left_on=given.left_on, now=now,
        destination=given.destination, retention_years=retention_years,
    )  # fmt: skip
