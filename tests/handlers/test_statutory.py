"""The statutory date rules, to the day (SEND Regulations 2014, Code of Practice 2015)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers import clock, statutory
from handlers.plans.schedule import next_review_after
from handlers.statutory import StatutoryPeriods
from storage.codes import MilestoneKind, ReviewKind, ReviewOutcome

D = date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2025, 12, 31), 12, D(2026, 12, 31)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
    ],
)
def test_adding_calendar_months_clamps_to_the_end_of_a_shorter_month(
    start: date, months: int, expected: date
) -> None:
    assert statutory.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("issued", "last_review", "expected"),
    [
        # CFA 2014 s.44(1): 12 months *starting with* the day, so the day before the
        # anniversary (written from the law before running the code).
        (D(2026, 3, 10), None, D(2027, 3, 9)),
        (D(2025, 2, 28), None, D(2026, 2, 27)),
        # 29 Feb: no 29 Feb next year; the anniversary is taken as 28 Feb and the period
        # ends the day before — never later than the law, at worst a day early.
        (D(2024, 2, 29), None, D(2025, 2, 27)),
        (D(2025, 9, 1), None, D(2026, 8, 31)),
        (D(2026, 1, 1), None, D(2026, 12, 31)),
        (D(2023, 5, 10), D(2025, 4, 30), D(2026, 4, 29)),
        (D(2023, 5, 10), D(2024, 2, 29), D(2025, 2, 27)),
        # An amended plan re-issued after its last review: the clock runs from the review
        # (s.44(1)(b)), not from the re-issue.
        (D(2025, 6, 1), D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_an_ehcp_is_reviewed_within_12_months_starting_with_issue_or_the_last_review(
    issued: date, last_review: date | None, expected: date
) -> None:
    assert statutory.next_annual_review_due(issued, last_review) == expected


def test_a_school_can_configure_a_shorter_review_cycle() -> None:
    periods = StatutoryPeriods(ehcp_review_months=6)
    assert statutory.next_annual_review_due(D(2025, 8, 31), None, periods) == D(2026, 2, 27)


def test_reg_20_milestones_fall_two_weeks_before_and_two_and_four_weeks_after_the_meeting() -> None:
    assert statutory.review_milestones(D(2026, 3, 10)) == {
        MilestoneKind.MEETING_NOTICE: D(2026, 2, 24),
        MilestoneKind.PAPERS_CIRCULATED: D(2026, 2, 24),
        MilestoneKind.REPORT_SENT: D(2026, 3, 24),
        MilestoneKind.LA_DECISION: D(2026, 4, 7),
    }


def test_milestones_across_a_year_end_and_a_leap_day() -> None:
    dates = statutory.review_milestones(D(2028, 1, 5))
    assert dates[MilestoneKind.MEETING_NOTICE] == D(2027, 12, 22)
    dates = statutory.review_milestones(D(2028, 2, 15))
    assert dates[MilestoneKind.REPORT_SENT] == D(2028, 2, 29)
    assert dates[MilestoneKind.LA_DECISION] == D(2028, 3, 14)


def test_milestone_periods_are_configurable() -> None:
    periods = StatutoryPeriods(meeting_notice_weeks=3, la_decision_weeks=5)
    dates = statutory.review_milestones(D(2026, 3, 10), periods)
    assert dates[MilestoneKind.MEETING_NOTICE] == D(2026, 2, 17)
    assert dates[MilestoneKind.PAPERS_CIRCULATED] == D(2026, 2, 24)
    assert dates[MilestoneKind.LA_DECISION] == D(2026, 4, 14)


def test_latest_notice_for_a_review_held_on_its_due_date() -> None:
    assert statutory.latest_notice_date(D(2026, 3, 10)) == D(2026, 2, 24)


def test_ehc_needs_assessment_deadlines_run_from_the_request() -> None:
    deadlines = statutory.assessment_deadlines(D(2026, 1, 12))
    assert deadlines.decide_to_assess == D(2026, 2, 23)
    assert deadlines.decide_not_to_issue == D(2026, 5, 4)
    assert deadlines.final_plan == D(2026, 6, 1)
    assert statutory.advice_due(D(2026, 2, 23)) == D(2026, 4, 6)


@pytest.mark.parametrize(
    ("year_group", "on", "expected"),
    [
        (6, D(2025, 11, 1), D(2026, 2, 15)),  # Year 6 in autumn: transfers next September
        (6, D(2026, 3, 1), D(2026, 2, 15)),  # same academic year, deadline already past
        (5, D(2025, 11, 1), D(2027, 2, 15)),  # a year before the transfer year
        (11, D(2025, 10, 1), D(2026, 3, 31)),  # secondary to post-16: 31 March
        (9, D(2026, 6, 30), D(2028, 3, 31)),
        (7, D(2025, 9, 1), D(2030, 3, 31)),  # after Year 6 the next transfer is post-16
        (0, D(2025, 9, 1), D(2032, 2, 15)),
        (12, D(2025, 9, 1), None),  # no transfer ahead
    ],
)
def test_phase_transfer_deadline_for_the_default_transfer_years(
    year_group: int, on: date, expected: date | None
) -> None:
    assert statutory.phase_transfer_deadline(year_group, on) == expected


def test_phase_transfer_years_are_a_parameter_for_infant_and_junior_schools() -> None:
    # An infant school: pupils leave at the end of Year 2.
    assert statutory.phase_transfer_deadline(2, D(2025, 10, 1), (2, 6, 11)) == D(2026, 2, 15)
    assert statutory.phase_transfer_deadline(1, D(2025, 10, 1), (2,)) == D(2027, 2, 15)
    # Nursery into Reception at a school with a nursery class.
    assert statutory.phase_transfer_deadline(-1, D(2025, 10, 1), (-1, 6)) == D(2026, 2, 15)


def test_the_academic_year_starts_in_september() -> None:
    assert statutory.academic_year_start(D(2025, 8, 31)) == 2024
    assert statutory.academic_year_start(D(2025, 9, 1)) == 2025


def test_under_fives_are_reviewed_at_three_months_and_no_later_than_six() -> None:
    assert statutory.under_five_review_window(D(2025, 11, 30)) == (D(2026, 2, 28), D(2026, 5, 30))
    assert statutory.is_under_five(D(2021, 3, 1), D(2026, 2, 28))
    assert not statutory.is_under_five(D(2021, 3, 1), D(2026, 3, 1))


def test_sen_support_plans_are_reviewed_termly_by_default_and_the_period_is_configurable() -> None:
    assert statutory.sen_support_review_due(D(2026, 1, 5)) == D(2026, 3, 30)
    periods = StatutoryPeriods(sen_support_review_weeks=6)
    assert statutory.sen_support_review_due(D(2026, 1, 5), periods) == D(2026, 2, 16)
    assert statutory.pep_review_due(D(2026, 1, 5)) == D(2026, 3, 30)
    assert statutory.health_care_review_due(D(2024, 2, 29)) == D(2025, 2, 28)


def test_the_school_date_is_london_time() -> None:
    late_summer_evening = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert clock.school_today(late_summer_evening) == D(2026, 7, 1)
    winter_evening = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert clock.school_today(winter_evening) == D(2026, 1, 31)
    assert clock.school_date(datetime(2026, 6, 30, 23, 30)) == D(2026, 7, 1)
    with pytest.raises(ValueError, match="naive"):
        clock.school_today(datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("kind", "outcome", "expected"),
    [
        (ReviewKind.SEN_SUPPORT, ReviewOutcome.CONTINUE, (ReviewKind.SEN_SUPPORT, D(2026, 6, 2))),
        (ReviewKind.SEN_SUPPORT, ReviewOutcome.ESCALATE, (ReviewKind.SEN_SUPPORT, D(2026, 6, 2))),
        (ReviewKind.EHCP_ANNUAL, ReviewOutcome.AMEND, (ReviewKind.EHCP_ANNUAL, D(2027, 3, 9))),
        (ReviewKind.PHASE_TRANSFER, ReviewOutcome.AMEND, (ReviewKind.EHCP_ANNUAL, D(2027, 3, 9))),
        (ReviewKind.HEALTH_CARE, ReviewOutcome.CONTINUE, (ReviewKind.HEALTH_CARE, D(2027, 3, 10))),
        (ReviewKind.PEP, ReviewOutcome.CONTINUE, (ReviewKind.PEP, D(2026, 6, 2))),
        (ReviewKind.EHCP_INTERIM, ReviewOutcome.CONTINUE, None),
        (ReviewKind.EHCP_ANNUAL, ReviewOutcome.CEASE, None),
        (ReviewKind.SEN_SUPPORT, ReviewOutcome.NO_LONGER_NEEDED, None),
    ],
)
def test_the_next_review_after_one_is_held(
    kind: ReviewKind, outcome: ReviewOutcome, expected: tuple[ReviewKind, date] | None
) -> None:
    assert next_review_after(kind, D(2026, 3, 10), outcome) == expected


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)), st.integers(-36, 36))
def test_adding_months_never_overshoots_the_target_month(day: date, months: int) -> None:
    moved = statutory.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved + timedelta(days=1)).day == 1


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)))
def test_milestones_bracket_the_meeting(meeting: date) -> None:
    dates = statutory.review_milestones(meeting)
    assert dates[MilestoneKind.MEETING_NOTICE] == meeting - timedelta(days=14)
    assert dates[MilestoneKind.REPORT_SENT] - meeting == timedelta(days=14)
    assert dates[MilestoneKind.LA_DECISION] - meeting == timedelta(days=28)
