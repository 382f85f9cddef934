"""Individual Health Care Plan reviews: yearly by default, or when the plan says."""

from __future__ import annotations

from datetime import timedelta

from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.rules.common import RuleContext, plan_review_reminders
from storage.codes import PlanKind

RULE = "health_care_review"


def health_care_reviews(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    return plan_review_reminders(
        facts,
        ctx,
        kind=PlanKind.HEALTH_CARE,
        rule=RULE,
        lead=timedelta(weeks=ctx.settings.health_care_lead_weeks),
        plan_name="Health Care Plan",
        advice="Review it with the parents and the school nurse, and check that the staff "
        "trained to carry it out still are.",
    )
