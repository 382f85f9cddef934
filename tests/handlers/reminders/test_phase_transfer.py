"""Phase transfer: the EHCP amended by 15 February (31 March into post-16), reminded in the
autumn term."""

from __future__ import annotations

from typing import Any

from handlers.reminders.model import PlanFacts
from handlers.reminders.rules.phase_transfer import phase_transfer_reviews
from handlers.reminders.settings import ReminderSettings
from tests.handlers.reminders.builders import CALENDAR, ctx, d, plan, pupil, review, school


def ehcp_in_year(year: int, **extra: Any) -> PlanFacts:
    return plan("ehcp", started="2024-06-10", who=pupil(year_group=year), **extra)


def test_a_year_6_ehcp_pupil_is_reminded_in_the_autumn_term_for_15_february_2027() -> None:
    facts = school(plans=(ehcp_in_year(6),))

    assert phase_transfer_reviews(facts, ctx("2026-09-25")) == []
    [reminder] = phase_transfer_reviews(facts, ctx("2026-09-28"))

    assert reminder.due == d("2027-02-15")
    assert reminder.remind_on == d("2026-09-28")
    assert CALENDAR.is_school_day(reminder.remind_on)
    assert d("2026-09-01") <= reminder.remind_on <= d("2026-12-18")  # the autumn term
    assert ("Hold the review by", "Mon 23 Nov 2026") in reminder.fields


def test_year_11_moves_to_post_16_with_a_31_march_deadline() -> None:
    [reminder] = phase_transfer_reviews(school(plans=(ehcp_in_year(11),)), ctx("2026-11-11"))
    assert reminder.due == d("2027-03-31")
    assert reminder.remind_on == d("2026-11-11")


def test_pupils_not_moving_this_year_are_left_alone() -> None:
    facts = school(plans=(ehcp_in_year(5), ehcp_in_year(2)))
    assert phase_transfer_reviews(facts, ctx("2026-12-01")) == []


def test_the_transfer_years_are_configurable() -> None:
    infant_to_junior = ReminderSettings(phase_transfer_years=(2, 6, 11))
    [reminder] = phase_transfer_reviews(
        school(plans=(ehcp_in_year(2),)), ctx("2026-12-01", settings=infant_to_junior)
    )
    assert reminder.due == d("2027-02-15")


def test_a_review_held_this_school_year_or_a_meeting_booked_means_it_is_in_hand() -> None:
    held = review(due="2026-11-20", held="2026-10-14")
    booked = review(due="2026-11-20", meeting="2026-11-19", review_id=501)
    assert (
        phase_transfer_reviews(school(plans=(ehcp_in_year(6, reviews=(held,)),)), ctx("2026-12-01"))
        == []
    )
    assert (
        phase_transfer_reviews(
            school(plans=(ehcp_in_year(6, reviews=(booked,)),)), ctx("2026-12-01")
        )
        == []
    )
    last_year = ehcp_in_year(6, last_reviewed="2026-06-10")
    assert len(phase_transfer_reviews(school(plans=(last_year,)), ctx("2026-12-01"))) == 1
