"""The outbox is delivered once per notice, survives crashes and platform failures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.delivery import DEFAULT_LEASE, MAX_ATTEMPTS, deliver_due
from storage.models import OutboxNotice, Staff
from tests.worlds import World

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing catches it."""


class RecordingChannel:
    name = "test"

    def __init__(self, *, fail: bool = False, crash_after_send: bool = False) -> None:
        self.sent: list[str] = []
        self.fail = fail
        self.crash_after_send = crash_after_send

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        return recipient is not None

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        if self.fail:
            raise ConnectionError("platform unavailable")
        self.sent.append(notice.key)
        if self.crash_after_send:
            raise Crash()


def queue(
    sessions: sessionmaker[Session], world: World, *keys: str, on: date | None = None
) -> None:
    with sessions.begin() as session:
        for key in keys:
            session.add(
                OutboxNotice(
                    key=key,
                    school_id=world.school_ids["a"],
                    rule="test",
                    subject="C-00001",
                    due_on=on or NOW.date(),
                    recipient_id=world.actor("sendco").staff_id,
                    message="hello",
                )
            )


def statuses(sessions: sessionmaker[Session]) -> dict[str, str]:
    with sessions() as session:
        rows = session.execute(select(OutboxNotice.key, OutboxNotice.status)).all()
        return {key: status for key, status in rows}


def test_each_due_notice_is_sent_once_and_marked(
    world: World, sessions: sessionmaker[Session]
) -> None:
    queue(sessions, world, "a", "b")
    queue(sessions, world, "later", on=NOW.date() + timedelta(days=3))
    channel = RecordingChannel()

    first = deliver_due(sessions, channels=[channel], now=NOW)
    second = deliver_due(sessions, channels=[channel], now=NOW + timedelta(hours=1))

    assert channel.sent == ["a", "b"]
    assert first.delivered == ["a", "b"] and second.delivered == []
    assert statuses(sessions) == {"a": "delivered", "b": "delivered", "later": "pending"}


def test_a_crash_between_sending_and_marking_resends_only_that_notice(
    world: World, sessions: sessionmaker[Session]
) -> None:
    queue(sessions, world, "a", "b")
    crashing = RecordingChannel(crash_after_send=True)
    with pytest.raises(Crash):
        deliver_due(sessions, channels=[crashing], now=NOW)
    assert crashing.sent == ["a"]
    assert statuses(sessions) == {"a": "sending", "b": "sending"}

    healthy = RecordingChannel()
    # Within the lease nothing is touched: the crashed deliverer might still be working.
    assert deliver_due(sessions, channels=[healthy], now=NOW + timedelta(minutes=1)).delivered == []
    after_lease = NOW + DEFAULT_LEASE + timedelta(seconds=1)
    deliver_due(sessions, channels=[healthy], now=after_lease)
    deliver_due(sessions, channels=[healthy], now=after_lease + timedelta(hours=1))

    assert healthy.sent == ["a", "b"]  # "a" twice in all (once before the crash), "b" once
    assert statuses(sessions) == {"a": "delivered", "b": "delivered"}


def test_a_platform_failure_keeps_the_notice_and_gives_up_only_after_many_tries(
    world: World, sessions: sessionmaker[Session]
) -> None:
    queue(sessions, world, "a")
    down = RecordingChannel(fail=True)
    report = deliver_due(sessions, channels=[down], now=NOW)
    assert "ConnectionError" in report.failed["a"]
    assert statuses(sessions) == {"a": "pending"}
    # Not retried until its back-off has passed.
    assert deliver_due(sessions, channels=[down], now=NOW + timedelta(seconds=30)).failed == {}
    for attempt in range(2, MAX_ATTEMPTS + 1):  # each try after the back-off (at most 1 h)
        report = deliver_due(sessions, channels=[down], now=NOW + timedelta(hours=2 * attempt))
    assert report.gave_up == ["a"]
    assert statuses(sessions) == {"a": "failed"}


def test_a_notice_no_channel_can_carry_waits(world: World, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        session.add(
            OutboxNotice(
                key="triage-card", school_id=world.school_ids["a"], rule="test",
                subject="C-00001", due_on=NOW.date(), channel="triage", message="card",
            )
        )  # fmt: skip
    report = deliver_due(sessions, channels=[RecordingChannel()], now=NOW)
    assert report.waiting == 1
    assert statuses(sessions) == {"triage-card": "pending"}


def test_a_gate_holds_notices_back(world: World, sessions: sessionmaker[Session]) -> None:
    queue(sessions, world, "a")
    report = deliver_due(
        sessions, channels=[RecordingChannel()], now=NOW, gate=lambda _n, _t: False
    )
    assert report.waiting == 1 and statuses(sessions) == {"a": "pending"}


def test_notices_nothing_can_carry_do_not_hide_the_ones_behind_them(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        for n in range(5):  # five channel notices no channel here carries, queued first
            session.add(
                OutboxNotice(
                    key=f"card-{n}", school_id=world.school_ids["a"], rule="test",
                    subject="C-00001", due_on=NOW.date(), channel="triage", message="card",
                )
            )  # fmt: skip
    queue(sessions, world, "for-a-person")
    channel = RecordingChannel()
    report = deliver_due(sessions, channels=[channel], now=NOW, limit=2)
    assert channel.sent == ["for-a-person"]
    assert report.waiting == 5
