"""Plans with no date to count a review from: a K or E pupil imported without their EHCP issue
date or last review. The rules cannot see when their reviews fall, so the SENDCO is asked to
enter the date, once a week, until it is recorded (or a review is booked or held)."""

from __future__ import annotations

from handlers.plans.common import plan_ref
from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.rules.common import RuleContext, has_dates, pupil_line, sendcos, week_cycle
from storage.codes import PlanKind

RULE = "plan_date_missing"

WHAT = {
    PlanKind.EHCP.value: (
        "EHC plan",
        "the date the LA issued the plan (or of its last annual review)",
        "The annual review must be held within 12 months starting with the plan's issue or "
        "last review (CFA 2014 s.44): without the date, no reminder can say when.",
    ),
    PlanKind.SEN_SUPPORT.value: (
        "SEN support plan",
        "the date of its last review",
        "SEN support is reviewed termly with parents (Code 6.65): without the date, no "
        "reminder can say when.",
    ),
}


def plan_dates_missing(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    for plan in facts.plans:
        if has_dates(plan) or plan.kind not in WHAT:
            continue
        label, date_wanted, why = WHAT[plan.kind]
        pupil = plan.pupil
        found.append(
            DueReminder(
                rule=RULE,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=ctx.today,
                remind_on=ctx.today,
                cycle=week_cycle(ctx.today),  # once a week until the date is entered
                title=f"{pupil.name}'s {label}: the date is missing",
                fields=(
                    ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                    ("Enter", date_wanted),
                ),
                lines=(why, "Re-import the pupil with the date, or record it in chat."),
                recipient_ids=sendcos(facts),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found
