"""EHCP annual reviews and the reg 20 steps around the meeting land on the statutory dates."""

from __future__ import annotations

from handlers.reminders.model import MilestoneFacts
from handlers.reminders.rules.ehcp import ehcp_annual_reviews, ehcp_review_steps
from tests.handlers.reminders.builders import SENDCO, ctx, d, plan, review, school


def test_an_ehcp_issued_on_12_march_is_reviewed_by_12_march_next_year_with_8_weeks_notice() -> None:
    facts = school(plans=(plan("ehcp", started="2025-03-12"),))

    assert ehcp_annual_reviews(facts, ctx("2026-01-14")) == []
    [reminder] = ehcp_annual_reviews(facts, ctx("2026-01-15"))

    assert reminder.due == d("2026-03-12")
    assert reminder.remind_on == d("2026-01-15")  # 8 weeks before, a Thursday in term
    assert reminder.recipient_ids == (SENDCO.id,)
    assert reminder.subject == facts.plans[0].pupil.upn
    assert "Send meeting notice by: Thu 26 Feb 2026" in "\n".join(
        f"{k}: {v}" for k, v in reminder.fields
    )


def test_the_review_follows_the_last_review_from_the_import_columns() -> None:
    imported = plan("ehcp", started="2023-05-02", last_reviewed="2025-05-20")
    [reminder] = ehcp_annual_reviews(school(plans=(imported,)), ctx("2026-04-13"))
    assert reminder.due == d("2026-05-20")


def test_a_lead_time_falling_in_a_holiday_is_raised_before_the_holiday_starts() -> None:
    facts = school(plans=(plan("ehcp", started="2025-02-20"),))  # due in February half term
    [reminder] = ehcp_annual_reviews(facts, ctx("2025-12-19"))
    assert reminder.due == d("2026-02-20")
    assert reminder.remind_on == d("2025-12-19")  # 8 weeks back is Boxing Day: end of term


def test_no_annual_reminder_once_the_meeting_is_booked() -> None:
    booked = review(due="2026-03-12", meeting="2026-03-10")
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(booked,)),))
    assert ehcp_annual_reviews(facts, ctx("2026-02-01")) == []


def test_a_meeting_on_10_march_sets_every_reg_20_step() -> None:
    booked = review(due="2026-03-12", meeting="2026-03-10")
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(booked,)),))

    steps = {r.rule: r for r in ehcp_review_steps(facts, ctx("2026-04-20"))}

    assert {rule: r.due for rule, r in steps.items()} == {
        "ehcp_meeting_notice": d("2026-02-24"),
        "ehcp_papers": d("2026-02-24"),
        "ehcp_review_report": d("2026-03-24"),
        "ehcp_la_decision": d("2026-04-07"),
    }
    assert {rule: r.remind_on for rule, r in steps.items()} == {
        "ehcp_meeting_notice": d("2026-02-13"),  # a week before lands in half term
        "ehcp_papers": d("2026-02-13"),
        "ehcp_review_report": d("2026-03-19"),  # 5 days ahead
        "ehcp_la_decision": d("2026-03-27"),  # 7 April is in the Easter holiday
    }


def test_each_step_is_due_from_its_own_reminder_date() -> None:
    booked = review(due="2026-03-12", meeting="2026-03-10")
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(booked,)),))
    assert ehcp_review_steps(facts, ctx("2026-02-12")) == []
    assert {r.rule for r in ehcp_review_steps(facts, ctx("2026-02-13"))} == {
        "ehcp_meeting_notice",
        "ehcp_papers",
    }


def test_done_steps_are_not_reminded_and_steps_before_a_held_meeting_lapse() -> None:
    steps = (
        MilestoneFacts("meeting_notice", d("2026-02-24"), completed_on=d("2026-02-20")),
        MilestoneFacts("papers_circulated", d("2026-02-24")),
        MilestoneFacts("report_sent", d("2026-03-24")),
        MilestoneFacts("la_decision", d("2026-04-07")),
    )
    held = review(due="2026-03-12", meeting="2026-03-10", held="2026-03-10", steps=steps)
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(held,)),))

    rules = {r.rule for r in ehcp_review_steps(facts, ctx("2026-04-20"))}

    assert rules == {"ehcp_review_report", "ehcp_la_decision"}


def test_without_a_sendco_the_reminder_has_no_recipient() -> None:
    facts = school(plans=(plan("ehcp", started="2025-03-12"),), staff={})
    [reminder] = ehcp_annual_reviews(facts, ctx("2026-01-15"))
    assert reminder.recipient_ids == () and reminder.wants_sendco
