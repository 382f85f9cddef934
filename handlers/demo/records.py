"""The demo school's day-to-day records: concerns, advice requests, training and term dates."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from handlers.demo.calendar import (
    add_months,
    london,
    school_days_before,
    school_year,
    school_year_start,
)
from storage.codes import AdviceStatus, AreaOfNeed, ConcernStatus, Role, SenProvision, Urgency
from storage.models import (
    AdviceMessage,
    AdviceRequest,
    CalendarPeriod,
    Concern,
    ConcernArea,
    ConcernPupil,
    ConcernStatusChange,
    Pupil,
    RoleRequirement,
    School,
    Staff,
    TrainingCourse,
    TrainingRecord,
)

A = AreaOfNeed
S = ConcernStatus


@dataclass(frozen=True)
class ConcernSeed:
    class_name: str
    by_ta: bool  # raised by a TA rather than the class teacher
    school_days_ago: int
    observed: str
    tried: str
    areas: tuple[AreaOfNeed, ...]
    urgency: Urgency
    then: tuple[ConcernStatus, ...] = ()  # statuses after "new", oldest first
    same_pupil_as_previous: bool = False


CONCERNS = (
    ConcernSeed("2C", False, 8, "Finds it very hard to settle after lunch; covers ears and hides "
                "under the table when the room gets noisy.", "Ear defenders and a quiet corner.",
                (A.SEMH, A.SENSORY_PHYSICAL), Urgency.MEDIUM, (S.ACKNOWLEDGED,)),
    ConcernSeed("2C", True, 3, "In the phonics group could not blend CVC words managed easily "
                "last week; tired and tearful.", "Sound buttons and extra thinking time.",
                (A.COGNITION,), Urgency.MEDIUM, same_pupil_as_previous=True),
    ConcernSeed("4C", False, 15, "Reverses b/d and p/q far more than the rest of the class; "
                "spelling well below peers.", "Letter formation mat; spelling list cut to five.",
                (A.COGNITION,), Urgency.LOW, (S.ACKNOWLEDGED, S.MONITORING)),
    ConcernSeed("1H", False, 20, "Speech is hard for adults outside the family to understand; "
                "gets frustrated when not understood.", "Modelling sounds back; picture cards.",
                (A.COMMUNICATION,), Urgency.MEDIUM, (S.ACKNOWLEDGED, S.MONITORING)),
    ConcernSeed("5H", False, 2, "Squints at the board and moves close to read; has mentioned "
                "headaches.", "Moved to the front; told parents at pick-up.",
                (A.SENSORY_PHYSICAL,), Urgency.HIGH),
    ConcernSeed("3C", False, 25, "Withdrawn and quiet since moving house over the summer.",
                "Daily check-in with the class TA.", (A.SEMH,), Urgency.LOW,
                (S.ACKNOWLEDGED, S.MONITORING, S.CLOSED)),
)  # fmt: skip
STATUS_NOTES = {
    S.ACKNOWLEDGED: "Thank you. I will observe in class this week.",
    S.MONITORING: "Monitoring for six weeks with the strategies agreed; review at half term.",
    S.CLOSED: "Settled well now; no further action. Parents informed.",
}

# (who asks: class or "ta", question, status, the SENDCO's answer)
ADVICE = (
    ("4H", "How can I adapt written tasks for a pupil with dyslexic traits? Recording takes "
     "them a very long time.", AdviceStatus.OPEN, None),
    ("1C", "Any ideas for a visual timetable for a child who finds transitions hard?",
     AdviceStatus.CLAIMED, None),
    ("ta", "Should I carry on with Toe by Toe after a pupil has been absent for a week, or go "
     "back a few pages?", AdviceStatus.ANSWERED,
     "Go back two pages for a quick recap, then carry on; note the absence in the session log."),
    ("6H", "What evidence do we need for access arrangements in the KS2 tests?",
     AdviceStatus.CLOSED,
     "A history of the arrangement being normal practice in class; I will go through it with you."),
)  # fmt: skip

# (course, months valid or None for never expires, roles that must hold it)
COURSES: tuple[tuple[str, int | None, tuple[Role, ...]], ...] = (
    ("Safeguarding level 1", 36, tuple(Role)),
    ("DSL training", 24, (Role.DSL,)),
    ("Autism awareness", None, (Role.TEACHER, Role.TA, Role.SENDCO)),
    ("Epipen and anaphylaxis", 12, (Role.TEACHER, Role.TA)),
    ("Team Teach", 36, (Role.TA,)),
    ("Paediatric first aid", 36, (Role.ADMIN,)),
)


def add_calendar(session: Session, *, school: School, today: date) -> None:
    """Term dates, half terms and INSET days of the school year holding `today`."""
    for period in school_year(school_year_start(today)):
        session.add(
            CalendarPeriod(
                school_id=school.id,
                kind=period.kind.value,
                name=period.name,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
            )
        )


def add_concerns(
    session: Session,
    *,
    school: School,
    pupils: list[Pupil],
    teachers: dict[str, Staff],
    tas: list[Staff],
    sendco: Staff,
    today: date,
    rng: random.Random,
) -> list[Concern]:
    days = school_days_before(today, 40)
    concerns: list[Concern] = []
    pupil: Pupil | None = None
    for seed in CONCERNS:
        if not (seed.same_pupil_as_previous and pupil):
            in_class = [
                p for p in pupils
                if p.class_name == seed.class_name and p.sen_status == SenProvision.NONE
            ]  # fmt: skip
            pupil = rng.choice(in_class)
        raiser = rng.choice(tas) if seed.by_ta else teachers[seed.class_name]
        at = len(days) - seed.school_days_ago
        raised_at = london(days[at], 15, rng.randint(30, 59))
        concern = Concern(
            school_id=school.id,
            raised_by_id=raiser.id,
            assigned_to_id=sendco.id if seed.then else None,
            raised_at=raised_at,
            observed_on=days[at],
            observed=seed.observed,
            tried=seed.tried,
            urgency=seed.urgency.value,
            status=(seed.then[-1] if seed.then else S.NEW).value,
            source="demo",
        )
        concern.pupils = [ConcernPupil(pupil_id=pupil.id)]
        concern.areas = [ConcernArea(area=area.value) for area in seed.areas]
        concern.history = [
            ConcernStatusChange(
                changed_at=raised_at, changed_by_id=raiser.id, to_status=S.NEW.value
            )
        ]
        previous = S.NEW
        for step, status in enumerate(seed.then, 1):
            day = days[min(at + 2 * step, len(days) - 1)]
            concern.history.append(
                ConcernStatusChange(
                    changed_at=london(day, 8 + step, 15),
                    changed_by_id=sendco.id,
                    from_status=previous.value,
                    to_status=status.value,
                    note=STATUS_NOTES[status],
                )
            )
            previous = status
        concerns.append(concern)
    session.add_all(concerns)
    return concerns


def add_advice(
    session: Session,
    *,
    school: School,
    pupils: list[Pupil],
    teachers: dict[str, Staff],
    tas: list[Staff],
    sendco: Staff,
    today: date,
) -> None:
    days = school_days_before(today, 10)
    for number, (asker_key, question, status, answer) in enumerate(ADVICE):
        asker = tas[0] if asker_key == "ta" else teachers[asker_key]
        about = next(
            (p for p in pupils if p.class_name == asker_key and p.sen_status != SenProvision.NONE),
            None,
        )
        asked = london(days[2 * number], 12, 40)
        request = AdviceRequest(
            school_id=school.id,
            asked_by_id=asker.id,
            pupil_id=about.id if about and status is AdviceStatus.OPEN else None,
            question=question,
            status=status.value,
            asked_at=asked,
            source="demo",
        )
        if status is not AdviceStatus.OPEN:
            request.claimed_by_id = sendco.id
            request.claimed_at = asked + timedelta(hours=2)
        if answer:
            request.answered_at = asked + timedelta(days=1)
            request.messages = [
                AdviceMessage(author_id=sendco.id, body=answer, sent_at=request.answered_at)
            ]
        if status is AdviceStatus.CLOSED:
            request.closed_at = asked + timedelta(days=2)
        session.add(request)


def add_training(
    session: Session, *, school: School, staff: list[Staff], today: date, rng: random.Random
) -> None:
    """Courses, what each role must hold, and records: mostly current, a few lapsed or missing."""
    needed: list[tuple[Staff, TrainingCourse]] = []
    for name, months, roles in COURSES:
        course = TrainingCourse(school_id=school.id, name=name, valid_months=months)
        session.add(course)
        session.flush()
        for role in roles:
            session.add(RoleRequirement(school_id=school.id, role=role.value, course_id=course.id))
        needed += [(s, course) for s in staff if s.role_names & {r.value for r in roles}]
    expiring = [pair for pair in needed if pair[1].valid_months]
    picked = rng.sample(expiring, 6)
    expired, soon, missing = picked[:2], picked[2:4], {*picked[4:], rng.choice(needed)}
    for member, course in needed:
        if (member, course) in missing:
            continue
        valid = course.valid_months
        if (member, course) in expired:
            completed = add_months(today - timedelta(days=rng.randint(10, 90)), -(valid or 0))
        elif (member, course) in soon:
            completed = add_months(today + timedelta(days=rng.randint(5, 28)), -(valid or 0))
        else:
            longest = (valid * 30 - 60) if valid else 1500
            completed = today - timedelta(days=rng.randint(20, longest))
        session.add(
            TrainingRecord(
                staff_id=member.id,
                course_id=course.id,
                completed_on=completed,
                expires_on=add_months(completed, valid) if valid else None,
            )
        )
