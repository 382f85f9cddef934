"""The training forms; field names match handlers.training.inputs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import access
from handlers.clock import school_today
from handlers.training.records import ROLE_NAMES
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form
from storage.codes import Role
from storage.models import Staff, TrainingCourse


def course_form(*, session: Session, actor: Actor) -> Form:
    access.require(actor, access.Permission.MANAGE_TRAINING)
    return Form(
        action="training.add_course",
        title="New training course",
        submit_label="Add course",
        fields=(
            Field(
                "name",
                "Course",
                FieldKind.SHORT_TEXT,
                help="Unique in your school, e.g. 'Team Teach' or 'Level 1 safeguarding'.",
            ),
            Field(
                "valid_months",
                "Valid for (months)",
                FieldKind.NUMBER,
                required=False,
                help="Leave empty if it never expires; 36 for three years.",
            ),
        ),
    )


def training_record_form(*, session: Session, actor: Actor, now: datetime) -> Form:
    access.require(actor, access.Permission.MANAGE_TRAINING)
    staff = session.scalars(
        select(Staff)
        .where(Staff.school_id == actor.school_id, Staff.active.is_(True))
        .order_by(Staff.display_name)
    )
    return Form(
        action="training.record",
        title="Record training",
        fields=(
            Field(
                "staff_id",
                "Member of staff",
                FieldKind.STAFF,
                choices=tuple(Choice(str(s.id), s.display_name) for s in staff),
            ),
            Field("course_id", "Course", FieldKind.CHOICE, choices=_courses(session, actor)),
            Field(
                "completed_on",
                "Completed on",
                FieldKind.DATE,
                initial=school_today(now).isoformat(),
                help="It can't be in the future.",
            ),
        ),
    )


def requirement_form(*, session: Session, actor: Actor) -> Form:
    access.require(actor, access.Permission.MANAGE_TRAINING)
    return Form(
        action="training.require",
        title="Require a course for a role",
        submit_label="Require",
        fields=(
            Field(
                "role",
                "Role",
                FieldKind.CHOICE,
                choices=tuple(Choice(r.value, ROLE_NAMES[r.value]) for r in Role),
            ),
            Field(
                "course_id",
                "Course",
                FieldKind.CHOICE,
                choices=_courses(session, actor),
                help="Everyone with this role will be listed until they have done it.",
            ),
        ),
    )


def _courses(session: Session, actor: Actor) -> tuple[Choice, ...]:
    rows = session.scalars(
        select(TrainingCourse)
        .where(TrainingCourse.school_id == actor.school_id)
        .order_by(TrainingCourse.name)
    )
    return tuple(Choice(str(c.id), c.name) for c in rows)
