"""The sweep writes each due reminder once and delivers it once, on a school day outside quiet
hours; a crash between sending and marking re-sends that one reminder and loses nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.delivery import DEFAULT_LEASE
from handlers.reminders import reminder_gate, run_sweep
from storage.models import OutboxNotice, StaffRole
from tests.handlers.reminders.recording import Crash, RecordingChannel
from tests.handlers.reminders.small_school import SmallSchool, london


def sweep(sessions: sessionmaker[Session], channel: RecordingChannel, day: str, clock: str) -> None:
    channel.now = london(day, clock)
    run_sweep(sessions, now=channel.now, channels=[channel])


def outbox(sessions: sessionmaker[Session]) -> dict[str, str]:
    with sessions() as session:
        rows = session.execute(select(OutboxNotice.key, OutboxNotice.status))
        return {key: status for key, status in rows}


def test_a_due_reminder_is_written_once_and_delivered_once(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-02", "08:00")
    first = channel.sent_keys()
    sweep(sessions, channel, "2026-11-02", "08:00")
    sweep(sessions, channel, "2026-11-02", "12:00")
    sweep(sessions, channel, "2026-11-03", "08:00")

    assert "concern_not_acknowledged:C-00001:2026-11-02:1" in first
    assert len(channel.sent_keys()) == len(set(channel.sent_keys()))  # nothing twice
    reminders = {k: s for k, s in outbox(sessions).items() if not k.startswith("digest")}
    assert set(reminders.values()) == {"delivered"}


def test_reminders_wait_for_school_hours_and_school_days(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-02", "06:30")  # quiet hours: nothing written or sent
    assert channel.sent == [] and outbox(sessions) == {}
    sweep(sessions, channel, "2026-11-02", "08:00")
    assert {s.at for s in channel.sent} == {london("2026-11-02", "08:00")}

    saturday = RecordingChannel()
    sweep(sessions, saturday, "2026-11-07", "12:00")
    assert saturday.sent == []


def test_a_reminder_already_in_the_outbox_still_waits_for_school_hours(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    with sessions.begin() as session:  # e.g. a retry after the platform was down on Friday
        session.add(
            OutboxNotice(
                key="training_missing:T-2-2:required:2", school_id=small.school_id,
                rule="training_missing", subject="teacher@small.example",
                due_on=london("2026-11-06", "12:00").date(),
                recipient_id=small.actors["teacher"].staff_id, message="Autism awareness",
            )
        )  # fmt: skip
    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-07", "12:00")  # Saturday
    sweep(sessions, channel, "2026-11-09", "07:00")  # Monday, before quiet hours end
    assert channel.sent == []
    sweep(sessions, channel, "2026-11-09", "07:30")
    assert "training_missing:T-2-2:required:2" in channel.sent_keys()


def test_notices_that_are_not_reminders_are_not_held_back(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    with sessions.begin() as session:
        session.add(
            OutboxNotice(
                key="safeguarding:1:dsl", school_id=small.school_id, rule="safeguarding.alert",
                subject="C-00001", due_on=london("2026-11-07", "12:00").date(),
                recipient_id=small.actors["sendco"].staff_id, message="Alert",
            )
        )  # fmt: skip
    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-07", "21:00")  # a Saturday night
    assert channel.sent_keys() == ["safeguarding:1:dsl"]


def test_every_reminder_carries_done_and_snooze_with_its_own_outbox_id(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-02", "08:00")
    with sessions() as session:
        ids = {k: i for k, i in session.execute(select(OutboxNotice.key, OutboxNotice.id))}
    for sent in channel.sent:
        if sent.rule.startswith("digest"):
            continue
        stored: list[dict[str, str]] = sent.payload["buttons"]  # type: ignore[assignment]
        buttons = {b["action"]: b["value"] for b in stored}
        assert buttons["reminder.done"] == buttons["reminder.snooze"] == str(ids[sent.key])


def test_a_crash_after_sending_resends_only_that_reminder_and_loses_none(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    dying = RecordingChannel(crash_after=1)
    with pytest.raises(Crash):
        sweep(sessions, dying, "2026-11-02", "08:00")
    [crashed] = dying.sent_keys()

    healthy = RecordingChannel()
    sweep(sessions, healthy, "2026-11-02", "08:01")  # within the lease: hands off
    assert healthy.sent == []
    later = london("2026-11-02", "08:00") + DEFAULT_LEASE + timedelta(minutes=1)
    healthy.now = later
    run_sweep(sessions, now=later, channels=[healthy])
    sweep(sessions, healthy, "2026-11-02", "12:00")

    assert healthy.sent_keys().count(crashed) == 1  # sent twice in all: once before the crash
    assert len(healthy.sent_keys()) == len(set(healthy.sent_keys()))
    assert set(outbox(sessions).values()) == {"delivered"}  # none lost
    assert set(healthy.sent_keys()) == set(outbox(sessions))


def test_two_sweeps_at_the_same_moment_send_each_reminder_once(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    channel = RecordingChannel()
    channel.now = london("2026-11-18", "16:00")
    first = run_sweep(sessions, now=channel.now, channels=[channel])
    second = run_sweep(sessions, now=channel.now, channels=[channel])
    assert first.written and second.written == []
    assert len(channel.sent_keys()) == len(set(channel.sent_keys())) == len(first.written)


def test_a_reminder_with_nobody_to_go_to_waits_for_a_sendco(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    sendco = small.actors["sendco"]
    with sessions.begin() as session:
        session.execute(delete(StaffRole).where(StaffRole.staff_id == sendco.staff_id))
    channel = RecordingChannel()
    sweep(sessions, channel, "2026-11-02", "08:00")
    assert not [k for k in channel.sent_keys() if k.startswith("concern_not_acknowledged")]

    with sessions.begin() as session:
        session.add(StaffRole(staff_id=sendco.staff_id, role="sendco"))
    sweep(sessions, channel, "2026-11-03", "08:00")
    assert "concern_not_acknowledged:C-00001:2026-11-02:1" in channel.sent_keys()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxNotice)) == len(
            channel.sent_keys()
        )


def test_a_broken_rule_does_not_hold_back_notices_already_queued(
    sessions: sessionmaker[Session], small: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> list[object]:
        raise RuntimeError("a rule went wrong")

    monkeypatch.setattr("handlers.reminders.sweep.due_reminders", broken)
    with sessions.begin() as session:
        session.add(
            OutboxNotice(
                key="safeguarding:2:dsl", school_id=small.school_id, rule="safeguarding.alert",
                subject="C-00001", due_on=london("2026-11-02", "08:00").date(),
                recipient_id=small.actors["sendco"].staff_id, message="Alert",
            )
        )  # fmt: skip
    channel = RecordingChannel()
    with pytest.raises(RuntimeError, match="a rule went wrong"):
        sweep(sessions, channel, "2026-11-02", "08:00")
    assert channel.sent_keys() == ["safeguarding:2:dsl"]


def test_any_deliverer_can_keep_reminders_to_school_hours(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    gate = reminder_gate(sessions)
    row = OutboxNotice(rule="training_missing", school_id=small.school_id)
    assert not gate(row, london("2026-11-07", "12:00"))  # Saturday
    assert gate(row, london("2026-11-09", "12:00"))
    assert gate(OutboxNotice(rule="safeguarding.alert", school_id=small.school_id),
                london("2026-11-07", "23:00"))  # fmt: skip
