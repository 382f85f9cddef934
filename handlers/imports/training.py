"""`import training`: one row per course a member of staff completed (email, course, date).

A course not yet on the school's list is added, valid for `valid_months` (empty: it never
expires); a record already held (same person, course and date) is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.imports.fields import iso_date
from handlers.imports.through_handlers import RowProblem, RowWork, SetupKind, given, staff_by_email
from handlers.training.records import add_course, record_training
from handlers.vocabulary import Actor
from storage.models import TrainingCourse, TrainingRecord

REQUIRED = ("email", "course", "completed_on")
OPTIONAL = ("valid_months",)


def _apply(session: Session, actor: Actor, values: Mapping[str, str], now: datetime) -> RowWork:
    staff = staff_by_email(session, actor, values.get("email", ""), column="email")
    name = " ".join(values.get("course", "").split())
    if not name:
        raise RowProblem("course", "is empty; give the course's name")
    try:
        completed_on = iso_date(values.get("completed_on", "").strip())
    except ValueError as error:
        raise RowProblem("completed_on", str(error)) from None
    course = session.scalar(
        select(TrainingCourse).where(
            TrainingCourse.school_id == actor.school_id,
            func.lower(TrainingCourse.name) == name.lower(),
        )
    )
    if course is None:
        data = {"name": name} | given(values, "valid_months")
        course_id = add_course(session=session, actor=actor, data=data, now=now).record_id
    else:
        course_id = course.id
        held = session.scalar(
            select(TrainingRecord.id).where(
                TrainingRecord.staff_id == staff.id,
                TrainingRecord.course_id == course.id,
                TrainingRecord.completed_on == completed_on,
            )
        )
        if held is not None:
            return RowWork("unchanged", [])
    record_training(
        session=session,
        actor=actor,
        data={"staff_id": staff.id, "course_id": course_id, "completed_on": completed_on},
        now=now,
    )
    return RowWork("created", [])


TRAINING = SetupKind(
    name="training",
    required=REQUIRED,
    optional=OPTIONAL,
    apply=_apply,
    columns={"staff_id": "email", "course_id": "course", "name": "course"},
)
