"""Who is missing what: the whole-school training report, and a person's own training."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access
from handlers.interventions.common import friendly_date
from handlers.training.status import (
    DEFAULT_WARN_DAYS,
    CourseStatus,
    TrainingState,
    training_status,
)
from handlers.vocabulary import Actor, Outcome, Reply
from storage.models import RoleRequirement, Staff, TrainingCourse, TrainingRecord


@dataclass(frozen=True)
class CourseLine:
    name: str
    status: CourseStatus


@dataclass(frozen=True)
class StaffTraining:
    staff_id: int
    name: str
    email: str
    roles: tuple[str, ...]
    required: tuple[CourseLine, ...]  # each course their roles require, with its state
    held: tuple[tuple[str, date, date | None], ...]  # (course, completed, expires), newest first

    @property
    def gaps(self) -> tuple[CourseLine, ...]:
        return tuple(line for line in self.required if line.status.is_gap)


def school_training(
    session: Session,
    school_id: int,
    on: date,
    *,
    warn_days: int = DEFAULT_WARN_DAYS,
    staff_id: int | None = None,
) -> list[StaffTraining]:
    """Every active member of staff (or just `staff_id`) with the state of their training."""
    courses = {
        c.id: c.name
        for c in session.scalars(
            select(TrainingCourse).where(TrainingCourse.school_id == school_id)
        )
    }
    requirements = list(
        session.scalars(select(RoleRequirement).where(RoleRequirement.school_id == school_id))
    )
    query = (
        select(Staff)
        .where(Staff.school_id == school_id, Staff.active.is_(True))
        .options(selectinload(Staff.roles))
        .order_by(Staff.display_name)
    )
    if staff_id is not None:
        query = query.where(Staff.id == staff_id)
    people = list(session.scalars(query))
    records: dict[int, list[TrainingRecord]] = {p.id: [] for p in people}
    for record in session.scalars(
        select(TrainingRecord)
        .where(TrainingRecord.staff_id.in_(list(records)))
        .order_by(TrainingRecord.completed_on.desc())
    ):
        records[record.staff_id].append(record)
    result: list[StaffTraining] = []
    for person in people:
        roles = tuple(sorted(person.role_names))
        since = {r.role: r.since for r in person.roles if r.since is not None}
        statuses = training_status(requirements, records[person.id], roles, on, warn_days, since)
        result.append(
            StaffTraining(
                staff_id=person.id,
                name=person.display_name,
                email=person.email,
                roles=roles,
                required=tuple(CourseLine(courses[s.course_id], s) for s in statuses),
                held=tuple(
                    (courses[r.course_id], r.completed_on, r.expires_on) for r in records[person.id]
                ),
            )
        )
    return result


def training_gaps(
    *, session: Session, actor: Actor, on: date, warn_days: int = DEFAULT_WARN_DAYS
) -> Outcome:
    """The whole school: who has never done a required course, whose has expired or expires
    within `warn_days` days."""
    access.require(actor, access.Permission.READ_TRAINING_REPORT)
    people = [
        p for p in school_training(session, actor.school_id, on, warn_days=warn_days) if p.gaps
    ]
    if not people:
        return Outcome(
            reply=Reply(title=f"Training: everyone is up to date on {friendly_date(on)}.")
        )
    lines = tuple(f"{p.name}: " + "; ".join(_gap_text(line) for line in p.gaps) for p in people)
    return Outcome(
        reply=Reply(
            title=f"Training gaps on {friendly_date(on)} ({len(people)} staff)", lines=lines
        )
    )


def my_training(
    *, session: Session, actor: Actor, on: date, warn_days: int = DEFAULT_WARN_DAYS
) -> Outcome:
    """Any member of staff: the courses they hold and what their roles still need."""
    found = school_training(
        session, actor.school_id, on, warn_days=warn_days, staff_id=actor.staff_id
    )
    if not found:
        return Outcome(reply=Reply(title="No training record found for you.", ok=False))
    me = found[0]
    held = tuple(
        f"{name}: completed {friendly_date(done)}"
        + (f", expires {friendly_date(expires)}" if expires else "")
        for name, done, expires in me.held
    ) or ("No courses recorded yet.",)
    needed = tuple(_gap_text(line) for line in me.gaps)
    fields = (("Needs attention", "; ".join(needed) if needed else "nothing: all up to date"),)
    return Outcome(reply=Reply(title="Your training", fields=fields, lines=held))


def _gap_text(line: CourseLine) -> str:
    status = line.status
    if status.state is TrainingState.MISSING:
        return f"{line.name} missing"
    assert status.expires_on is not None
    if status.state is TrainingState.EXPIRED:
        return f"{line.name} expired {friendly_date(status.expires_on)}"
    if status.state is TrainingState.DUE:
        return f"{line.name} needed by {friendly_date(status.expires_on)}"
    return f"{line.name} expires {friendly_date(status.expires_on)}"
