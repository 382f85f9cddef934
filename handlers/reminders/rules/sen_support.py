"""SEN support plan reviews: termly by default (Code 6.65: parents met three times a year)."""

from __future__ import annotations

from handlers.plans.common import plan_ref
from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.rules.common import (
    RuleContext,
    long_date,
    next_review_due,
    plans_of,
    pupil_line,
    scheduled_review,
    sendcos,
    together,
)
from handlers.reminders.rules.ehcp import adulthood_line
from storage.codes import PlanKind

RULE = "sen_support_review"


def sen_support_reviews(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    """Each SEN support plan's next review, `sen_support_lead_days` ahead, to the pupil's
    class teachers and the SENDCO; none once the review meeting is booked."""
    found: list[DueReminder] = []
    for plan in plans_of(facts, PlanKind.SEN_SUPPORT):
        review = scheduled_review(plan)
        if review is not None and review.meeting_on is not None:
            continue
        due = next_review_due(plan, ctx.periods)
        remind_on = ctx.raised(due, days=ctx.settings.sen_support_lead_days)
        if not ctx.reached(remind_on):
            continue
        pupil = plan.pupil
        late = due < ctx.today
        found.append(
            DueReminder(
                rule=RULE,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=due,
                remind_on=remind_on,
                title=f"SEN support review for {pupil.name} "
                f"{'was due' if late else 'due'} by {long_date(due)}",
                fields=(
                    ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                    ("Review due by", long_date(due)),
                ),
                lines=(
                    "Meet the parents and the pupil to review the outcomes and agree the next "
                    "cycle of assess, plan, do, review.",
                    *adulthood_line(pupil.year_group),
                ),
                recipient_ids=together(facts.teachers_of(pupil.class_name), sendcos(facts)),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found
