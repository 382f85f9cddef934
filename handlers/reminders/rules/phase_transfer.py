"""Phase-transfer reviews: an EHCP must be amended by 15 February of the year a pupil moves
school (31 March into post-16) (reg 18), so the review falls in the autumn term. The deadline
is met by the amended plan, not the meeting: once the review is held, the SENDCO hears every
week from 4 weeks before the deadline until the amended plan is recorded.

The SENDCO is told `phase_transfer_lead_weeks` before the date the review should be held by
(`phase_transfer_review_weeks` before the deadline: late November for 15 February). A meeting
booked means the review is in hand.
"""

from __future__ import annotations

from datetime import date

from handlers import statutory
from handlers.plans.common import plan_ref
from handlers.reminders.model import DueReminder, PlanFacts, SchoolFacts
from handlers.reminders.rules.common import (
    EHCP_KINDS,
    RuleContext,
    last_reviewed,
    long_date,
    plans_of,
    pupil_line,
    scheduled_review,
    sendcos,
    week_cycle,
)
from storage.codes import PlanKind

RULE = "phase_transfer_review"
AWAITED_RULE = "phase_transfer_amended_plan"
AWAITED_LEAD_WEEKS = 4


def _amended_since(plan: PlanFacts, start: date) -> bool:
    """An amended (or re-issued) plan recorded this school year."""
    if not plan.date_unknown and plan.started_on >= start:
        return True
    return any(r.amended_plan_on is not None and r.amended_plan_on >= start for r in plan.reviews)


def _amended_plan_awaited(
    plan: PlanFacts, facts: SchoolFacts, ctx: RuleContext, deadline: date
) -> list[DueReminder]:
    """The review is held; the amended plan is not. Weekly from 4 weeks before the deadline
    until it is recorded."""
    remind_on = ctx.raised(deadline, weeks=AWAITED_LEAD_WEEKS)
    if not ctx.reached(remind_on):
        return []
    pupil = plan.pupil
    late = deadline < ctx.today
    return [
        DueReminder(
            rule=AWAITED_RULE,
            subject=pupil.upn,
            ref=plan_ref(plan.id),
            due=deadline,
            remind_on=remind_on,
            cycle=week_cycle(ctx.today),
            title=f"Phase transfer for {pupil.name}: the amended EHC plan "
            f"{'was due' if late else 'must be issued'} by {long_date(deadline)}",
            fields=(
                ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                ("Amended plan by", f"{long_date(deadline)} (reg 18)"),
            ),
            lines=(
                "The review is held, but no amended plan is recorded yet: chase the LA, and "
                "record the amended plan when it is issued.",
            ),
            recipient_ids=sendcos(facts),
            pupil_id=pupil.id,
            wants_sendco=True,
        )
    ]


def phase_transfer_reviews(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    year_start = statutory.academic_year_start(ctx.today)
    for plan in plans_of(facts, PlanKind.EHCP, undated=True):
        pupil = plan.pupil
        deadline = statutory.phase_transfer_deadline(
            pupil.year_group, ctx.today, ctx.settings.phase_transfer_years, ctx.periods
        )
        if deadline is None or deadline.year != year_start + 1:
            continue  # no move at the end of this school year
        start = date(year_start, 9, 1)
        if _amended_since(plan, start):
            continue  # reg 18 is met by the amended plan, not by the review meeting
        held = last_reviewed(plan)
        if held is not None and held >= start:
            found += _amended_plan_awaited(plan, facts, ctx, deadline)
            continue
        booked = scheduled_review(plan, EHCP_KINDS)
        if booked is not None and booked.meeting_on is not None:
            continue
        review_by = ctx.calendar.raise_on(
            statutory.weeks_after(deadline, -ctx.settings.phase_transfer_review_weeks)
        )
        remind_on = ctx.raised(review_by, weeks=ctx.settings.phase_transfer_lead_weeks)
        if not ctx.reached(remind_on):
            continue
        found.append(
            DueReminder(
                rule=RULE,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=deadline,
                remind_on=remind_on,
                title=f"Phase transfer for {pupil.name}: the EHCP must be amended by "
                f"{long_date(deadline)}",
                fields=(
                    ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                    ("Hold the review by", long_date(review_by)),
                    ("Plan amended by", f"{long_date(deadline)} (reg 18)"),
                ),
                lines=(
                    "Book the phase-transfer review this term, so the LA can name the next "
                    "school and amend the plan in time.",
                ),
                recipient_ids=sendcos(facts),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found
