"""Looked-after children: their Personal Education Plan (PEP) reviews, termly, and the
EHCP annual review held together with a PEP review (Code 9.169)."""

from __future__ import annotations

from datetime import date, timedelta

from handlers.plans.common import plan_ref
from handlers.reminders.model import DueReminder, PlanFacts, SchoolFacts
from handlers.reminders.rules.common import (
    RuleContext,
    long_date,
    next_review_due,
    plan_review_reminders,
    plans_of,
    pupil_line,
    scheduled_review,
    sendcos,
    week_cycle,
)
from storage.codes import PlanKind

REVIEW_RULE = "pep_review"
ALIGN_RULE = "pep_alignment"
MISSING_RULE = "pep_missing"


def pep_missing(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    """A looked-after pupil with no PEP on record: the SENDCO hears once a week until one is
    recorded (every looked-after child has a PEP, reviewed termly)."""
    with_pep = {p.pupil.id for p in plans_of(facts, PlanKind.PEP, undated=True)}
    return [
        DueReminder(
            rule=MISSING_RULE,
            subject=pupil.upn,
            ref=f"U-{pupil.id}",
            due=ctx.today,
            remind_on=ctx.today,
            cycle=week_cycle(ctx.today),
            title=f"{pupil.name} is looked after but has no PEP recorded",
            fields=(("Pupil", pupil_line(pupil.name, pupil.year_group)),),
            lines=(
                "Every looked-after child has a Personal Education Plan, reviewed each term "
                "with the social worker, the carers and the virtual school: record it here.",
            ),
            recipient_ids=sendcos(facts),
            pupil_id=pupil.id,
            wants_sendco=True,
        )
        for pupil in facts.looked_after
        if pupil.id not in with_pep
    ]


def pep_reviews(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    return plan_review_reminders(
        facts,
        ctx,
        kind=PlanKind.PEP,
        rule=REVIEW_RULE,
        lead=timedelta(days=ctx.settings.pep_lead_days),
        plan_name="PEP",
        advice="Arrange it with the social worker, the carers and the virtual school.",
    )


def _meeting_or_due(plan: PlanFacts, ctx: RuleContext) -> tuple[date, str]:
    """When the plan's next review is held: its booked meeting, else its due date."""
    booked = scheduled_review(plan)
    if booked is not None and booked.meeting_on is not None:
        return booked.meeting_on, f"meeting {long_date(booked.meeting_on)}"
    due = next_review_due(plan, ctx.periods)
    return due, f"due by {long_date(due)}"


def pep_alignment(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    """A looked-after pupil's EHCP review and nearest PEP review more than
    `pep_alignment_days` apart: raised with the EHCP annual review reminder."""
    peps = {p.pupil.id: p for p in plans_of(facts, PlanKind.PEP)}
    found: list[DueReminder] = []
    for plan in plans_of(facts, PlanKind.EHCP):
        pupil, pep = plan.pupil, peps.get(plan.pupil.id)
        if not pupil.looked_after or pep is None:
            continue
        ehcp_due = next_review_due(plan, ctx.periods)
        ehcp_on, ehcp_text = _meeting_or_due(plan, ctx)
        pep_on, pep_text = _meeting_or_due(pep, ctx)
        apart = abs((ehcp_on - pep_on).days)
        if apart <= ctx.settings.pep_alignment_days:
            continue
        remind_on = ctx.raised(ehcp_due, weeks=ctx.settings.ehcp_review_lead_weeks)
        if not ctx.reached(remind_on):
            continue
        found.append(
            DueReminder(
                rule=ALIGN_RULE,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=ehcp_due,
                remind_on=remind_on,
                title=f"Hold {pupil.name}'s EHCP annual review with a PEP review",
                fields=(
                    ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                    ("EHCP annual review", ehcp_text),
                    ("Next PEP review", pep_text),
                ),
                lines=(
                    f"They are {apart} days apart. For a looked-after child the EHCP review "
                    "should coincide with a PEP review (Code 9.169): move one to meet the "
                    "other.",
                ),
                recipient_ids=sendcos(facts),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found
