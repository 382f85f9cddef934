"""Looked-after children: PEP reviews, and the EHCP review held together with one."""

from __future__ import annotations

from handlers.reminders.rules.pep import pep_alignment, pep_reviews
from tests.handlers.reminders.builders import SENDCO, ctx, d, plan, pupil, review, school

CARED_FOR = pupil(year_group=4, born="2017-04-04", looked_after=True, class_name="4B")


def test_a_pep_review_is_reminded_two_weeks_ahead() -> None:
    pep = plan("pep", started="2026-09-10", who=CARED_FOR, review_due="2026-11-20")
    facts = school(plans=(pep,))
    assert pep_reviews(facts, ctx("2026-11-05")) == []
    [reminder] = pep_reviews(facts, ctx("2026-11-06"))
    assert reminder.due == d("2026-11-20") and reminder.recipient_ids == (SENDCO.id,)


def test_a_pep_without_a_date_is_reviewed_termly() -> None:
    pep = plan("pep", started="2026-09-10", who=CARED_FOR)
    [reminder] = pep_reviews(school(plans=(pep,)), ctx("2026-12-01"))
    assert reminder.due == d("2026-12-03")  # 12 weeks on


def test_an_ehcp_review_far_from_the_next_pep_review_is_flagged_with_the_annual_reminder() -> None:
    ehcp = plan("ehcp", started="2026-03-12", who=CARED_FOR, plan_id=101)
    pep = plan("pep", started="2026-09-10", who=CARED_FOR, review_due="2027-02-05")
    facts = school(plans=(ehcp, pep))

    assert pep_alignment(facts, ctx("2027-01-13")) == []
    [reminder] = pep_alignment(facts, ctx("2027-01-14"))  # 8 weeks before 11 March

    assert reminder.due == d("2027-03-11")  # 12 months starting with 12 Mar 2026
    assert "34 days apart" in reminder.lines[0]
    assert "Code 9.169" in reminder.lines[0]


def test_reviews_within_two_weeks_of_each_other_are_aligned_already() -> None:
    ehcp = plan("ehcp", started="2026-03-12", who=CARED_FOR, plan_id=101)
    booked = review("pep", due="2027-03-05", meeting="2027-03-05")
    pep = plan("pep", started="2026-09-10", who=CARED_FOR, reviews=(booked,))
    assert pep_alignment(school(plans=(ehcp, pep)), ctx("2027-01-15")) == []


def test_a_child_who_is_not_looked_after_needs_no_alignment() -> None:
    other = pupil(year_group=4, born="2017-04-04", looked_after=False)
    ehcp = plan("ehcp", started="2026-03-12", who=other, plan_id=101)
    pep = plan("pep", started="2026-09-10", who=other, review_due="2027-02-05")
    assert pep_alignment(school(plans=(ehcp, pep)), ctx("2027-01-15")) == []


def test_a_looked_after_pupil_without_a_pep_is_asked_about_weekly() -> None:
    from handlers.reminders.rules.pep import pep_missing

    facts = school(looked_after=(CARED_FOR,))
    [reminder] = pep_missing(facts, ctx("2026-11-02"))
    assert "no PEP recorded" in reminder.title and reminder.recipient_ids == (SENDCO.id,)
    pep = plan("pep", started="2026-11-03", who=CARED_FOR)
    assert pep_missing(school(looked_after=(CARED_FOR,), plans=(pep,)), ctx("2026-11-04")) == []
