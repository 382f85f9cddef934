"""Reviews: scheduling the meeting (with reg 20 milestones for EHCPs), recording the outcome
and the next review, and marking statutory milestones done."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from handlers import access, audit, statutory
from handlers.clock import school_today
from handlers.errors import Conflict, InvalidInput
from handlers.plans.common import (
    MILESTONE_LABELS,
    in_future,
    past_or_today,
    raise_problems,
    review_label,
    review_ref,
    visible_review,
)
from handlers.plans.inputs import MeetingInput, MilestoneInput, ReviewOutcomeInput
from handlers.plans.schedule import EHCP_REVIEW_KINDS, ENDING_OUTCOMES, next_review_after
from handlers.statutory import BEFORE_MEETING, DEFAULT_PERIODS, StatutoryPeriods
from handlers.validation import parse
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import (
    AuditAction,
    MilestoneKind,
    PlanStatus,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
)
from storage.models import Review, ReviewMilestone


def schedule_review_meeting(
    *,
    session: Session,
    actor: Actor,
    review_id: int,
    data: MeetingInput | Mapping[str, Any],
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> Outcome:
    """Set (or move) a review's meeting date; for EHCP reviews, the reg 20 milestones follow."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    form = parse(MeetingInput, data)
    _require_scheduled(review)
    today = school_today(now)
    if form.meeting_on < today:
        raise InvalidInput(
            {"meeting_on": "That date has passed; for a meeting already held, record the outcome"}
        )
    review.meeting_on = form.meeting_on
    lines: list[str] = []
    if form.meeting_on > review.due_on:
        lines.append(
            f"This is after the review is due ({review.due_on.isoformat()}): "
            "the review will be late."
        )
    if ReviewKind(review.kind) in EHCP_REVIEW_KINDS:
        _set_milestones(review, statutory.review_milestones(form.meeting_on, periods))
        session.flush()
        for milestone in review.milestones:
            kind = MilestoneKind(milestone.kind)
            late = kind in BEFORE_MEETING and milestone.due_on < today
            lines.append(
                f"{MILESTONE_LABELS[kind]}: by {milestone.due_on.isoformat()}"
                + (" — already past: do it now" if late and not milestone.completed_on else "")
            )
    _audit(session, actor, review, {"meeting_on": form.meeting_on.isoformat()})
    reply = Reply(
        title=f"{review_label(review.kind)} {review_ref(review.id)}: meeting on "
        f"{form.meeting_on.isoformat()}",
        fields=(("Due by", review.due_on.isoformat()),),
        lines=tuple(lines),
        buttons=(Button("review.record_outcome", "Record the outcome", str(review.id)),),
    )
    return Outcome(reply=reply, record_id=review.id)


def record_review_outcome(
    *,
    session: Session,
    actor: Actor,
    review_id: int,
    data: ReviewOutcomeInput | Mapping[str, Any],
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> Outcome:
    """Mark a review held with its outcome and notes, update target progress, and schedule
    the next review (termly for SEN support, 12 months on for an EHCP) unless the plan ends."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    form = parse(ReviewOutcomeInput, data)
    _require_scheduled(review)
    today = school_today(now)
    plan = review.plan
    problems: dict[str, str] = {}
    past_or_today(problems, "held_on", form.held_on, today)
    if plan is not None and form.held_on < plan.started_on:
        problems["held_on"] = f"That is before the plan started ({plan.started_on.isoformat()})"
    in_future(problems, "next_review_due_on", form.next_review_due_on, today)
    targets = {t.id: t for t in plan.targets} if plan is not None else {}
    unknown = [str(t.target_id) for t in form.targets if t.target_id not in targets]
    if unknown:
        problems["targets"] = f"Not targets of this plan: {', '.join(unknown)}"
    raise_problems(problems)

    review.status = ReviewStatus.HELD.value
    review.held_on = form.held_on
    review.outcome = form.outcome.value
    review.notes = form.notes
    review.recorded_by_id = actor.staff_id
    review.meeting_on = review.meeting_on or form.held_on
    kind = ReviewKind(review.kind)
    if kind in EHCP_REVIEW_KINDS:
        after = statutory.review_milestones(form.held_on, periods)
        if review.milestones:  # notice and papers were due before the planned meeting
            after = {k: d for k, d in after.items() if k not in BEFORE_MEETING}
        _set_milestones(review, after)
    for update in form.targets:
        targets[update.target_id].progress = update.progress
    _audit(session, actor, review, {"outcome": form.outcome.value, "held_on": str(form.held_on)})

    lines = [f"Target progress updated: {len(form.targets)}."] if form.targets else []
    following = next_review_after(kind, form.held_on, form.outcome, periods)
    next_review: Review | None = None
    if plan is not None:
        plan.last_reviewed_on = form.held_on
        if form.outcome in ENDING_OUTCOMES:
            _end_plan(session, actor, review, form.held_on)
            lines.append("The plan has ended. Check the pupil's SEN provision on the register.")
        elif following is not None:
            next_kind, due = following
            due = form.next_review_due_on or due
            next_review = Review(
                school_id=review.school_id,
                pupil_id=review.pupil_id,
                plan=plan,
                kind=next_kind.value,
                due_on=due,
                created_at=now,
            )
            session.add(next_review)
            plan.review_due_on = due
            session.flush()
            audit.record(
                session,
                action=AuditAction.CREATE,
                entity="review",
                entity_id=next_review.id,
                school_id=review.school_id,
                actor_id=actor.staff_id,
                detail={"kind": next_kind.value, "after": review_ref(review.id)},
            )
    session.flush()
    buttons = [
        Button(
            "review.complete_milestone",
            MILESTONE_LABELS[MilestoneKind(m.kind)],
            f"{review.id}:{m.kind}",
        )
        for m in review.milestones
        if m.completed_on is None and MilestoneKind(m.kind) not in BEFORE_MEETING
    ]
    lines += [
        f"{MILESTONE_LABELS[MilestoneKind(m.kind)]}: by {m.due_on.isoformat()}"
        for m in review.milestones
        if m.completed_on is None and MilestoneKind(m.kind) not in BEFORE_MEETING
    ]
    fields = [("Held", form.held_on.isoformat()), ("Outcome", form.outcome.value)]
    if next_review is not None:
        fields.append(("Next review due", next_review.due_on.isoformat()))
        fields.append(("Next review", review_ref(next_review.id)))
    reply = Reply(
        title=f"{review_label(review.kind)} {review_ref(review.id)} recorded",
        fields=tuple(fields),
        lines=tuple(lines),
        buttons=tuple(buttons),
    )
    return Outcome(reply=reply, record_id=review.id)


def complete_milestone(
    *,
    session: Session,
    actor: Actor,
    review_id: int,
    data: MilestoneInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """Mark a reg 20 step done (notice sent, papers circulated, report sent, LA decision)."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    form = parse(MilestoneInput, data)
    today = school_today(now)
    label = MILESTONE_LABELS[form.kind]
    milestone = next((m for m in review.milestones if m.kind == form.kind.value), None)
    if milestone is None:
        raise Conflict(
            f"{review_ref(review.id)} has no '{label}' step yet: schedule the review meeting first."
        )
    after_meeting = form.kind not in BEFORE_MEETING
    if after_meeting and review.status != ReviewStatus.HELD.value:
        raise Conflict(f"Record the outcome of {review_ref(review.id)} first, then mark '{label}'.")
    problems: dict[str, str] = {}
    past_or_today(problems, "completed_on", form.completed_on, today)
    meeting = review.held_on or review.meeting_on
    if after_meeting and meeting is not None and form.completed_on < meeting:
        problems["completed_on"] = f"That is before the review meeting ({meeting.isoformat()})"
    raise_problems(problems)
    previous = milestone.completed_on
    milestone.completed_on = form.completed_on
    detail = {"milestone": form.kind.value, "completed_on": form.completed_on.isoformat()}
    _audit(session, actor, review, detail)
    lines: list[str] = []
    if form.completed_on > milestone.due_on:
        late = (form.completed_on - milestone.due_on).days
        lines.append(f"Done {late} days after the statutory date ({milestone.due_on.isoformat()}).")
    if previous is not None and previous != form.completed_on:
        lines.append(f"Corrected: it was recorded as done on {previous.isoformat()}.")
    reply = Reply(
        title=f"{label} for {review_ref(review.id)}: {form.completed_on.isoformat()}",
        fields=(("Due by", milestone.due_on.isoformat()),),
        lines=tuple(lines),
    )
    return Outcome(reply=reply, record_id=review.id)


def _require_scheduled(review: Review) -> None:
    if review.status == ReviewStatus.HELD.value:
        held = review.held_on.isoformat() if review.held_on else "an earlier date"
        raise Conflict(f"{review_ref(review.id)} was already held on {held}.")
    if review.status == ReviewStatus.CANCELLED.value:
        raise Conflict(f"{review_ref(review.id)} was cancelled (its plan was replaced or ended).")


def _set_milestones(review: Review, dates: dict[MilestoneKind, date]) -> None:
    """Create or move each milestone; one already done keeps its completion date."""
    existing = {m.kind: m for m in review.milestones}
    for kind, due in dates.items():
        if kind.value in existing:
            existing[kind.value].due_on = due
        else:
            review.milestones.append(ReviewMilestone(kind=kind.value, due_on=due))


def _end_plan(session: Session, actor: Actor, review: Review, held_on: date) -> None:
    plan = review.plan
    assert plan is not None
    plan.status = PlanStatus.ENDED.value
    plan.ended_on = max(held_on, plan.started_on)
    cancelled = [
        r for r in plan.reviews if r is not review and r.status == ReviewStatus.SCHEDULED.value
    ]
    for other in cancelled:
        other.status = ReviewStatus.CANCELLED.value
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="plan",
        entity_id=plan.id,
        school_id=plan.school_id,
        actor_id=actor.staff_id,
        detail={"ended": review.outcome, "cancelled_reviews": [r.id for r in cancelled]},
    )


def _audit(session: Session, actor: Actor, review: Review, detail: dict[str, Any]) -> None:
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="review",
        entity_id=review.id,
        school_id=review.school_id,
        actor_id=actor.staff_id,
        detail=detail,
    )


class AmendmentInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    notice_on: date | None = None  # the LA's notice of the proposed amendments
    amended_on: date | None = None  # the final amended plan issued


def record_amendment(
    *,
    session: Session,
    actor: Actor,
    review_id: int,
    data: Mapping[str, Any],
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> Outcome:
    """Reg 22 after a review that decided to amend the EHC plan: when the LA sent the
    proposed amendments, and when it issued the final amended plan (which meets a
    phase-transfer deadline and stops the reminders)."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    form = parse(AmendmentInput, data)
    if (
        review.kind not in {k.value for k in EHCP_REVIEW_KINDS}
        or review.status != ReviewStatus.HELD.value
        or review.outcome != ReviewOutcome.AMEND.value
    ):
        raise Conflict(
            f"{review_ref(review.id)} did not decide to amend the EHC plan: record its outcome "
            "as amend first."
        )
    assert review.held_on is not None
    today = school_today(now)
    notice = form.notice_on or review.amendment_notice_on
    problems: dict[str, str] = {}
    past_or_today(problems, "notice_on", form.notice_on, today)
    past_or_today(problems, "amended_on", form.amended_on, today)
    if form.notice_on is not None and form.notice_on < review.held_on:
        problems["notice_on"] = f"That is before the review meeting ({review.held_on.isoformat()})"
    if form.amended_on is not None and notice is not None and form.amended_on < notice:
        problems["amended_on"] = f"That is before the amendment notice ({notice.isoformat()})"
    raise_problems(problems)
    if form.notice_on is not None:
        review.amendment_notice_on = form.notice_on
    if form.amended_on is not None:
        review.amended_plan_on = form.amended_on
    _audit(session, actor, review, {"amendment_notice_on": str(review.amendment_notice_on),
                                    "amended_plan_on": str(review.amended_plan_on)})  # fmt: skip
    dates = statutory.amendment_dates(review.held_on, review.amendment_notice_on, periods)
    fields: list[tuple[str, str]] = [("Proposals due by", dates.proposals_by.isoformat())]
    if dates.comments_until and dates.final_by:
        fields += [
            ("Family's comments until", dates.comments_until.isoformat()),
            ("Final amended plan due by", dates.final_by.isoformat()),
        ]
    done = review.amended_plan_on is not None
    title = (
        f"Amended EHC plan recorded for {review_ref(review.id)}: {review.amended_plan_on}"
        if done
        else f"Amendment notice recorded for {review_ref(review.id)}"
    )
    return Outcome(reply=Reply(title=title, fields=tuple(fields)), record_id=review.id)
