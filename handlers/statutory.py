"""The statutory and good-practice date rules of SEND (../shared/domain.md), as pure functions.

No database, no clock: every function takes the dates it needs. The periods live in one frozen
`StatutoryPeriods` so a school (or a change in the law) can adjust them without code changes;
the defaults are the figures of the SEND Code of Practice 2015 and the SEND Regulations 2014.
Reminders and plan/review handlers both use these, so the dates agree everywhere.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from storage.codes import MilestoneKind

SCHOOL_TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class StatutoryPeriods:
    """Every period the rules use; change one here rather than in the rules."""

    ehcp_review_months: int = 12  # CFA 2014 s.44: within 12 months *starting with* the date
    # Many LAs want the meeting early enough for their decision (reg 20: up to 4 weeks after
    # it) to fall inside the 12 months too: "hold the meeting by" is this long before the due.
    ehcp_meeting_before_due_weeks: int = 4
    meeting_notice_weeks: int = 2  # reg 20: notice at least 2 weeks before the meeting
    papers_weeks: int = 2  # reg 20: advice and reports circulated 2 weeks before
    report_weeks: int = 2  # reg 20: report sent within 2 weeks after the meeting
    la_decision_weeks: int = 4  # reg 20: LA decides within 4 weeks after the meeting
    decide_to_assess_weeks: int = 6  # reg 4-5
    advice_weeks: int = 6  # reg 8
    decide_not_to_issue_weeks: int = 16  # reg 10
    final_plan_weeks: int = 20  # reg 13(2)
    phase_transfer_deadline: tuple[int, int] = (2, 15)  # reg 18: (month, day), 15 February
    post16_transfer_deadline: tuple[int, int] = (3, 31)  # reg 18: secondary to post-16
    post16_from_year: int = 11  # transfers out of this year group or later go to post-16
    amendment_proposal_weeks: int = 4  # reg 22: proposed amendments within 4 weeks of review
    amendment_comment_days: int = 15  # reg 22: at least 15 days for the family's comments
    amendment_final_weeks: int = 8  # reg 22: the final plan within 8 weeks of the notice
    under5_recommended_months: int = 3  # Code 9.178: consider a review every 3-6 months
    under5_latest_months: int = 6
    sen_support_review_weeks: int = 12  # "termly": parents met three times a year (6.65)
    health_care_review_months: int = 12
    pep_review_weeks: int = 12  # a looked-after child's PEP is reviewed each term


DEFAULT_PERIODS = StatutoryPeriods()
DEFAULT_TRANSFER_YEARS: tuple[int, ...] = (6, 11)  # Year 6 -> 7 and Year 11 -> post-16


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the end of a shorter month
    (31 January + 1 month = 28/29 February; 29 February + 12 months = 28 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def weeks_after(day: date, weeks: int) -> date:
    return day + timedelta(weeks=weeks)


# --- EHCP annual reviews -------------------------------------------------------------------


def months_starting_with(day: date, months: int) -> date:
    """The last day of a period of `months` months *starting with* `day` (CFA 2014 s.44(1)):
    the day before the anniversary. 10 Mar 2026 + 12 months → 9 Mar 2027; 29 Feb 2028 →
    27 Feb 2029 (the anniversary is clamped to 28 Feb, the period ends the day before)."""
    return add_months(day, months) - timedelta(days=1)


def next_annual_review_due(
    issued_on: date,
    last_review_on: date | None = None,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> date:
    """The last day an EHCP may next be reviewed: within 12 months starting with the day it
    was made (s.44(1)(a)) or, once reviewed, with the last review (s.44(1)(b)). Re-issuing
    an amended plan does not restart the clock, so a last review counts even when it is
    earlier than the latest issue date."""
    start = issued_on if last_review_on is None else last_review_on
    return months_starting_with(start, periods.ehcp_review_months)


SchoolDay = Callable[[date], bool]


def last_school_day(day: date, is_school_day: SchoolDay, *, limit: int = 120) -> date:
    """`day` if it is a school day, else the last school day before it (a meeting can only
    be held when the school is open)."""
    for back in range(limit):
        candidate = day - timedelta(days=back)
        if is_school_day(candidate):
            return candidate
    return day


@dataclass(frozen=True)
class AnnualReviewDates:
    """What the SENDCO works to for one EHCP annual review."""

    due: date  # the statutory last day (may fall in a holiday)
    meeting_by: date  # the last school day on or before `due`
    hold_by: date  # the last school day leaving the LA its 4 weeks inside the 12 months
    notice_by: date  # notice and papers: 2 weeks before `meeting_by`


def annual_review_dates(
    due: date, is_school_day: SchoolDay, periods: StatutoryPeriods = DEFAULT_PERIODS
) -> AnnualReviewDates:
    meeting_by = last_school_day(due, is_school_day)
    early = due - timedelta(weeks=periods.ehcp_meeting_before_due_weeks)
    return AnnualReviewDates(
        due=due,
        meeting_by=meeting_by,
        hold_by=last_school_day(early, is_school_day),
        notice_by=latest_notice_date(meeting_by, periods),
    )


def review_milestones(
    meeting_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS
) -> dict[MilestoneKind, date]:
    """Reg 20 deadlines around an EHCP review meeting: what must be done by which date."""
    return {
        MilestoneKind.MEETING_NOTICE: meeting_on - timedelta(weeks=periods.meeting_notice_weeks),
        MilestoneKind.PAPERS_CIRCULATED: meeting_on - timedelta(weeks=periods.papers_weeks),
        MilestoneKind.REPORT_SENT: weeks_after(meeting_on, periods.report_weeks),
        MilestoneKind.LA_DECISION: weeks_after(meeting_on, periods.la_decision_weeks),
    }


BEFORE_MEETING = frozenset({MilestoneKind.MEETING_NOTICE, MilestoneKind.PAPERS_CIRCULATED})


def latest_notice_date(due_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS) -> date:
    """The last day to send meeting notice for a meeting held on the review's due date."""
    return review_milestones(due_on, periods)[MilestoneKind.MEETING_NOTICE]


@dataclass(frozen=True)
class AmendmentDates:
    proposals_by: date  # the LA sends the proposed amendments (4 weeks after the meeting)
    comments_until: date | None  # the family's 15 days, once the notice went out
    final_by: date | None  # the final amended plan (8 weeks after the notice)


def amendment_dates(
    held_on: date, notice_on: date | None, periods: StatutoryPeriods = DEFAULT_PERIODS
) -> AmendmentDates:
    """Reg 22 after a review that decided to amend the plan."""
    return AmendmentDates(
        proposals_by=weeks_after(held_on, periods.amendment_proposal_weeks),
        comments_until=(
            notice_on + timedelta(days=periods.amendment_comment_days) if notice_on else None
        ),
        final_by=weeks_after(notice_on, periods.amendment_final_weeks) if notice_on else None,
    )


# --- EHC needs assessment ------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentDeadlines:
    decide_to_assess: date
    decide_not_to_issue: date
    final_plan: date


def assessment_deadlines(
    requested_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS
) -> AssessmentDeadlines:
    """From the date the LA received the request for an EHC needs assessment."""
    return AssessmentDeadlines(
        decide_to_assess=weeks_after(requested_on, periods.decide_to_assess_weeks),
        decide_not_to_issue=weeks_after(requested_on, periods.decide_not_to_issue_weeks),
        final_plan=weeks_after(requested_on, periods.final_plan_weeks),
    )


def advice_due(asked_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS) -> date:
    """Professionals' advice for an assessment is due 6 weeks after they were asked (reg 8)."""
    return weeks_after(asked_on, periods.advice_weeks)


# --- Phase transfer ------------------------------------------------------------------------


def academic_year_start(on: date) -> int:
    """The calendar year the academic year containing `on` began (September to August)."""
    return on.year if on.month >= 9 else on.year - 1


def phase_transfer_deadline(
    year_group: int,
    on: date,
    transfer_years: tuple[int, ...] = DEFAULT_TRANSFER_YEARS,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> date | None:
    """By when an EHCP must be amended for the pupil's next phase transfer (reg 18).

    `year_group` is the pupil's year on the date `on` (-1 nursery, 0 Reception); a transfer
    year is the year group a pupil leaves at the end of that academic year. The deadline falls
    in the calendar year of the transfer: 15 February, or 31 March for secondary to post-16.
    None when no transfer lies ahead of this pupil.
    """
    ahead = sorted(t for t in transfer_years if t >= year_group)
    if not ahead:
        return None
    leaving = ahead[0]
    transfer_year = academic_year_start(on) + 1 + (leaving - year_group)
    month, day = (
        periods.post16_transfer_deadline
        if leaving >= periods.post16_from_year
        else periods.phase_transfer_deadline
    )
    return date(transfer_year, month, day)


# --- Other review intervals ----------------------------------------------------------------


def under_five_review_window(
    last_review_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS
) -> tuple[date, date]:
    """(recommended, latest) next review of an under-5's EHCP: 3 and 6 months on (Code 9.178)."""
    return (
        add_months(last_review_on, periods.under5_recommended_months),
        add_months(last_review_on, periods.under5_latest_months),
    )


PREPARING_FOR_ADULTHOOD_FROM_YEAR = 9  # Code of Practice 8.9
PREPARING_FOR_ADULTHOOD = (
    "From Year 9 every review includes preparing-for-adulthood outcomes (Code 8.9): "
    "higher education or employment, independent living, friends and community, and good "
    "health. Invite the careers adviser, and social care where the pupil will need it."
)


def prepares_for_adulthood(year_group: int) -> bool:
    return year_group >= PREPARING_FOR_ADULTHOOD_FROM_YEAR


def is_under_five(date_of_birth: date, on: date) -> bool:
    return add_months(date_of_birth, 60) > on


def sen_support_review_due(from_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS) -> date:
    """The next SEN support plan review: `sen_support_review_weeks` (termly) on."""
    return weeks_after(from_on, periods.sen_support_review_weeks)


def health_care_review_due(from_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS) -> date:
    return add_months(from_on, periods.health_care_review_months)


def pep_review_due(from_on: date, periods: StatutoryPeriods = DEFAULT_PERIODS) -> date:
    return weeks_after(from_on, periods.pep_review_weeks)
