"""A planned intervention session not logged by the end of the school day nudges its lead."""

from __future__ import annotations

from datetime import time

from handlers.reminders.model import InterventionFacts, SchoolFacts
from handlers.reminders.rules.sessions import unlogged_sessions
from handlers.reminders.settings import ReminderSettings
from tests.handlers.reminders.builders import SENDCO, TA, ctx, d, school


def group(
    *logged: str, lead: int | None = TA.id, planned: int = 30, status: str = "active"
) -> InterventionFacts:
    return InterventionFacts(
        id=4,
        name="Toe by Toe - Year 4",
        weekdays="mon,wed",
        start_on=d("2026-11-02"),
        end_on=d("2027-03-31"),
        status=status,
        planned_sessions=planned,
        lead_id=lead,
        logged_dates=frozenset(d(day) for day in logged),
    )


def facts(*groups: InterventionFacts) -> SchoolFacts:
    return school(interventions=groups)


def test_a_session_planned_today_and_not_logged_by_half_past_three_nudges_the_lead() -> None:
    assert unlogged_sessions(facts(group()), ctx("2026-11-18", "15:29")) == []
    [reminder] = unlogged_sessions(facts(group()), ctx("2026-11-18", "15:31"))
    assert reminder.due == d("2026-11-18") and reminder.recipient_ids == (TA.id,)
    assert reminder.subject == TA.email and reminder.ref == "I-00004"


def test_a_logged_session_is_not_nudged() -> None:
    assert unlogged_sessions(facts(group("2026-11-18")), ctx("2026-11-18", "16:00")) == []


def test_the_next_morning_the_same_reminder_is_still_due_in_case_it_was_missed() -> None:
    [evening] = unlogged_sessions(facts(group()), ctx("2026-11-18", "16:00"))
    [morning] = unlogged_sessions(facts(group()), ctx("2026-11-19", "08:00"))
    assert evening.identity == morning.identity


def test_no_nudge_on_a_day_without_school_or_after_the_group_finished() -> None:
    assert unlogged_sessions(facts(group()), ctx("2026-10-28", "16:00")) == []
    assert unlogged_sessions(facts(group(status="completed")), ctx("2026-11-18", "16:00")) == []
    done_all = group("2026-11-02", "2026-11-04", planned=2)
    assert unlogged_sessions(facts(done_all), ctx("2026-11-18", "16:00")) == []


def test_a_group_without_a_lead_nudges_the_sendco() -> None:
    [reminder] = unlogged_sessions(facts(group(lead=None)), ctx("2026-11-18", "16:00"))
    assert reminder.recipient_ids == (SENDCO.id,)


def test_the_end_of_the_school_day_is_configurable() -> None:
    early = ReminderSettings(school_day_ends=time(15, 0))
    assert len(unlogged_sessions(facts(group()), ctx("2026-11-18", "15:05", settings=early))) == 1
