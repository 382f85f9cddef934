"""After a review decides to amend an EHC plan (reg 22): the LA's proposed amendments within
4 weeks of the meeting, at least 15 days for the family's comments, and the final amended plan
within 8 weeks of the notice. The SENDCO is reminded a week before each date and every week
after it, until the amended plan is recorded."""

from __future__ import annotations

from datetime import date

from handlers import statutory
from handlers.plans.common import review_ref
from handlers.reminders.model import DueReminder, ReviewFacts, SchoolFacts
from handlers.reminders.rules.common import (
    EHCP_KINDS,
    RuleContext,
    long_date,
    plans_of,
    pupil_line,
    sendcos,
    week_cycle,
)
from storage.codes import PlanKind, ReviewOutcome, ReviewStatus

RULE = "ehcp_amendment"
LEAD_DAYS = 7


def pending_amendment(review: ReviewFacts) -> bool:
    """A held EHCP review that decided to amend, whose amended plan is not recorded yet."""
    return (
        review.kind in EHCP_KINDS
        and review.status == ReviewStatus.HELD.value
        and review.outcome == ReviewOutcome.AMEND.value
        and review.held_on is not None
        and review.amended_plan_on is None
    )


def weekly_after(due: date, today: date, step: str) -> str:
    """The reminder's cycle: one before the date, then one a week while it is overdue."""
    if today <= due:
        return step
    return f"{step}:{week_cycle(today)}"


def amendment_reminders(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    for plan in plans_of(facts, PlanKind.EHCP, undated=True):
        for review in plan.reviews:
            if not pending_amendment(review):
                continue
            assert review.held_on is not None
            dates = statutory.amendment_dates(
                review.held_on, review.amendment_notice_on, ctx.periods
            )
            if review.amendment_notice_on is None:
                step, due = "proposals", dates.proposals_by
                what = "The LA's proposed amendments"
                todo = "The LA must send the family the proposed amendments within 4 weeks of "
                todo += "the review meeting (reg 22): chase them, and record when they went."
            else:
                assert dates.final_by is not None and dates.comments_until is not None
                step, due = "final", dates.final_by
                what = "The final amended EHC plan"
                todo = (
                    f"The family may comment until {long_date(dates.comments_until)}; the LA "
                    "must issue the final amended plan within 8 weeks of its notice (reg 22). "
                    "Record it when it comes."
                )
            remind_on = ctx.raised(due, days=LEAD_DAYS)
            if not ctx.reached(remind_on):
                continue
            pupil = plan.pupil
            late = due < ctx.today
            found.append(
                DueReminder(
                    rule=RULE,
                    subject=pupil.upn,
                    ref=review_ref(review.id),
                    due=due,
                    remind_on=remind_on,
                    cycle=weekly_after(due, ctx.today, step),
                    title=f"{what} for {pupil.name} {'was due' if late else 'is due'} by "
                    f"{long_date(due)}",
                    fields=(
                        ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                        ("Review held", long_date(review.held_on)),
                        ("Due by", f"{long_date(due)} (reg 22)"),
                    ),
                    lines=(todo,),
                    recipient_ids=sendcos(facts),
                    pupil_id=pupil.id,
                    wants_sendco=True,
                )
            )
    return found
