"""EHC needs assessment requests, tracked against the LA's 6, 16 and 20 weeks (regs 4-5,
10 and 13(2)): on each date still open, the SENDCO is told to chase. Once the LA agrees to
assess, the school's own advice is due within 6 weeks of being asked (reg 8); after a refusal
to assess or to issue a plan, the SENDCO hears of the family's 2-month appeal window."""

from __future__ import annotations

from datetime import date

from handlers import statutory
from handlers.plans.assessments import appeal_deadline, assessment_ref
from handlers.reminders.model import AssessmentFacts, DueReminder, SchoolFacts
from handlers.reminders.rules.common import RuleContext, long_date, pupil_line, sendcos
from handlers.statutory import StatutoryPeriods
from storage.codes import AssessmentStatus

S = AssessmentStatus
DECISION_RULE = "assessment_decision"
NO_PLAN_RULE = "assessment_no_plan_decision"
FINAL_PLAN_RULE = "assessment_final_plan"
ADVICE_RULE = "assessment_school_advice"
APPEAL_RULE = "assessment_appeal_window"
ADVICE_LEAD_DAYS = 7

# (rule, statuses in which the step is still awaited, what is due, regulation)
STEPS: tuple[tuple[str, frozenset[S], str, str], ...] = (
    (DECISION_RULE, frozenset({S.REQUESTED}), "the LA's decision whether to assess", "reg 4-5"),
    (
        NO_PLAN_RULE,
        frozenset({S.REQUESTED, S.AGREED}),
        "the LA's word if it will not issue a plan",
        "reg 10",
    ),
    (FINAL_PLAN_RULE, frozenset({S.REQUESTED, S.AGREED}), "the final EHC plan", "reg 13(2)"),
)


def deadlines(request: AssessmentFacts, p: StatutoryPeriods) -> dict[str, tuple[date, int]]:
    """rule -> (the LA's deadline, weeks from the request) for one request."""
    found = statutory.assessment_deadlines(request.requested_on, p)
    return {
        DECISION_RULE: (found.decide_to_assess, p.decide_to_assess_weeks),
        NO_PLAN_RULE: (found.decide_not_to_issue, p.decide_not_to_issue_weeks),
        FINAL_PLAN_RULE: (found.final_plan, p.final_plan_weeks),
    }


def assessment_deadlines(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    for request in facts.assessments:
        found += _advice_and_appeal(request, facts, ctx)
        found_deadlines = deadlines(request, ctx.periods)
        for rule, waiting, what, regulation in STEPS:
            if S(request.status) not in waiting:
                continue
            due, weeks = found_deadlines[rule]
            remind_on = ctx.raised(due, days=ctx.settings.assessment_lead_days)
            if not ctx.reached(remind_on):
                continue
            pupil = request.pupil
            found.append(
                DueReminder(
                    rule=rule,
                    subject=pupil.upn,
                    ref=assessment_ref(request.id),
                    due=due,
                    remind_on=remind_on,
                    title=f"EHC needs assessment for {pupil.name}: {what} is due by "
                    f"{long_date(due)}",
                    fields=(
                        ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                        ("Requested", long_date(request.requested_on)),
                        ("Due by", f"{long_date(due)} ({weeks} weeks, {regulation})"),
                    ),
                    lines=(
                        "If you have not heard from the LA, chase them; record what they "
                        "decided on the request.",
                    ),
                    recipient_ids=sendcos(facts),
                    pupil_id=pupil.id,
                    wants_sendco=True,
                )
            )
    return found


def _advice_and_appeal(
    request: AssessmentFacts, facts: SchoolFacts, ctx: RuleContext
) -> list[DueReminder]:
    status, pupil = S(request.status), request.pupil
    ref = assessment_ref(request.id)
    person = ("Pupil", pupil_line(pupil.name, pupil.year_group))
    asked = request.advice_asked_on or request.decided_on
    if status is S.AGREED and asked is not None and request.advice_sent_on is None:
        due = statutory.advice_due(asked, ctx.periods)
        remind_on = ctx.raised(due, days=ADVICE_LEAD_DAYS)
        if ctx.reached(remind_on):
            return [
                DueReminder(
                    rule=ADVICE_RULE, subject=pupil.upn, ref=ref, due=due, remind_on=remind_on,
                    title=f"The school's advice for {pupil.name}'s EHC needs assessment is "
                    f"due by {long_date(due)}",
                    fields=(person, ("Asked for", long_date(asked)),
                            ("Due by", f"{long_date(due)} (6 weeks, reg 8)")),
                    lines=("Send the LA the school's advice and record that you sent it.",),
                    recipient_ids=sendcos(facts), pupil_id=pupil.id, wants_sendco=True,
                )
            ]  # fmt: skip
    if status in (S.REFUSED, S.NO_PLAN) and request.decided_on is not None:
        deadline = appeal_deadline(request.decided_on)
        remind_on = ctx.raised(request.decided_on)
        if ctx.reached(remind_on) and ctx.today <= deadline:
            what = "assess" if status is S.REFUSED else "issue an EHC plan"
            return [
                DueReminder(
                    rule=APPEAL_RULE, subject=pupil.upn, ref=ref, due=deadline,
                    remind_on=remind_on,
                    title=f"The LA refused to {what} for {pupil.name}: the family may "
                    f"appeal by {long_date(deadline)}",
                    fields=(person, ("Decided", long_date(request.decided_on)),
                            ("Appeal by", f"{long_date(deadline)} (2 months)")),
                    lines=(
                        "Make sure the family has the decision letter and knows about "
                        "mediation and the SEND tribunal (one month after a mediation "
                        "certificate, if later).",
                    ),
                    recipient_ids=sendcos(facts), pupil_id=pupil.id, wants_sendco=True,
                )
            ]  # fmt: skip
    return []
