"""Under-5s with an EHCP: a review considered every 3 to 6 months (Code 9.178)."""

from __future__ import annotations

from handlers.reminders.rules.under_five import under_five_reviews
from tests.handlers.reminders.builders import ctx, d, plan, pupil, review, school

NURSERY = pupil(year_group=-1, born="2022-10-01", class_name="N")


def test_three_months_after_the_plan_the_sendco_is_told_to_review_within_six() -> None:
    facts = school(plans=(plan("ehcp", started="2026-06-15", who=NURSERY),))

    assert under_five_reviews(facts, ctx("2026-09-14")) == []
    [reminder] = under_five_reviews(facts, ctx("2026-09-15"))

    assert reminder.remind_on == d("2026-09-15")
    assert reminder.due == d("2026-12-15")
    assert ("Issued", "Mon 15 Jun 2026") in reminder.fields  # never reviewed: not "Last reviewed"


def test_a_review_held_starts_the_next_window() -> None:
    held = review(due="2026-12-15", held="2026-11-10")
    facts = school(plans=(plan("ehcp", started="2026-06-15", who=NURSERY, reviews=(held,)),))
    assert under_five_reviews(facts, ctx("2027-02-09")) == []
    [reminder] = under_five_reviews(facts, ctx("2027-02-10"))
    assert reminder.due == d("2027-05-10")
    assert ("Last reviewed", "Tue 10 Nov 2026") in reminder.fields


def test_a_meeting_booked_inside_the_window_is_enough() -> None:
    booked = review(due="2027-06-15", meeting="2026-12-01")
    facts = school(plans=(plan("ehcp", started="2026-06-15", who=NURSERY, reviews=(booked,)),))
    assert under_five_reviews(facts, ctx("2026-10-01")) == []


def test_from_the_fifth_birthday_the_ordinary_annual_review_applies() -> None:
    facts = school(plans=(plan("ehcp", started="2027-06-15", who=NURSERY),))
    assert under_five_reviews(facts, ctx("2027-10-01")) == []  # five today
