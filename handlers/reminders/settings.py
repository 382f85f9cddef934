"""Every period, lead time and hour the reminders use, with the defaults of domain.md.

Statutory figures (SEND Regulations 2014, SEND Code of Practice 2015) are the defaults of
`handlers.statutory.StatutoryPeriods` and are rebuilt from these fields, so one change here
reaches the rules, the plan handlers' arithmetic and the digests alike. `bot/reminder_settings`
reads the same fields from the environment (REMINDER_<FIELD>).
"""

from __future__ import annotations

from datetime import time, timedelta

from pydantic import BaseModel, ConfigDict, Field

from handlers.advice.rules import DEFAULT_MAX_OPEN
from handlers.statutory import DEFAULT_PERIODS, DEFAULT_TRANSFER_YEARS, StatutoryPeriods
from handlers.training.status import DEFAULT_WARN_DAYS

P = DEFAULT_PERIODS


class ReminderSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    # --- statutory periods (domain.md; "(check)" figures are configurable by design) ---------
    ehcp_review_months: int = Field(P.ehcp_review_months, gt=0)  # CFA 2014 s.44
    # Hold the annual review meeting this long before the due date (the LA's reg 20 decision).
    ehcp_meeting_before_due_weeks: int = Field(P.ehcp_meeting_before_due_weeks, ge=0)
    meeting_notice_weeks: int = Field(P.meeting_notice_weeks, ge=0)  # reg 20
    papers_weeks: int = Field(P.papers_weeks, ge=0)  # reg 20
    report_weeks: int = Field(P.report_weeks, ge=0)  # reg 20
    la_decision_weeks: int = Field(P.la_decision_weeks, ge=0)  # reg 20
    decide_to_assess_weeks: int = Field(P.decide_to_assess_weeks, gt=0)  # reg 4-5
    advice_weeks: int = Field(P.advice_weeks, gt=0)  # reg 8
    decide_not_to_issue_weeks: int = Field(P.decide_not_to_issue_weeks, gt=0)  # reg 10
    final_plan_weeks: int = Field(P.final_plan_weeks, gt=0)  # reg 13(2)
    phase_transfer_deadline: tuple[int, int] = P.phase_transfer_deadline  # reg 18: 15 Feb
    post16_transfer_deadline: tuple[int, int] = P.post16_transfer_deadline  # reg 18: 31 Mar
    post16_from_year: int = P.post16_from_year
    under5_recommended_months: int = Field(P.under5_recommended_months, gt=0)  # Code 9.178
    under5_latest_months: int = Field(P.under5_latest_months, gt=0)
    sen_support_review_weeks: int = Field(P.sen_support_review_weeks, gt=0)  # termly (6.65)
    health_care_review_months: int = Field(P.health_care_review_months, gt=0)
    pep_review_weeks: int = Field(P.pep_review_weeks, gt=0)  # termly
    amendment_proposal_weeks: int = Field(P.amendment_proposal_weeks, gt=0)  # reg 22
    amendment_comment_days: int = Field(P.amendment_comment_days, gt=0)  # reg 22
    amendment_final_weeks: int = Field(P.amendment_final_weeks, gt=0)  # reg 22

    # --- when each reminder is raised, before (or on) the date it is about ------------------
    sen_support_lead_days: int = Field(14, ge=0)
    ehcp_review_lead_weeks: int = Field(8, ge=0)  # time to book, invite, gather advice
    meeting_notice_lead_days: int = Field(7, ge=0)
    papers_lead_days: int = Field(7, ge=0)
    report_lead_days: int = Field(5, ge=0)
    la_decision_lead_days: int = Field(0, ge=0)  # chased on the 4-week date itself
    assessment_lead_days: int = Field(0, ge=0)  # on each of the 6/16/20-week dates
    phase_transfer_years: tuple[int, ...] = DEFAULT_TRANSFER_YEARS  # Year 6 -> 7, 11 -> post-16
    phase_transfer_review_weeks: int = Field(12, ge=0)  # hold the review this long before
    phase_transfer_lead_weeks: int = Field(8, ge=0)  # remind this long before that
    pep_lead_days: int = Field(14, ge=0)
    pep_alignment_days: int = Field(14, ge=0)  # EHCP and PEP reviews further apart: align
    health_care_lead_weeks: int = Field(4, ge=0)
    training_warn_days: int = Field(DEFAULT_WARN_DAYS, ge=0)
    advice_max_open_hours: int = Field(int(DEFAULT_MAX_OPEN.total_seconds() // 3600), gt=0)
    concern_ack_school_days: int = Field(2, ge=0)
    school_day_ends: time = time(15, 30)  # a planned session not logged by then is nudged
    session_lookback_school_days: int = Field(1, ge=0)  # also nudge the day(s) before

    # --- delivery --------------------------------------------------------------------------
    quiet_hours_start: time = time(18, 0)
    quiet_hours_end: time = time(7, 30)
    snooze_school_days: int = Field(1, gt=0)  # "Snooze" brings it back the next school day
    morning_digest_at: time = time(7, 45)
    weekly_digest_at: time = time(15, 45)  # on the last school day of the week
    digest_catch_up_hours: int = Field(3, gt=0)  # a digest missed by a restart still goes
    digest_reviews_ahead_weeks: int = Field(4, gt=0)
    sweep_interval_minutes: int = Field(5, gt=0)
    delivery_batch: int = Field(500, gt=0)

    # --- records out (set from RETENTION_YEARS and IMPACT_MIN_SESSIONS) -------------------
    retention_years: int = Field(31, ge=1)  # a leaver's record: date of birth + this
    impact_min_sessions: int = Field(6, ge=1)  # fewer attended: marked, not averaged in

    @property
    def periods(self) -> StatutoryPeriods:
        """The statutory periods as the shared pure rules take them."""
        return StatutoryPeriods(
            ehcp_review_months=self.ehcp_review_months,
            ehcp_meeting_before_due_weeks=self.ehcp_meeting_before_due_weeks,
            meeting_notice_weeks=self.meeting_notice_weeks,
            papers_weeks=self.papers_weeks,
            report_weeks=self.report_weeks,
            la_decision_weeks=self.la_decision_weeks,
            decide_to_assess_weeks=self.decide_to_assess_weeks,
            advice_weeks=self.advice_weeks,
            decide_not_to_issue_weeks=self.decide_not_to_issue_weeks,
            final_plan_weeks=self.final_plan_weeks,
            phase_transfer_deadline=self.phase_transfer_deadline,
            post16_transfer_deadline=self.post16_transfer_deadline,
            post16_from_year=self.post16_from_year,
            under5_recommended_months=self.under5_recommended_months,
            under5_latest_months=self.under5_latest_months,
            sen_support_review_weeks=self.sen_support_review_weeks,
            health_care_review_months=self.health_care_review_months,
            pep_review_weeks=self.pep_review_weeks,
            amendment_proposal_weeks=self.amendment_proposal_weeks,
            amendment_comment_days=self.amendment_comment_days,
            amendment_final_weeks=self.amendment_final_weeks,
        )

    @property
    def advice_max_open(self) -> timedelta:
        return timedelta(hours=self.advice_max_open_hours)


DEFAULT_SETTINGS = ReminderSettings()
