"""Keeping training records: courses, who completed them, and what each role must hold.

Changes need Permission.MANAGE_TRAINING (SENDCO, head, admin). Every create is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import InvalidInput
from handlers.interventions.common import friendly_date
from handlers.training.inputs import CourseInput, RequirementInput, TrainingRecordInput
from handlers.training.status import expiry_date
from handlers.validation import parse
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction, Role
from storage.models import RoleRequirement, Staff, TrainingCourse, TrainingRecord

ROLE_NAMES = {
    "teacher": "Teachers",
    "ta": "Teaching assistants",
    "sendco": "SENDCOs",
    "dsl": "DSLs",
    "head": "Heads",
    "admin": "Admins",
}


def add_course(
    *, session: Session, actor: Actor, data: CourseInput | Mapping[str, Any], now: datetime
) -> Outcome:
    """Add a training course to the school's list, with how long it stays valid."""
    access.require(actor, access.Permission.MANAGE_TRAINING)
    given = parse(CourseInput, data)
    taken = session.scalar(
        select(TrainingCourse.name).where(
            TrainingCourse.school_id == actor.school_id,
            func.lower(TrainingCourse.name) == given.name.lower(),
        )
    )
    if taken is not None:
        raise InvalidInput({"name": f"Your school already has a course called '{taken}'."})
    course = TrainingCourse(
        school_id=actor.school_id, name=given.name, valid_months=given.valid_months
    )
    session.add(course)
    session.flush()
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="training_course",
        entity_id=course.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"valid_months": given.valid_months},
    )
    validity = f"{given.valid_months} months" if given.valid_months else "does not expire"
    return Outcome(
        reply=Reply(title=f"Course added: {given.name}", fields=(("Valid for", validity),)),
        record_id=course.id,
    )


def record_training(
    *,
    session: Session,
    actor: Actor,
    data: TrainingRecordInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """Record that a member of staff completed a course; the expiry date follows the course."""
    access.require(actor, access.Permission.MANAGE_TRAINING)
    given = parse(TrainingRecordInput, data)
    errors: dict[str, str] = {}
    staff = session.get(Staff, given.staff_id)
    if staff is None or staff.school_id != actor.school_id:
        errors["staff_id"] = "There is no member of staff with that id in your school."
    course = _course(session, actor, given.course_id)
    if course is None:
        errors["course_id"] = "There is no course with that id in your school."
    if given.completed_on > school_today(now):
        errors["completed_on"] = "The completion date can't be in the future."
    elif staff is not None and course is not None:
        repeat = session.scalar(
            select(TrainingRecord.id).where(
                TrainingRecord.staff_id == staff.id,
                TrainingRecord.course_id == course.id,
                TrainingRecord.completed_on == given.completed_on,
            )
        )
        if repeat is not None:
            errors["completed_on"] = (
                f"{staff.display_name}'s {course.name} on "
                f"{friendly_date(given.completed_on)} is already recorded."
            )
    if errors:
        raise InvalidInput(errors)
    assert staff is not None and course is not None
    record = TrainingRecord(
        staff_id=staff.id,
        course_id=course.id,
        completed_on=given.completed_on,
        expires_on=expiry_date(given.completed_on, course.valid_months),
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="training_record",
        entity_id=record.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"staff_id": staff.id, "course_id": course.id},
    )
    expires = friendly_date(record.expires_on) if record.expires_on else "never"
    return Outcome(
        reply=Reply(
            title=f"Training recorded: {staff.display_name}, {course.name}",
            fields=(("Completed", friendly_date(record.completed_on)), ("Expires", expires)),
        ),
        record_id=record.id,
    )


def require_course_for_role(
    *,
    session: Session,
    actor: Actor,
    data: RequirementInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """Say that everyone holding a role must hold a course (e.g. every TA: Team Teach)."""
    access.require(actor, access.Permission.MANAGE_TRAINING)
    given = parse(RequirementInput, data)
    course = _course(session, actor, given.course_id)
    if course is None:
        raise InvalidInput({"course_id": "There is no course with that id in your school."})
    role_name = ROLE_NAMES[given.role.value]
    already = session.scalar(
        select(RoleRequirement.id).where(
            RoleRequirement.school_id == actor.school_id,
            RoleRequirement.role == given.role.value,
            RoleRequirement.course_id == course.id,
        )
    )
    if already is not None:
        raise InvalidInput({"course_id": f"{role_name} already need {course.name}."})
    requirement = RoleRequirement(
        school_id=actor.school_id, role=given.role.value, course_id=course.id
    )
    session.add(requirement)
    session.flush()
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="role_requirement",
        entity_id=requirement.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"role": given.role.value, "course_id": course.id},
    )
    return Outcome(
        reply=Reply(title=f"{role_name} now need {course.name}"), record_id=requirement.id
    )


def _course(session: Session, actor: Actor, course_id: int) -> TrainingCourse | None:
    course = session.get(TrainingCourse, course_id)
    return course if course is not None and course.school_id == actor.school_id else None


# (course, months it stays valid or None, roles that need it, within months of the role)
DEFAULT_REQUIREMENTS: tuple[tuple[str, int | None, tuple[Role, ...], int | None], ...] = (
    # KCSIE: safeguarding and child protection updates for all staff, at least annually.
    ("Safeguarding update", 12, (Role.TEACHER, Role.TA, Role.SENDCO, Role.DSL, Role.HEAD), None),
    # KCSIE: the designated safeguarding lead's training, at least every two years.
    ("DSL training", 24, (Role.DSL,), None),
    # SEND Regulations 2014 reg 50: a newly appointed SENCO gains the NPQ for SENCOs within
    # three years of appointment.
    ("NPQ for SENCOs", None, (Role.SENDCO,), 36),
)


def accept_default_requirements(*, session: Session, actor: Actor, now: datetime) -> Outcome:
    """The requirements most schools hold, set up in one go (and changed like any other):
    courses are matched by name, so nothing the school already has is duplicated."""
    access.require(actor, access.Permission.MANAGE_TRAINING)
    added: list[str] = []
    for name, valid_months, roles, within in DEFAULT_REQUIREMENTS:
        course = session.scalar(
            select(TrainingCourse).where(
                TrainingCourse.school_id == actor.school_id,
                func.lower(TrainingCourse.name) == name.lower(),
            )
        )
        if course is None:
            course = TrainingCourse(school_id=actor.school_id, name=name, valid_months=valid_months)
            session.add(course)
            session.flush()
        for role in roles:
            exists = session.scalar(
                select(RoleRequirement.id).where(
                    RoleRequirement.school_id == actor.school_id,
                    RoleRequirement.role == role.value,
                    RoleRequirement.course_id == course.id,
                )
            )
            if exists is None:
                session.add(
                    RoleRequirement(
                        school_id=actor.school_id,
                        role=role.value,
                        course_id=course.id,
                        within_months=within,
                    )
                )
                added.append(f"{ROLE_NAMES[role.value]}: {name}")
    session.flush()
    audit.record(
        session, action=AuditAction.CREATE, entity="role_requirement", school_id=actor.school_id,
        actor_id=actor.staff_id, detail={"defaults": len(added)},
    )  # fmt: skip
    title = "Default training requirements added" if added else "The defaults were all in place"
    return Outcome(reply=Reply(title=title, lines=tuple(added)))
