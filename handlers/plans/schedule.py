"""When reviews fall: the next review after one is held, and each pupil's review dates.

`next_review_after` is pure; `review_dates` gathers the dates the SEN register and its export
show (EHCP issue date, last review, next review due) for many pupils in three queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers import statutory
from handlers.statutory import DEFAULT_PERIODS, StatutoryPeriods
from storage.codes import PlanKind, PlanStatus, ReviewKind, ReviewOutcome, ReviewStatus
from storage.models import Plan, Review

# The reviews of a pupil's place on the register (not Health Care Plans or PEPs).
REGISTER_REVIEW_KINDS = (
    ReviewKind.SEN_SUPPORT.value,
    ReviewKind.EHCP_ANNUAL.value,
    ReviewKind.EHCP_INTERIM.value,
    ReviewKind.PHASE_TRANSFER.value,
)

# The EHCP reviews that have reg 20 milestones around their meeting.
EHCP_REVIEW_KINDS = frozenset(
    {ReviewKind.EHCP_ANNUAL, ReviewKind.EHCP_INTERIM, ReviewKind.PHASE_TRANSFER}
)

ENDING_OUTCOMES = frozenset({ReviewOutcome.CEASE, ReviewOutcome.NO_LONGER_NEEDED})


def next_review_after(
    kind: ReviewKind,
    held_on: date,
    outcome: ReviewOutcome,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> tuple[ReviewKind, date] | None:
    """The review to schedule once a review of `kind` was held on `held_on`, if any.

    A plan that ceases or is no longer needed has no next review; an interim EHCP review
    leaves the annual review where it was; a phase-transfer review counts as the annual one.
    """
    if outcome in ENDING_OUTCOMES or kind is ReviewKind.EHCP_INTERIM:
        return None
    if kind is ReviewKind.SEN_SUPPORT:
        return kind, statutory.sen_support_review_due(held_on, periods)
    if kind in (ReviewKind.EHCP_ANNUAL, ReviewKind.PHASE_TRANSFER):
        return ReviewKind.EHCP_ANNUAL, statutory.next_annual_review_due(held_on, held_on, periods)
    if kind is ReviewKind.HEALTH_CARE:
        return kind, statutory.health_care_review_due(held_on, periods)
    return kind, statutory.pep_review_due(held_on, periods)


@dataclass(frozen=True)
class ReviewDates:
    ehcp_issued_on: date | None = None
    last_review_on: date | None = None
    next_review_due: date | None = None


def review_dates(
    session: Session, pupil_ids: Sequence[int], periods: StatutoryPeriods = DEFAULT_PERIODS
) -> dict[int, ReviewDates]:
    """pupil id -> the register's review dates. The next review due is the earliest scheduled
    review; failing that (records imported without reviews) it follows from the active plan."""
    if not pupil_ids:
        return {}
    ids = list(pupil_ids)
    ehcps: dict[int, Plan] = {}
    supports: dict[int, Plan] = {}
    for plan in session.scalars(
        select(Plan)
        .where(
            Plan.pupil_id.in_(ids),
            Plan.status == PlanStatus.ACTIVE.value,
            Plan.kind.in_([PlanKind.EHCP.value, PlanKind.SEN_SUPPORT.value]),
        )
        .order_by(Plan.id)
    ):
        (ehcps if plan.kind == PlanKind.EHCP.value else supports)[plan.pupil_id] = plan
    held = dict(
        session.execute(
            select(Review.pupil_id, func.max(Review.held_on))
            .where(
                Review.pupil_id.in_(ids),
                Review.status == ReviewStatus.HELD.value,
                Review.kind.in_(REGISTER_REVIEW_KINDS),
            )
            .group_by(Review.pupil_id)
        ).all()
    )
    scheduled = dict(
        session.execute(
            select(Review.pupil_id, func.min(Review.due_on))
            .where(
                Review.pupil_id.in_(ids),
                Review.status == ReviewStatus.SCHEDULED.value,
                Review.kind.in_(REGISTER_REVIEW_KINDS),
            )
            .group_by(Review.pupil_id)
        ).all()
    )
    found: dict[int, ReviewDates] = {}
    for pupil_id in ids:
        ehcp, support = ehcps.get(pupil_id), supports.get(pupil_id)
        candidates = [held.get(pupil_id)]
        candidates += [p.last_reviewed_on for p in (ehcp, support) if p is not None]
        known = [d for d in candidates if d is not None]
        last = max(known) if known else None
        due = scheduled.get(pupil_id) or _due_from_plans(ehcp, support, last, periods)
        found[pupil_id] = ReviewDates(
            # An EHCP imported without its issue date holds the import day: not shown.
            ehcp_issued_on=ehcp.started_on if ehcp and not ehcp.date_unknown else None,
            last_review_on=last,
            next_review_due=due,
        )
    return found


def _due_from_plans(
    ehcp: Plan | None, support: Plan | None, last: date | None, periods: StatutoryPeriods
) -> date | None:
    if last is None and any(p is not None and p.date_unknown for p in (ehcp, support)):
        return None  # nothing to count from: the SENDCO is asked for the date
    if ehcp is not None:
        return statutory.next_annual_review_due(ehcp.started_on, last, periods)
    if support is not None:
        if support.review_due_on is not None:
            return support.review_due_on
        if last is not None:
            return statutory.sen_support_review_due(last, periods)
    return None
