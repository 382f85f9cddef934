"""The SENDCO's morning digest on school days and weekly summary on the last school day of the
week: each once, however often the sweep runs, and never when there is nothing to say."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.reminders import run_sweep
from handlers.reminders.digest import MORNING_RULE, WEEKLY_RULE
from storage.models import OutboxNotice, School, Staff, StaffRole
from tests.handlers.reminders.recording import RecordingChannel
from tests.handlers.reminders.small_school import SmallSchool, london

TIMES = ("06:30", "07:45", "08:00", "10:00", "12:00", "15:45", "16:30", "19:00")


def day_of_sweeps(sessions: sessionmaker[Session], channel: RecordingChannel, day: str) -> None:
    for clock in TIMES:
        channel.now = london(day, clock)
        run_sweep(sessions, now=channel.now, channels=[channel])


def digests(channel: RecordingChannel, rule: str) -> list[str]:
    return [s.key for s in channel.sent if s.rule == rule]


def test_one_morning_digest_per_school_day_and_none_at_the_weekend(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    channel = RecordingChannel()
    for day in ("2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"):
        day_of_sweeps(sessions, channel, day)
    sendco = small.actors["sendco"].staff_id
    assert digests(channel, MORNING_RULE) == [
        f"digest_morning:{small.school_id}:{day}:{sendco}"
        for day in ("2026-11-19", "2026-11-20", "2026-11-23")
    ]
    first = next(s for s in channel.sent if s.rule == MORNING_RULE)
    assert first.at == london("2026-11-19", "07:45")


def test_the_digest_lists_new_concerns_waiting_advice_and_reviews(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    channel = RecordingChannel()
    channel.now = london("2026-11-02", "08:00")
    run_sweep(sessions, now=channel.now, channels=[channel])
    with sessions() as session:
        message = session.scalar(
            select(OutboxNotice.message).where(OutboxNotice.rule == MORNING_RULE)
        )
    assert message is not None
    assert "New concerns: 1" in message and "C-00001 (Amira Example)" in message
    assert "Amira Example: SEN support plan review was due by Wed 23 Sep 2026" in message
    assert "Reviews due in the next 4 weeks: 1" in message  # the Health Care Plan


def test_no_digest_in_the_holidays(sessions: sessionmaker[Session], small: SmallSchool) -> None:
    channel = RecordingChannel()
    day_of_sweeps(sessions, channel, "2026-10-28")  # half term
    day_of_sweeps(sessions, channel, "2026-12-23")  # Christmas
    assert digests(channel, MORNING_RULE) == digests(channel, WEEKLY_RULE) == []


def test_the_weekly_summary_goes_on_the_last_school_day_of_the_week(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    channel = RecordingChannel()
    for day in ("2026-11-19", "2026-11-20", "2027-03-25"):  # Thu, Fri; Thu before Good Friday
        day_of_sweeps(sessions, channel, day)
    sendco = small.actors["sendco"].staff_id
    assert digests(channel, WEEKLY_RULE) == [
        f"digest_weekly:{small.school_id}:2026-W47:{sendco}",
        f"digest_weekly:{small.school_id}:2027-W12:{sendco}",
    ]
    weekly = next(s for s in channel.sent if s.rule == WEEKLY_RULE)
    assert weekly.at == london("2026-11-20", "15:45")


def test_a_digest_missed_by_a_restart_still_goes_that_morning_but_not_in_the_afternoon(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    late = RecordingChannel()
    late.now = london("2026-11-19", "10:30")
    run_sweep(sessions, now=late.now, channels=[late])
    assert len(digests(late, MORNING_RULE)) == 1
    too_late = RecordingChannel()
    too_late.now = london("2026-11-20", "11:00")
    run_sweep(sessions, now=too_late.now, channels=[too_late])
    assert digests(too_late, MORNING_RULE) == []


def test_nothing_to_say_means_no_digest(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    with sessions.begin() as session:
        quiet = School(name="Quiet School")
        session.add(quiet)
        session.flush()
        session.add(
            Staff(school_id=quiet.id, email="sendco@quiet.example", display_name="Q",
                  roles=[StaffRole(role="sendco")])
        )  # fmt: skip
    channel = RecordingChannel()
    day_of_sweeps(sessions, channel, "2026-11-20")
    with sessions() as session:
        rows = session.scalars(
            select(OutboxNotice.key).where(OutboxNotice.school_id == quiet.id)
        ).all()
    assert rows == []


def test_a_message_the_outbox_gave_up_on_reaches_the_sendco_and_status(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    from datetime import date

    from handlers.status import school_summary

    with sessions.begin() as session:
        session.add(
            OutboxNotice(
                key="stuck", school_id=small.school_id, rule="training_expiring",
                subject="x@example.org", due_on=date(2026, 10, 30),
                recipient_id=small.actors["sendco"].staff_id, message="hello",
                status="failed", attempts=8, last_error="SlackApiError: channel_not_found",
                not_before=london("2026-11-02", "09:00"),  # its next hourly retry
            )
        )  # fmt: skip
    channel = RecordingChannel()
    channel.now = london("2026-11-02", "08:00")
    run_sweep(sessions, now=channel.now, channels=[channel])
    with sessions() as session:
        message = session.scalar(
            select(OutboxNotice.message).where(OutboxNotice.rule == MORNING_RULE)
        )
        summary = school_summary(session, school_id=small.school_id, today=date(2026, 11, 2))
    assert message is not None
    assert "Messages the bot could not deliver: 1" in message
    assert "training_expiring for" in message and "channel_not_found" in message
    assert summary.undelivered_notices == 1
