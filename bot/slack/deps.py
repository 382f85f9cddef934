"""What every listener is given: settings, the session factory, the clock, and the outbox's
Slack channel. Passed in, never reached for, so tests hand in their own."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.reminder_settings import load_reminder_settings
from bot.settings import Settings
from bot.slack.delivery import SlackChannel, deliver_now
from bot.slack.identity import resolve_actor
from bot.slack.surface import Where
from handlers.reminders.settings import ReminderSettings
from handlers.unit_of_work import perform
from handlers.vocabulary import Actor, Outcome

log = logging.getLogger(__name__)

WORKERS = 8


def work_pool() -> Executor:
    """Where listeners' work runs after they acknowledge: apart from Bolt's listener threads,
    so an acknowledgement never waits behind other people's modals and messages."""
    return ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="slack-work")


def _log_failure(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        log.error("Slack work after the acknowledgement failed", exc_info=error)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SlackDeps:
    settings: Settings
    sessions: sessionmaker[Session]
    channel: SlackChannel
    clock: Callable[[], datetime] = field(default=utc_now)
    work: Executor = field(default_factory=work_pool)
    # REMINDER_* settings: the statutory periods and years handlers work dates out with.
    reminders: ReminderSettings = field(default_factory=load_reminder_settings)

    def now(self) -> datetime:
        return self.clock()

    def later(self, task: Callable[[], None]) -> None:
        """Run `task` on the work pool (call `ack()` first)."""
        self.work.submit(task).add_done_callback(_log_failure)

    def actor(self, client: WebClient, where: Where) -> Actor | None:
        return resolve_actor(self.sessions, client, team_id=where.team_id, user_id=where.user_id)

    def perform(self, handler: Callable[..., Outcome], actor: Actor, **kwargs: Any) -> Outcome:
        """One handler call, one transaction (handlers.unit_of_work)."""
        return perform(self.sessions, handler, actor=actor, **kwargs)

    def deliver(self) -> None:
        """Send the notices a handler call queued (triage cards, direct messages) right away.
        A failure here loses nothing: the notices stay in the outbox for the next sweep."""
        try:
            report = deliver_now(self.sessions, self.channel, self.clock)
        except Exception:
            log.exception("Delivering the outbox through Slack failed; it will be retried")
            return
        if report.failed:
            log.warning("%d Slack notice(s) failed and will be retried", len(report.failed))
