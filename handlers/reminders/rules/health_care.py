"""Individual Health Care Plan reviews: yearly by default, or when the plan says."""

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
)
from storage.codes import PlanKind

RULE = "health_care_review"


def health_care_reviews(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    for plan in plans_of(facts, PlanKind.HEALTH_CARE):
        booked = scheduled_review(plan)
        if booked is not None and booked.meeting_on is not None:
            continue
        due = next_review_due(plan, ctx.periods)
        remind_on = ctx.raised(due, weeks=ctx.settings.health_care_lead_weeks)
        if not ctx.reached(remind_on):
            continue
        pupil = plan.pupil
        found.append(
            DueReminder(
                rule=RULE,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=due,
                remind_on=remind_on,
                title=f"Health Care Plan review for {pupil.name} due by {long_date(due)}",
                fields=(
                    ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                    ("Review due by", long_date(due)),
                ),
                lines=(
                    "Review it with the parents and the school nurse, and check that the "
                    "staff trained to carry it out still are.",
                ),
                recipient_ids=sendcos(facts),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found
