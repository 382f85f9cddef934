"""Snooze or mark done from the reminder itself: a snoozed reminder comes back after the
snooze, one marked done never comes again; only its recipient or the SENDCO may do either."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.reminders import mark_reminder_done, run_sweep, snooze_reminder
from handlers.unit_of_work import perform
from storage.models import AuditEvent, OutboxNotice
from tests.handlers.reminders.recording import RecordingChannel
from tests.handlers.reminders.small_school import SmallSchool, build_small_school, london

SESSION_KEY = "session_not_logged:I-00001:2026-11-18:3"  # to the TA


def sweep(sessions: sessionmaker[Session], channel: RecordingChannel, day: str, clock: str) -> None:
    channel.now = london(day, clock)
    run_sweep(sessions, now=channel.now, channels=[channel])


def delivered(sessions: sessionmaker[Session], small: SmallSchool) -> RecordingChannel:
    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-18", "16:00")
    assert SESSION_KEY in channel.sent_keys()
    return channel


def outbox_id(sessions: sessionmaker[Session], key: str) -> int:
    with sessions() as session:
        found = session.scalar(select(OutboxNotice.id).where(OutboxNotice.key == key))
        assert found is not None
        return found


def test_a_snoozed_reminder_comes_back_the_next_school_morning_once(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    delivered(sessions, small)
    outcome = perform(
        sessions, snooze_reminder, actor=small.actors["ta"],
        notice_id=outbox_id(sessions, SESSION_KEY), now=london("2026-11-18", "16:05"),
    )  # fmt: skip
    assert outcome.ok and "07:30 on 2026-11-19" in outcome.reply.title

    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-18", "19:00")
    sweep(sessions, channel, "2026-11-19", "07:00")
    assert SESSION_KEY not in channel.sent_keys()
    sweep(sessions, channel, "2026-11-19", "08:00")
    sweep(sessions, channel, "2026-11-19", "12:00")
    assert channel.sent_keys().count(SESSION_KEY) == 1


def test_a_snooze_over_a_weekend_comes_back_on_monday(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    delivered(sessions, small)
    outcome = perform(
        sessions, snooze_reminder, actor=small.actors["ta"],
        notice_id=outbox_id(sessions, SESSION_KEY), now=london("2026-11-20", "09:00"),
    )  # fmt: skip
    assert "07:30 on 2026-11-23" in outcome.reply.title


def test_done_means_never_again(sessions: sessionmaker[Session], small: SmallSchool) -> None:
    delivered(sessions, small)
    outcome = perform(
        sessions, mark_reminder_done, actor=small.actors["ta"],
        notice_id=outbox_id(sessions, SESSION_KEY), now=london("2026-11-18", "16:05"),
    )  # fmt: skip
    assert outcome.ok
    channel = RecordingChannel()
    for day in ("2026-11-19", "2026-11-20", "2026-11-23"):
        sweep(sessions, channel, day, "16:00")
    assert SESSION_KEY not in channel.sent_keys()
    with sessions() as session:
        row = session.scalars(select(OutboxNotice).where(OutboxNotice.key == SESSION_KEY)).one()
        assert row.status == "done"
        audit = session.scalars(select(AuditEvent).where(AuditEvent.entity == "reminder")).one()
        assert audit.entity_id == row.id and audit.actor_id == small.actors["ta"].staff_id


def test_the_sendco_may_act_on_anyones_reminder_but_other_staff_may_not(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    delivered(sessions, small)
    notice_id = outbox_id(sessions, SESSION_KEY)
    now = london("2026-11-18", "16:05")
    refused = perform(
        sessions, mark_reminder_done, actor=small.actors["teacher"], notice_id=notice_id, now=now
    )
    assert not refused.ok and "Only the person this reminder was sent to" in refused.reply.title
    allowed = perform(
        sessions, snooze_reminder, actor=small.actors["sendco"], notice_id=notice_id, now=now
    )
    assert allowed.ok


def test_another_schools_staff_cannot_touch_it(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    delivered(sessions, small)
    with sessions.begin() as session:
        other = build_small_school(session, name="Other School")
    outcome = perform(
        sessions, mark_reminder_done, actor=other.actors["sendco"],
        notice_id=outbox_id(sessions, SESSION_KEY), now=london("2026-11-18", "16:05"),
    )  # fmt: skip
    assert not outcome.ok and "another school" in outcome.reply.title


def test_only_reminders_can_be_snoozed_and_not_into_the_past(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    delivered(sessions, small)
    sendco = small.actors["sendco"]
    now = london("2026-11-18", "16:05")
    with sessions.begin() as session:
        session.add(
            OutboxNotice(
                key="concern:1:status:1:raiser", school_id=small.school_id, rule="concern.status",
                subject="C-00001", due_on=now.date(), recipient_id=sendco.staff_id, message="Hi",
            )
        )  # fmt: skip
    other = outbox_id(sessions, "concern:1:status:1:raiser")
    not_one = perform(sessions, snooze_reminder, actor=sendco, notice_id=other, now=now)
    assert not not_one.ok and "no such reminder" in not_one.reply.title
    past = perform(
        sessions, snooze_reminder, actor=sendco, notice_id=outbox_id(sessions, SESSION_KEY),
        now=now, until=london("2026-11-18", "09:00"),
    )  # fmt: skip
    assert past.errors == {"until": "Choose a time after now"}
