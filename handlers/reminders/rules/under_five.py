"""Children under 5 with an EHCP: consider a review every 3 to 6 months (Code 9.178).

Raised when the 3 months are up, with the 6-month date as the deadline; a review held since
starts the next cycle, and a meeting booked inside the window is enough.
"""

from __future__ import annotations

from handlers import statutory
from handlers.plans.common import plan_ref
from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.rules.common import (
    EHCP_KINDS,
    RuleContext,
    last_reviewed,
    long_date,
    plans_of,
    pupil_line,
    scheduled_review,
    sendcos,
)
from storage.codes import PlanKind

RULE = "under_five_review"


def under_five_reviews(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    for plan in plans_of(facts, PlanKind.EHCP):
        pupil = plan.pupil
        if not statutory.is_under_five(pupil.date_of_birth, ctx.today):
            continue
        since = last_reviewed(plan) or plan.started_on
        recommended, latest = statutory.under_five_review_window(since, ctx.periods)
        booked = scheduled_review(plan, EHCP_KINDS)
        if booked is not None and booked.meeting_on is not None and booked.meeting_on <= latest:
            continue
        remind_on = ctx.raised(recommended)
        if not ctx.reached(remind_on):
            continue
        found.append(
            DueReminder(
                rule=RULE,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=latest,
                remind_on=remind_on,
                title=f"{pupil.name} is under 5: consider reviewing the EHCP by "
                f"{long_date(latest)}",
                fields=(
                    ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                    ("Last reviewed" if last_reviewed(plan) else "Issued", long_date(since)),
                    ("Review between", f"{long_date(recommended)} and {long_date(latest)}"),
                ),
                lines=(
                    "Young children change quickly: the Code (9.178) asks the LA to consider "
                    "a review every 3 to 6 months.",
                ),
                recipient_ids=sendcos(facts),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found
