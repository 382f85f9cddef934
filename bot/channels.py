"""How notices reach people: one `Channel` per platform (handlers.delivery.Channel).

`delivery_channels` lists them in order of preference; the delivery loop uses the first that
accepts each notice. Platform adapters add their channel there. With no platform configured
the terminal is the only way out, so `LogChannel` prints each notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from handlers.delivery import Channel
from storage.models import OutboxNotice, Staff

log = logging.getLogger(__name__)


class LogChannel:
    """Prints each notice to the terminal. The log gets only the rule, key and recipient id:
    a message can name a pupil, and logs never hold pupil data."""

    name = "console"

    def __init__(self, write: Callable[[str], None] = print) -> None:
        self.write = write

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        return True

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        if recipient is not None:
            to = f"{recipient.display_name} <{recipient.email}>"
        else:
            to = f"the {notice.channel or 'school'} channel"
        self.write(f"→ {to} [{notice.rule}]")
        for line in notice.message.splitlines():
            self.write(f"  {line}")
        log.info("delivered %s (%s) to staff %s", notice.key, notice.rule, notice.recipient_id)


def delivery_channels(
    settings: Settings,
    sessions: sessionmaker[Session] | None = None,
    *,
    write: Callable[[str], None] = print,
) -> list[Channel]:
    """The channels a scheduler running on its own (`sendco-bot scheduler`) delivers through.

    `sendco-bot run` passes the running Slack app's channel itself.
    """
    channels: list[Channel] = []
    if settings.slack_configured and sessions is not None:
        from bot.slack.app import slack_channel_from_settings  # only with Slack configured

        channels.append(slack_channel_from_settings(settings, sessions))
    if not (settings.slack_configured or settings.teams_configured):
        channels.append(LogChannel(write))
    return channels
