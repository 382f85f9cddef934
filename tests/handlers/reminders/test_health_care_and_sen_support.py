"""Health Care Plan reviews (yearly) and SEN support plan reviews (termly, configurable)."""

from __future__ import annotations

from handlers.reminders.rules.health_care import health_care_reviews
from handlers.reminders.rules.sen_support import sen_support_reviews
from handlers.reminders.settings import ReminderSettings
from tests.handlers.reminders.builders import SENDCO, TEACHER_6A, ctx, d, plan, review, school


def test_a_health_care_plan_is_reviewed_a_year_on_with_four_weeks_notice() -> None:
    facts = school(plans=(plan("health_care", started="2025-11-20"),))
    assert health_care_reviews(facts, ctx("2026-10-22")) == []
    [reminder] = health_care_reviews(facts, ctx("2026-10-23"))
    assert reminder.due == d("2026-11-20") and reminder.remind_on == d("2026-10-23")


def test_a_scheduled_health_care_review_sets_the_date() -> None:
    scheduled = review("health_care", due="2026-12-01")
    facts = school(plans=(plan("health_care", started="2025-11-20", reviews=(scheduled,)),))
    [reminder] = health_care_reviews(facts, ctx("2026-11-03"))
    assert reminder.due == d("2026-12-01")


def test_sen_support_is_reviewed_termly_from_the_imported_last_review() -> None:
    facts = school(plans=(plan("sen_support", started="2026-09-16", last_reviewed="2026-09-16"),))

    assert sen_support_reviews(facts, ctx("2026-11-24")) == []
    [reminder] = sen_support_reviews(facts, ctx("2026-11-25"))

    assert reminder.due == d("2026-12-09")  # 12 weeks on
    assert reminder.recipient_ids == (TEACHER_6A.id, SENDCO.id)  # class teacher and SENDCO


def test_the_sen_support_cycle_is_configurable() -> None:
    six_weekly = ReminderSettings(sen_support_review_weeks=6)
    facts = school(plans=(plan("sen_support", started="2026-09-16"),))
    [reminder] = sen_support_reviews(facts, ctx("2026-10-14", settings=six_weekly))
    assert reminder.due == d("2026-10-28")  # in half term, so reminded a fortnight before it


def test_the_plans_own_review_date_wins_over_the_period() -> None:
    facts = school(
        plans=(plan("sen_support", started="2026-06-01", last_reviewed="2026-07-01",
                    review_due="2026-10-09"),)
    )  # fmt: skip
    [reminder] = sen_support_reviews(facts, ctx("2026-09-25"))
    assert reminder.due == d("2026-10-09")


def test_a_booked_meeting_silences_the_review_reminder() -> None:
    booked = review("sen_support", due="2026-12-09", meeting="2026-12-08")
    facts = school(plans=(plan("sen_support", started="2026-09-16", reviews=(booked,)),))
    assert sen_support_reviews(facts, ctx("2026-12-01")) == []
