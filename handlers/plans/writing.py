"""Writing plans: adding one with its first review, and ending the plans it replaces.

Shared by the plan handlers in `create` and `ehcp`; each write is audited here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers.plans.common import plan_ref
from handlers.vocabulary import Actor
from storage.codes import AuditAction, PlanKind, PlanStatus, ReviewKind, ReviewStatus
from storage.models import Plan, Pupil, Review


def active_plans(session: Session, pupil: Pupil, kind: PlanKind) -> list[Plan]:
    return list(
        session.scalars(
            select(Plan)
            .where(
                Plan.pupil_id == pupil.id,
                Plan.kind == kind.value,
                Plan.status == PlanStatus.ACTIVE.value,
            )
            .order_by(Plan.id)
        )
    )


def end_active_plans(
    session: Session, actor: Actor, pupil: Pupil, kind: PlanKind, today: date
) -> list[Plan]:
    """End the pupil's active plans of `kind` and cancel their scheduled reviews."""
    ended = active_plans(session, pupil, kind)
    for plan in ended:
        plan.status = PlanStatus.ENDED.value
        plan.ended_on = max(today, plan.started_on)
        cancelled = [r for r in plan.reviews if r.status == ReviewStatus.SCHEDULED.value]
        for review in cancelled:
            review.status = ReviewStatus.CANCELLED.value
        audit.record(
            session,
            action=AuditAction.UPDATE,
            entity="plan",
            entity_id=plan.id,
            school_id=pupil.school_id,
            actor_id=actor.staff_id,
            detail={"ended": "replaced", "cancelled_reviews": [r.id for r in cancelled]},
        )
    return ended


def add_plan_with_review(
    session: Session,
    actor: Actor,
    pupil: Pupil,
    plan: Plan,
    kind: ReviewKind,
    due: date,
    now: datetime,
) -> Review:
    """Add the plan and its first review, auditing both."""
    plan.created_at = now
    review = Review(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        plan=plan,
        kind=kind.value,
        due_on=due,
        created_at=now,
    )
    session.add_all([plan, review])
    session.flush()
    for entity, entity_id, detail in (
        ("plan", plan.id, {"kind": plan.kind, "targets": len(plan.targets)}),
        ("review", review.id, {"kind": kind.value, "plan": plan_ref(plan.id)}),
    ):
        audit.record(
            session,
            action=AuditAction.CREATE,
            entity=entity,
            entity_id=entity_id,
            school_id=pupil.school_id,
            actor_id=actor.staff_id,
            detail=detail,
        )
    return review
