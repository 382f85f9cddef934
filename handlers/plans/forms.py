"""The forms for plans and reviews; each field is named after its input model's field."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers import access, statutory
from handlers.clock import school_today
from handlers.concerns.lookups import SCHOOL_PUPILS
from handlers.plans.common import (
    MILESTONE_LABELS,
    plan_label,
    review_label,
    review_ref,
    visible_review,
)
from handlers.pupils.lookup import visible_pupil
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form
from storage.codes import NEED_TYPE_NAMES, MilestoneKind, NeedType, PlanKind, ReviewOutcome

OUTCOME_LABELS: dict[ReviewOutcome, str] = {
    ReviewOutcome.CONTINUE: "Continue the plan as it is",
    ReviewOutcome.AMEND: "Amend the plan",
    ReviewOutcome.CEASE: "Cease the plan",
    ReviewOutcome.ESCALATE: "Escalate (more support, or request an EHC needs assessment)",
    ReviewOutcome.NO_LONGER_NEEDED: "No longer needed",
}


def _pupil_field(session: Session, actor: Actor, pupil_id: int | None) -> Field:
    initial = None
    if pupil_id is not None:
        initial = str(visible_pupil(session, actor, pupil_id).id)
    return Field(
        "pupil", "Pupil", FieldKind.PUPIL, help="Who the plan is for.", initial=initial,
        search=SCHOOL_PUPILS,
    )  # fmt: skip


def support_plan_form(
    *, session: Session, actor: Actor, pupil_id: int | None = None, now: datetime | None = None
) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    due = statutory.sen_support_review_due(school_today(now)) if now else None
    return Form(
        action="plan.create_support",
        title="New SEN support plan",
        fields=(
            _pupil_field(session, actor, pupil_id),
            Field(
                "targets",
                "Outcomes and provision",
                FieldKind.LONG_TEXT,
                help="One per line: the outcome sought, then | and the provision that will "
                "help, e.g. 'Reads 50 high-frequency words | Precision Teaching 3x weekly'.",
            ),
            Field(
                "review_due_on",
                "Review by",
                FieldKind.DATE,
                required=False,
                initial=due.isoformat() if due else None,
                help="Leave empty for a termly review (12 weeks from today).",
            ),
            Field("parent_views", "Parents' views", FieldKind.LONG_TEXT, required=False),
            Field("pupil_views", "Pupil's views", FieldKind.LONG_TEXT, required=False),
        ),
    )


def ehcp_form(*, session: Session, actor: Actor, pupil_id: int | None = None) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    return Form(
        action="plan.record_ehcp",
        title="Record an EHC plan",
        fields=(
            _pupil_field(session, actor, pupil_id),
            Field("issued_on", "Issued on", FieldKind.DATE, help="The final plan's issue date."),
            Field("local_authority", "Local authority", FieldKind.SHORT_TEXT),
            Field(
                "last_reviewed_on",
                "Last annual review",
                FieldKind.DATE,
                required=False,
                help="If it has been reviewed already; the next review is due 12 months on.",
            ),
            Field(
                "primary_need",
                "Primary need",
                FieldKind.CHOICE,
                required=False,
                choices=tuple(
                    Choice(n.value, f"{n.value} {NEED_TYPE_NAMES[n]}")
                    for n in NeedType
                    if n is not NeedType.NSA
                ),
                help="Needed only if the pupil has no assessed need type recorded yet.",
            ),
        ),
    )


def dated_plan_form(
    *, session: Session, actor: Actor, kind: PlanKind, pupil_id: int | None = None
) -> Form:
    """The form for a Health Care Plan (kind health_care) or a PEP (kind pep)."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    pep = kind is PlanKind.PEP
    fields = [
        _pupil_field(session, actor, pupil_id),
        Field("started_on", "Started on", FieldKind.DATE),
        Field(
            "review_due_on",
            "Review by",
            FieldKind.DATE,
            required=False,
            help="Leave empty for " + ("a termly review." if pep else "a yearly review."),
        ),
    ]
    if pep:
        fields.append(
            Field(
                "local_authority", "Looking-after authority", FieldKind.SHORT_TEXT, required=False
            )
        )
    return Form(
        action="plan.add_pep" if pep else "plan.add_health_care",
        title=f"Record a {plan_label(kind)}",
        fields=tuple(fields),
    )


def review_meeting_form(*, session: Session, actor: Actor, review_id: int) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    return Form(
        action="review.schedule_meeting",
        title=f"{review_label(review.kind)} {review_ref(review.id)}: meeting date",
        fields=(
            Field(
                "meeting_on",
                "Meeting on",
                FieldKind.DATE,
                initial=review.meeting_on.isoformat() if review.meeting_on else None,
                help=f"Due by {review.due_on.isoformat()}. For an EHCP, notice and papers go "
                "out 2 weeks before.",
            ),
        ),
    )


def review_outcome_form(*, session: Session, actor: Actor, review_id: int) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    targets = review.plan.targets if review.plan is not None else []
    listed = "; ".join(f"{t.id}: {t.outcome[:60]}" for t in targets)
    fields = [
        Field(
            "held_on",
            "Held on",
            FieldKind.DATE,
            initial=review.meeting_on.isoformat() if review.meeting_on else None,
        ),
        Field(
            "outcome",
            "Outcome",
            FieldKind.CHOICE,
            choices=tuple(Choice(o.value, label) for o, label in OUTCOME_LABELS.items()),
        ),
        Field("notes", "Notes", FieldKind.LONG_TEXT, required=False),
    ]
    if targets:
        fields.append(
            Field(
                "targets",
                "Progress on targets",
                FieldKind.LONG_TEXT,
                required=False,
                help="One per line: target number, then not_started, progressing, achieved or "
                f"not_achieved. Targets: {listed}",
            )
        )
    fields.append(
        Field(
            "next_review_due_on",
            "Next review by",
            FieldKind.DATE,
            required=False,
            help="Leave empty: termly for SEN support, 12 months on for an EHCP.",
        )
    )
    return Form(
        action="review.record_outcome",
        title=f"{review_label(review.kind)} {review_ref(review.id)}: outcome",
        fields=tuple(fields),
    )


def milestone_form(*, session: Session, actor: Actor, review_id: int) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    open_steps = [m for m in review.milestones if m.completed_on is None]
    return Form(
        action="review.complete_milestone",
        title=f"{review_ref(review.id)}: statutory step done",
        fields=(
            Field(
                "kind",
                "Step",
                FieldKind.CHOICE,
                choices=tuple(
                    Choice(m.kind, f"{MILESTONE_LABELS[MilestoneKind(m.kind)]} (by {m.due_on})")
                    for m in open_steps
                ),
            ),
            Field("completed_on", "Done on", FieldKind.DATE),
        ),
    )


def amendment_form(*, session: Session, actor: Actor, review_id: int) -> Form:
    """Reg 22 after a review that decided to amend the EHC plan."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    review = visible_review(session, actor, review_id)
    return Form(
        action="review.record_amendment",
        title=f"{review_ref(review.id)}: amending the EHC plan",
        fields=(
            Field("notice_on", "The LA's notice of proposed amendments", FieldKind.DATE,
                  required=False, help="Due within 4 weeks of the review meeting."),
            Field("amended_on", "The final amended plan issued", FieldKind.DATE,
                  required=False, help="Due within 8 weeks of the notice."),
        ),
    )  # fmt: skip
