"""Every reminder rule, one module per family; each is pure: facts + moment -> due reminders."""

from handlers.reminders.rules import (
    advice,
    amendments,
    assessment,
    concerns,
    ehcp,
    health_care,
    pep,
    phase_transfer,
    plan_dates,
    sen_support,
    sessions,
    training,
    under_five,
)
from handlers.reminders.rules.common import Rule, RuleContext

RULES: tuple[Rule, ...] = (
    sen_support.sen_support_reviews,
    ehcp.ehcp_annual_reviews,
    ehcp.ehcp_review_steps,
    amendments.amendment_reminders,
    assessment.assessment_deadlines,
    phase_transfer.phase_transfer_reviews,
    under_five.under_five_reviews,
    pep.pep_reviews,
    pep.pep_alignment,
    pep.pep_missing,
    health_care.health_care_reviews,
    training.training_reminders,
    advice.advice_unanswered,
    sessions.unlogged_sessions,
    concerns.unacknowledged_concerns,
    plan_dates.plan_dates_missing,
)

# Every rule name a reminder can carry: the delivery gate holds exactly these back on days
# without school and in quiet hours (other notices, such as safeguarding alerts, go at once).
RULE_NAMES: frozenset[str] = frozenset(
    {
        sen_support.RULE,
        ehcp.ANNUAL_RULE,
        *ehcp.STEP_RULES.values(),
        amendments.RULE,
        assessment.DECISION_RULE,
        assessment.NO_PLAN_RULE,
        assessment.FINAL_PLAN_RULE,
        assessment.ADVICE_RULE,
        assessment.APPEAL_RULE,
        phase_transfer.RULE,
        phase_transfer.AWAITED_RULE,
        under_five.RULE,
        pep.REVIEW_RULE,
        pep.ALIGN_RULE,
        pep.MISSING_RULE,
        health_care.RULE,
        training.EXPIRING_RULE,
        training.MISSING_RULE,
        advice.RULE,
        sessions.RULE,
        concerns.RULE,
        plan_dates.RULE,
    }
)

__all__ = ["RULES", "RULE_NAMES", "Rule", "RuleContext"]
