"""What the plan and review handlers share: references, labels, date checks, lookups."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from handlers import access
from handlers.errors import InvalidInput, NotFound
from handlers.vocabulary import Actor
from storage.codes import MilestoneKind, PlanKind, ReviewKind
from storage.models import Review

PLAN_LABELS: dict[PlanKind, str] = {
    PlanKind.SEN_SUPPORT: "SEN support plan",
    PlanKind.EHCP: "EHC plan",
    PlanKind.HEALTH_CARE: "Health Care Plan",
    PlanKind.PEP: "Personal Education Plan (PEP)",
}

REVIEW_LABELS: dict[ReviewKind, str] = {
    ReviewKind.SEN_SUPPORT: "SEN support review",
    ReviewKind.EHCP_ANNUAL: "EHCP annual review",
    ReviewKind.EHCP_INTERIM: "EHCP interim review",
    ReviewKind.PHASE_TRANSFER: "Phase transfer review",
    ReviewKind.HEALTH_CARE: "Health Care Plan review",
    ReviewKind.PEP: "PEP review",
}

MILESTONE_LABELS: dict[MilestoneKind, str] = {
    MilestoneKind.MEETING_NOTICE: "Meeting notice sent",
    MilestoneKind.PAPERS_CIRCULATED: "Advice and reports circulated",
    MilestoneKind.REPORT_SENT: "Review report sent",
    MilestoneKind.LA_DECISION: "LA decision received",
}


def plan_ref(plan_id: int) -> str:
    return f"P-{plan_id:05d}"


def review_ref(review_id: int) -> str:
    return f"R-{review_id:05d}"


def plan_label(kind: str) -> str:
    return PLAN_LABELS[PlanKind(kind)]


def review_label(kind: str) -> str:
    return REVIEW_LABELS[ReviewKind(kind)]


def past_or_today(problems: dict[str, str], name: str, day: date | None, today: date) -> None:
    if day is not None and day > today:
        problems[name] = f"{day.isoformat()} is in the future; give the date it happened"


def in_future(problems: dict[str, str], name: str, day: date | None, today: date) -> None:
    if day is not None and day <= today:
        problems[name] = f"{day.isoformat()} is not in the future; give a date after today"


def raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise InvalidInput(problems)


def visible_review(session: Session, actor: Actor, review_id: int) -> Review:
    """The review, if the actor may see its pupil (another school's review is Denied)."""
    review = session.get(Review, review_id)
    if review is None:
        raise NotFound(f"There is no review {review_ref(review_id)}.")
    access.require_pupil_visible(session, actor, review.pupil_id)
    return review
