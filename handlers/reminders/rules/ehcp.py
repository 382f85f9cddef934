"""EHCP annual reviews and the reg 20 steps around the review meeting.

The review is due within 12 months starting with the day the plan was made or last reviewed
(CFA 2014 s.44): the day before the anniversary. A meeting needs a school day, so when that
falls in a holiday the meeting is due by the last school day before it, and the 2-week notice
is worked back from that day. The SENDCO hears `ehcp_review_lead_weeks` ahead, to book it,
with a "hold the meeting by" date that leaves the LA its 4 weeks inside the 12 months. Once
it is booked, each step has its own reminder: notice of the meeting and the advice and
reports 2 weeks before, the report within 2 weeks after, and the LA's decision chased at
4 weeks (reg 20).
"""

from __future__ import annotations

from handlers import statutory
from handlers.plans.common import plan_ref, review_ref
from handlers.reminders.model import DueReminder, MilestoneFacts, ReviewFacts, SchoolFacts
from handlers.reminders.rules.common import (
    EHCP_KINDS,
    RuleContext,
    long_date,
    next_review_due,
    plans_of,
    pupil_line,
    scheduled_review,
    sendcos,
)
from handlers.reminders.settings import ReminderSettings
from handlers.statutory import BEFORE_MEETING, StatutoryPeriods
from storage.codes import MilestoneKind, PlanKind, ReviewStatus

ANNUAL_RULE = "ehcp_annual_review"
STEP_RULES: dict[MilestoneKind, str] = {
    MilestoneKind.MEETING_NOTICE: "ehcp_meeting_notice",
    MilestoneKind.PAPERS_CIRCULATED: "ehcp_papers",
    MilestoneKind.REPORT_SENT: "ehcp_review_report",
    MilestoneKind.LA_DECISION: "ehcp_la_decision",
}
STEP_WORDS: dict[MilestoneKind, tuple[str, str]] = {  # (what, what to do)
    MilestoneKind.MEETING_NOTICE: (
        "Notice of the annual review meeting",
        "Invite the parents, the pupil, the LA and the professionals at least 2 weeks before "
        "the meeting (reg 20).",
    ),
    MilestoneKind.PAPERS_CIRCULATED: (
        "Advice and reports for the annual review",
        "Circulate the advice and reports to everyone invited at least 2 weeks before the "
        "meeting (reg 20).",
    ),
    MilestoneKind.REPORT_SENT: (
        "The annual review report",
        "Send the report to everyone invited and to the LA within 2 weeks of the meeting (reg 20).",
    ),
    MilestoneKind.LA_DECISION: (
        "The LA's decision after the annual review",
        "The LA must say within 4 weeks of the meeting whether it keeps, amends or ceases the "
        "plan (reg 20): chase it if you have not heard.",
    ),
}


def step_lead_days(kind: MilestoneKind, settings: ReminderSettings) -> int:
    return {
        MilestoneKind.MEETING_NOTICE: settings.meeting_notice_lead_days,
        MilestoneKind.PAPERS_CIRCULATED: settings.papers_lead_days,
        MilestoneKind.REPORT_SENT: settings.report_lead_days,
        MilestoneKind.LA_DECISION: settings.la_decision_lead_days,
    }[kind]


def ehcp_annual_reviews(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    """Each EHCP's next annual review, to the SENDCO, until its meeting is booked."""
    found: list[DueReminder] = []
    for plan in plans_of(facts, PlanKind.EHCP):
        review = scheduled_review(plan)
        if review is not None and review.meeting_on is not None:
            continue  # booked: the reg 20 steps take over
        due = next_review_due(plan, ctx.periods)
        dates = statutory.annual_review_dates(due, ctx.calendar.is_school_day, ctx.periods)
        remind_on = ctx.raised(dates.meeting_by, weeks=ctx.settings.ehcp_review_lead_weeks)
        if not ctx.reached(remind_on):
            continue
        pupil = plan.pupil
        late = due < ctx.today
        found.append(
            DueReminder(
                rule=ANNUAL_RULE,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=due,
                remind_on=remind_on,
                title=f"EHCP annual review for {pupil.name} "
                f"{'was due' if late else 'due'} by {long_date(due)}",
                fields=annual_review_fields(pupil_line(pupil.name, pupil.year_group), dates),
                lines=(
                    "Book the review meeting: the review must be held within 12 months starting "
                    "with the plan's issue or last review, with notice and papers out 2 weeks "
                    "before.",
                    *adulthood_line(pupil.year_group),
                ),
                recipient_ids=sendcos(facts),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found


def adulthood_line(year_group: int) -> tuple[str, ...]:
    """The preparing-for-adulthood prompt for reviews from Year 9 (Code 8.9)."""
    if statutory.prepares_for_adulthood(year_group):
        return (statutory.PREPARING_FOR_ADULTHOOD,)
    return ()


def annual_review_fields(
    pupil: str, dates: statutory.AnnualReviewDates
) -> tuple[tuple[str, str], ...]:
    """The dates the SENDCO books an annual review by, as a reminder's fields."""
    fields = [("Pupil", pupil), ("Review due by", long_date(dates.due))]
    if dates.meeting_by != dates.due:
        fields.append(("Last school day for the meeting", long_date(dates.meeting_by)))
    fields += [
        ("Hold the meeting by (the LA's 4 weeks inside the year)", long_date(dates.hold_by)),
        ("Send meeting notice and papers by", long_date(dates.notice_by)),
    ]
    return tuple(fields)


def review_steps(review: ReviewFacts, periods: StatutoryPeriods) -> tuple[MilestoneFacts, ...]:
    """The review's reg 20 steps as recorded, or from its meeting date when none are yet."""
    if review.milestones or review.meeting_on is None:
        return review.milestones
    return tuple(
        MilestoneFacts(kind=kind.value, due_on=due)
        for kind, due in statutory.review_milestones(review.meeting_on, periods).items()
    )


def ehcp_review_steps(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    """Each reg 20 step not yet done, a few days ahead of its date, to the SENDCO. Steps
    before the meeting lapse once it is held; the report and the LA decision do not."""
    found: list[DueReminder] = []
    for plan in plans_of(facts, PlanKind.EHCP):
        for review in plan.reviews:
            if review.kind not in EHCP_KINDS:
                continue
            for step in review_steps(review, ctx.periods):
                kind = MilestoneKind(step.kind)
                if step.completed_on is not None:
                    continue
                if kind in BEFORE_MEETING and review.status == ReviewStatus.HELD.value:
                    continue
                remind_on = ctx.raised(step.due_on, days=step_lead_days(kind, ctx.settings))
                if not ctx.reached(remind_on):
                    continue
                what, todo = STEP_WORDS[kind]
                meeting = review.held_on or review.meeting_on
                fields = [("Pupil", pupil_line(plan.pupil.name, plan.pupil.year_group))]
                if meeting is not None:
                    fields.append(("Review meeting", long_date(meeting)))
                fields.append(("Due by", long_date(step.due_on)))
                found.append(
                    DueReminder(
                        rule=STEP_RULES[kind],
                        subject=plan.pupil.upn,
                        ref=review_ref(review.id),
                        due=step.due_on,
                        remind_on=remind_on,
                        title=f"{what} for {plan.pupil.name}: due by {long_date(step.due_on)}",
                        fields=tuple(fields),
                        lines=(todo,),
                        recipient_ids=sendcos(facts),
                        pupil_id=plan.pupil.id,
                        wants_sendco=True,
                    )
                )
    return found
