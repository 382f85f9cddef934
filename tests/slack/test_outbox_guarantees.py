"""The outbox through the real Slack client on loopback: no notice sent twice and none dropped
when Slack rate-limits with a long Retry-After, fails with 500s, a deliverer is killed
mid-sweep, or a second deliverer runs beside the first."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.app import build_slack_channel, make_client
from bot.slack.delivery import NOTICE_EVENT, SingleWorkspace, SlackChannel
from handlers.delivery import (
    DEFAULT_LEASE,
    MAX_ATTEMPTS,
    DeliveryReport,
    RetryLater,
    deliver_due,
)
from handlers.vocabulary import Reply
from storage.codes import OutboxStatus
from storage.models import OutboxNotice, Staff
from tests.slack.conftest import NOW, slack_settings
from tests.slack.fake_slack import FakeSlack
from tests.worlds import World

NOTICES = 32


def queue_reminders(sessions: sessionmaker[Session], world: World, count: int = NOTICES) -> None:
    teacher = world.actor("teacher_2c").staff_id  # linked to Slack in slack_world
    with sessions.begin() as session:
        for n in range(count):
            reply = Reply(title=f"Reminder {n}")
            session.add(
                OutboxNotice(
                    key=f"reminder:{n}", school_id=world.school_ids["a"], rule="test",
                    subject="", due_on=NOW.date(), recipient_id=teacher,
                    message=reply.text(), payload=asdict(reply),
                )
            )  # fmt: skip


def slack_channel(db_url: str, fake: FakeSlack, sessions: sessionmaker[Session]) -> SlackChannel:
    settings = slack_settings(db_url, fake)
    return build_slack_channel(settings, sessions, SingleWorkspace(make_client(settings)))


def posts_per_notice(fake: FakeSlack) -> Counter[str]:
    """How many times each notice reached Slack (posts Slack accepted, by their metadata)."""
    return Counter(
        call.args["metadata"]["event_payload"]["key"]
        for call in fake.calls_to("chat.postMessage")
        if call.status == 200 and call.args.get("metadata", {}).get("event_type") == NOTICE_EVENT
    )


def statuses(sessions: sessionmaker[Session]) -> Counter[str]:
    with sessions() as session:
        return Counter(session.scalars(select(OutboxNotice.status)))


class SlowFirstDeliverer:
    """The first deliverer's clock. After Slack's 429, once the first deliverer has handed that
    notice back and reaches for its next one, time jumps past its lease (as if it had been
    held up) and a second deliverer runs a sweep of its own."""

    def __init__(self, fake: FakeSlack, second: Callable[[datetime], DeliveryReport]) -> None:
        self.at = NOW
        self.fake = fake
        self.second = second
        self.calls_after_429 = 0
        self.reports: list[DeliveryReport] = []

    def __call__(self) -> datetime:
        if not self.reports and any(
            c.status == 429 for c in self.fake.calls_to("chat.postMessage")
        ):
            self.calls_after_429 += 1
            if self.calls_after_429 == 2:  # the first call is the hand-back's
                self.at = NOW + DEFAULT_LEASE + timedelta(seconds=1)
                self.reports.append(self.second(self.at))
        return self.at


def test_a_long_retry_after_is_handed_back_and_a_second_deliverer_sends_nothing_twice(
    db_url: str, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    queue_reminders(sessions, slack_world)
    slack_api.fail_next("chat.postMessage", 429, {"Retry-After": "310"})
    second = slack_channel(db_url, slack_api, sessions)
    clock = SlowFirstDeliverer(
        slack_api, lambda at: deliver_due(sessions, channels=[second], now=at)
    )

    first_channel = slack_channel(db_url, slack_api, sessions)
    first = deliver_due(sessions, channels=[first_channel], now=NOW, clock=clock)
    reports = clock.reports

    # The rate-limited notice went back with a not-before, not slept on past the lease.
    assert len(first.deferred) == 1
    with sessions() as session:
        deferred = session.scalars(select(OutboxNotice).where(OutboxNotice.status == "pending"))
        [waiting] = deferred.all()
    assert waiting.not_before == NOW + timedelta(seconds=310)
    # What the second deliverer took over, the first skipped: each sent by one of them.
    assert len(first.delivered) + len(reports[0].delivered) == NOTICES - 1
    assert set(first.lost_claim) == set(reports[0].delivered)

    later = waiting.not_before + timedelta(seconds=1)
    assert deliver_due(sessions, channels=[second], now=later).delivered == [waiting.key]
    sent = posts_per_notice(slack_api)
    assert len(sent) == NOTICES and set(sent.values()) == {1}
    assert statuses(sessions) == {OutboxStatus.DELIVERED.value: NOTICES}


def test_server_errors_back_off_and_nothing_is_dropped(
    db_url: str, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    queue_reminders(sessions, slack_world, count=4)
    for _ in range(3):  # the client's two retries and the first attempt all fail
        slack_api.fail_next("chat.postMessage", 500)
    channel = slack_channel(db_url, slack_api, sessions)

    first = deliver_due(sessions, channels=[channel], now=NOW)
    assert len(first.failed) == 1 and len(first.delivered) == 3
    assert (
        deliver_due(sessions, channels=[channel], now=NOW + timedelta(seconds=30)).delivered == []
    )
    retried = deliver_due(sessions, channels=[channel], now=NOW + timedelta(minutes=2))

    assert retried.delivered == list(first.failed)
    sent = posts_per_notice(slack_api)
    assert len(sent) == 4 and set(sent.values()) == {1}


def _killed_deliverer(db_url: str, api_url: str, kill_after: int) -> None:
    """A deliverer process that dies (SIGKILL) right after Slack accepted its Nth post."""
    from bot.settings import Settings
    from bot.slack.app import build_slack_channel, make_client
    from bot.slack.delivery import SingleWorkspace
    from storage.database import make_engine, session_factory

    sessions = session_factory(make_engine(db_url))
    settings = Settings(
        _env_file=None, database_url=db_url, slack_bot_token="xoxb-test",
        slack_api_base_url=api_url, slack_triage_channel="G0TRIAGE",
    )  # fmt: skip
    inner = build_slack_channel(settings, sessions, SingleWorkspace(make_client(settings)))
    sent = 0

    class Dying:
        name = "slack"
        accepts = staticmethod(inner.accepts)

        def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
            nonlocal sent
            inner.send(notice, recipient)
            sent += 1
            if sent == kill_after:
                os.kill(os.getpid(), signal.SIGKILL)

    deliver_due(sessions, channels=[Dying()], now=NOW)


def test_a_deliverer_killed_mid_sweep_leaves_nothing_sent_twice_or_lost(
    db_url: str, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    queue_reminders(sessions, slack_world)
    spawn = multiprocessing.get_context("spawn")
    process = spawn.Process(target=_killed_deliverer, args=(db_url, slack_api.api_url, 5))
    process.start()
    process.join(timeout=120)
    assert process.exitcode == -signal.SIGKILL
    assert sum(posts_per_notice(slack_api).values()) == 5

    channel = slack_channel(db_url, slack_api, sessions)
    within = deliver_due(sessions, channels=[channel], now=NOW + timedelta(minutes=1))
    assert within.delivered == []  # the dead deliverer's lease still stands
    after = deliver_due(
        sessions, channels=[channel], now=NOW + DEFAULT_LEASE + timedelta(seconds=1)
    )

    assert len(after.delivered) == NOTICES - 5 + 1  # the fifth: found in Slack, not re-sent
    sent = posts_per_notice(slack_api)
    assert len(sent) == NOTICES and set(sent.values()) == {1}
    assert statuses(sessions) == {OutboxStatus.DELIVERED.value: NOTICES}


def test_a_notice_slack_keeps_refusing_is_reported_and_sent_when_slack_recovers(
    db_url: str, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    queue_reminders(sessions, slack_world, count=1)
    channel = slack_channel(db_url, slack_api, sessions)
    at = NOW
    for _ in range(MAX_ATTEMPTS):
        slack_api.fail_next("chat.postMessage", 200, error="fatal_error")
        report = deliver_due(sessions, channels=[channel], now=at)
        at += timedelta(hours=2)  # past each back-off (at most an hour)
    assert report.gave_up == ["reminder:0"]
    assert statuses(sessions) == {OutboxStatus.FAILED.value: 1}

    recovered = deliver_due(sessions, channels=[channel], now=at)
    assert recovered.delivered == ["reminder:0"]
    assert statuses(sessions) == {OutboxStatus.DELIVERED.value: 1}


def test_retry_later_is_not_counted_as_a_failure() -> None:
    assert RetryLater(timedelta(seconds=310)).after == timedelta(seconds=310)
