"""Loading one school's facts for the reminder rules: a handful of queries, no decisions.

Only what can still lead to a reminder is loaded: active plans and their reviews, open
assessment requests, waiting advice requests, running interventions, new concerns, and the
training of active staff. Pupils who have left (not on roll) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from handlers.clock import school_date
from handlers.reminders.model import (
    AssessmentFacts,
    Completion,
    ConcernFacts,
    InterventionFacts,
    MilestoneFacts,
    Person,
    PlanFacts,
    PupilFacts,
    Requirement,
    ReviewFacts,
    SchoolFacts,
    TrainingFacts,
    UndeliveredNotice,
)
from handlers.reminders.rules.common import REVIEW_KINDS
from storage.codes import (
    AdviceStatus,
    AssessmentStatus,
    ConcernStatus,
    InterventionStatus,
    OutboxStatus,
    PlanStatus,
    ReviewStatus,
)
from storage.models import (
    AdviceRequest,
    AssessmentRequest,
    Concern,
    DeadlineException,
    Intervention,
    InterventionSession,
    OutboxNotice,
    Plan,
    Pupil,
    Review,
    RoleRequirement,
    Staff,
    TrainingCourse,
    TrainingRecord,
)

# Open requests, and refusals (their appeal window is reminded).
OPEN_ASSESSMENTS = (
    AssessmentStatus.REQUESTED.value,
    AssessmentStatus.AGREED.value,
    AssessmentStatus.REFUSED.value,
    AssessmentStatus.NO_PLAN.value,
)
WAITING_ADVICE = (AdviceStatus.OPEN.value, AdviceStatus.CLAIMED.value)
RUNNING = (InterventionStatus.PLANNED.value, InterventionStatus.ACTIVE.value)


def load_facts(session: Session, *, school_id: int) -> SchoolFacts:
    staff = _staff(session, school_id)
    pupils = _pupils(session, school_id)
    return SchoolFacts(
        school_id=school_id,
        staff=staff,
        plans=_plans(session, school_id, pupils),
        assessments=_assessments(session, school_id, pupils),
        training=_training(session, school_id, staff),
        advice=tuple(
            session.scalars(
                select(AdviceRequest)
                .where(
                    AdviceRequest.school_id == school_id,
                    AdviceRequest.status.in_(WAITING_ADVICE),
                )
                .options(selectinload(AdviceRequest.messages))
                .order_by(AdviceRequest.id)
            )
        ),
        interventions=_interventions(session, school_id),
        concerns=_concerns(session, school_id, pupils),
        undelivered=_undelivered(session, school_id, staff),
        looked_after=tuple(p for p in pupils.values() if p.looked_after),
        exceptions=_exceptions(session, school_id),
    )


def _exceptions(session: Session, school_id: int) -> dict[tuple[str, str], tuple[str, date | None]]:
    rows = session.execute(
        select(
            DeadlineException.rule,
            DeadlineException.ref,
            DeadlineException.reason,
            DeadlineException.until,
        ).where(DeadlineException.school_id == school_id)
    )
    return {(row.rule, row.ref): (row.reason, row.until) for row in rows}


def _undelivered(
    session: Session, school_id: int, staff: dict[int, Person]
) -> tuple[UndeliveredNotice, ...]:
    rows = session.execute(
        select(OutboxNotice.rule, OutboxNotice.recipient_id, OutboxNotice.channel,
               OutboxNotice.due_on, OutboxNotice.last_error)
        .where(OutboxNotice.school_id == school_id,
               OutboxNotice.status == OutboxStatus.FAILED.value)
        .order_by(OutboxNotice.due_on, OutboxNotice.id)
    )  # fmt: skip
    return tuple(
        UndeliveredNotice(
            rule=row.rule,
            recipient=(
                staff[row.recipient_id].name
                if row.recipient_id in staff
                else f"the {row.channel or 'school'} channel"
            ),
            due=row.due_on,
            error=(row.last_error or "").splitlines()[0][:120] if row.last_error else "",
        )
        for row in rows
    )


def _staff(session: Session, school_id: int) -> dict[int, Person]:
    rows = session.scalars(
        select(Staff)
        .where(Staff.school_id == school_id, Staff.active.is_(True))
        .options(selectinload(Staff.roles), selectinload(Staff.classes))
        .order_by(Staff.id)
    )
    return {
        s.id: Person(
            id=s.id,
            email=s.email,
            name=s.display_name,
            roles=frozenset(s.role_names),
            classes=frozenset(c.class_name for c in s.classes),
            role_since=tuple((r.role, r.since) for r in s.roles if r.since is not None),
        )
        for s in rows
    }


def _pupils(session: Session, school_id: int) -> dict[int, PupilFacts]:
    rows = session.execute(
        select(
            Pupil.id,
            Pupil.upn,
            Pupil.first_name,
            Pupil.preferred_name,
            Pupil.last_name,
            Pupil.year_group,
            Pupil.date_of_birth,
            Pupil.class_name,
            Pupil.looked_after,
        ).where(Pupil.school_id == school_id, Pupil.on_roll.is_(True))
    )
    return {
        row.id: PupilFacts(
            id=row.id,
            upn=row.upn,
            name=f"{row.preferred_name or row.first_name} {row.last_name}",
            year_group=row.year_group,
            date_of_birth=row.date_of_birth,
            class_name=row.class_name,
            looked_after=row.looked_after,
        )
        for row in rows
    }


def _review(review: Review) -> ReviewFacts:
    return ReviewFacts(
        id=review.id,
        kind=review.kind,
        status=review.status,
        due_on=review.due_on,
        meeting_on=review.meeting_on,
        held_on=review.held_on,
        outcome=review.outcome,
        amendment_notice_on=review.amendment_notice_on,
        amended_plan_on=review.amended_plan_on,
        milestones=tuple(
            MilestoneFacts(kind=m.kind, due_on=m.due_on, completed_on=m.completed_on)
            for m in review.milestones
        ),
    )


def _plans(
    session: Session, school_id: int, pupils: dict[int, PupilFacts]
) -> tuple[PlanFacts, ...]:
    plans = [
        p
        for p in session.scalars(
            select(Plan)
            .where(Plan.school_id == school_id, Plan.status == PlanStatus.ACTIVE.value)
            .order_by(Plan.id)
        )
        if p.pupil_id in pupils
    ]
    by_pupil_kind = {(p.pupil_id, p.kind): p.id for p in plans}
    reviews: dict[int, list[ReviewFacts]] = defaultdict(list)
    active = select(Plan.id).where(
        Plan.school_id == school_id, Plan.status == PlanStatus.ACTIVE.value
    )
    for review in session.scalars(
        select(Review)
        .where(
            Review.school_id == school_id,
            Review.status != ReviewStatus.CANCELLED.value,
            or_(Review.plan_id.in_(active), Review.plan_id.is_(None)),
        )
        .options(selectinload(Review.milestones))
        .order_by(Review.due_on, Review.id)
    ):
        plan_id = review.plan_id or _plan_for(by_pupil_kind, review)
        if plan_id is not None:
            reviews[plan_id].append(_review(review))
    return tuple(
        PlanFacts(
            id=p.id,
            pupil=pupils[p.pupil_id],
            kind=p.kind,
            started_on=p.started_on,
            review_due_on=p.review_due_on,
            last_reviewed_on=p.last_reviewed_on,
            reviews=tuple(reviews.get(p.id, ())),
            date_unknown=p.date_unknown,
        )
        for p in plans
    )


def _plan_for(by_pupil_kind: dict[tuple[int, str], int], review: Review) -> int | None:
    """A review recorded without a plan belongs to the pupil's active plan of its kind."""
    for kind, review_kinds in REVIEW_KINDS.items():
        if review.kind in review_kinds:
            return by_pupil_kind.get((review.pupil_id, kind))
    return None


def _assessments(
    session: Session, school_id: int, pupils: dict[int, PupilFacts]
) -> tuple[AssessmentFacts, ...]:
    rows = session.scalars(
        select(AssessmentRequest)
        .where(
            AssessmentRequest.school_id == school_id,
            AssessmentRequest.status.in_(OPEN_ASSESSMENTS),
        )
        .order_by(AssessmentRequest.id)
    )
    return tuple(
        AssessmentFacts(
            id=r.id,
            pupil=pupils[r.pupil_id],
            requested_on=r.requested_on,
            status=r.status,
            decided_on=r.decided_on,
            plan_issued_on=r.plan_issued_on,
            advice_asked_on=r.advice_asked_on,
            advice_sent_on=r.advice_sent_on,
        )
        for r in rows
        if r.pupil_id in pupils
    )


def _training(session: Session, school_id: int, staff: dict[int, Person]) -> TrainingFacts:
    courses = {
        course_id: name
        for course_id, name in session.execute(
            select(TrainingCourse.id, TrainingCourse.name).where(
                TrainingCourse.school_id == school_id
            )
        )
    }
    requirements = tuple(
        Requirement(role=role, course_id=course_id, within_months=within)
        for role, course_id, within in session.execute(
            select(
                RoleRequirement.role, RoleRequirement.course_id, RoleRequirement.within_months
            ).where(RoleRequirement.school_id == school_id)
        )
    )
    records: dict[int, list[Completion]] = defaultdict(list)
    if staff and requirements:
        for record in session.scalars(
            select(TrainingRecord).where(TrainingRecord.staff_id.in_(list(staff)))
        ):
            records[record.staff_id].append(
                Completion(record.course_id, record.completed_on, record.expires_on)
            )
    return TrainingFacts(
        courses=courses,
        requirements=requirements,
        records={staff_id: tuple(found) for staff_id, found in records.items()},
    )


def _interventions(session: Session, school_id: int) -> tuple[InterventionFacts, ...]:
    groups = list(
        session.scalars(
            select(Intervention)
            .where(Intervention.school_id == school_id, Intervention.status.in_(RUNNING))
            .order_by(Intervention.id)
        )
    )
    logged: dict[int, set[date]] = defaultdict(set)
    if groups:
        for group_id, held_on in session.execute(
            select(InterventionSession.intervention_id, InterventionSession.held_on)
            .where(InterventionSession.intervention_id.in_([g.id for g in groups]))
            .distinct()
        ):
            logged[group_id].add(held_on)
    return tuple(
        InterventionFacts(
            id=g.id,
            name=g.name,
            weekdays=g.weekdays,
            start_on=g.start_on,
            end_on=g.end_on,
            status=g.status,
            planned_sessions=g.planned_sessions,
            lead_id=g.lead_id,
            logged_dates=frozenset(logged[g.id]),
        )
        for g in groups
    )


def _concerns(
    session: Session, school_id: int, pupils: dict[int, PupilFacts]
) -> tuple[ConcernFacts, ...]:
    rows = session.scalars(
        select(Concern)
        .where(Concern.school_id == school_id, Concern.status == ConcernStatus.NEW.value)
        .options(selectinload(Concern.pupils))
        .order_by(Concern.id)
    )
    return tuple(
        ConcernFacts(
            id=c.id,
            status=c.status,
            raised_on=school_date(c.raised_at),
            pupils=tuple(pupils[link.pupil_id] for link in c.pupils if link.pupil_id in pupils),
            assigned_to_id=c.assigned_to_id,
        )
        for c in rows
    )
