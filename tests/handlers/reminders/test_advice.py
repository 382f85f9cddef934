"""Advice requests unanswered for 48 school hours are raised with the SENDCO."""

from __future__ import annotations

from datetime import UTC

from handlers.reminders.rules.advice import advice_unanswered
from handlers.reminders.settings import ReminderSettings
from storage.models import AdviceMessage, AdviceRequest
from tests.handlers.reminders.builders import SENDCO, TEACHER_6A, at, ctx, d, school


def asked(
    day: str, clock: str, *, status: str = "open", claimed_by: int | None = None
) -> AdviceRequest:
    return AdviceRequest(
        id=7,
        asked_by_id=TEACHER_6A.id,
        question="How can I help with recording?",
        status=status,
        asked_at=at(day, clock).astimezone(UTC),
        claimed_by_id=claimed_by,
    )


def test_a_request_unanswered_after_48_hours_goes_to_the_sendco() -> None:
    facts = school(advice=(asked("2026-11-16", "10:00"),))
    assert advice_unanswered(facts, ctx("2026-11-18", "09:59")) == []
    [reminder] = advice_unanswered(facts, ctx("2026-11-18", "10:01"))
    assert reminder.recipient_ids == (SENDCO.id,)
    assert reminder.subject == TEACHER_6A.email
    assert reminder.ref == "A-00007" and reminder.due == d("2026-11-18")


def test_weekends_do_not_count_so_a_friday_request_is_late_on_tuesday() -> None:
    facts = school(advice=(asked("2026-11-20", "12:00"),))
    assert advice_unanswered(facts, ctx("2026-11-23", "12:01")) == []
    assert len(advice_unanswered(facts, ctx("2026-11-24", "12:01"))) == 1


def test_a_request_on_the_last_day_of_term_waits_for_two_school_days_after_christmas() -> None:
    facts = school(advice=(asked("2026-12-18", "14:00"),))
    assert advice_unanswered(facts, ctx("2027-01-06", "13:59")) == []
    [reminder] = advice_unanswered(facts, ctx("2027-01-06", "14:01"))
    assert reminder.due == d("2027-01-06")


def test_a_claimed_request_reminds_the_sendco_who_claimed_it() -> None:
    facts = school(advice=(asked("2026-11-16", "10:00", status="claimed", claimed_by=SENDCO.id),))
    [reminder] = advice_unanswered(facts, ctx("2026-11-19"))
    assert reminder.recipient_ids == (SENDCO.id,) and not reminder.wants_sendco


def test_a_follow_up_from_the_asker_restarts_the_clock_as_a_new_reminder() -> None:
    request = asked("2026-11-16", "10:00")
    [first] = advice_unanswered(school(advice=(request,)), ctx("2026-11-19"))
    request.messages.append(
        AdviceMessage(author_id=TEACHER_6A.id, body="Any news?", sent_at=at("2026-11-19", "09:00"))
    )
    assert advice_unanswered(school(advice=(request,)), ctx("2026-11-20")) == []
    [second] = advice_unanswered(school(advice=(request,)), ctx("2026-11-23", "09:01"))
    assert first.identity != second.identity


def test_the_time_allowed_is_configurable() -> None:
    quick = ReminderSettings(advice_max_open_hours=24)
    facts = school(advice=(asked("2026-11-16", "10:00"),))
    assert len(advice_unanswered(facts, ctx("2026-11-17", "10:01", settings=quick))) == 1
