"""Email as the last way to reach someone: a notice for a member of staff the bot cannot reach
in Slack or Teams (not linked, or the app not installed for them) is mailed to their school
address through Microsoft Graph, rather than waiting in the outbox unseen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from bot.graph import send_mail
from bot.settings import Settings
from handlers.vocabulary import Reply, reply_from_payload
from storage.models import OutboxNotice, Staff

Sender = Callable[..., Coroutine[Any, Any, None]]


class GraphMailChannel:
    """handlers.delivery.Channel: email from the school mailbox GRAPH_MAIL_FROM."""

    name = "email"

    def __init__(self, settings: Settings, sender: Sender = send_mail) -> None:
        assert settings.graph_mail_from
        self.settings, self.mailbox, self.sender = settings, settings.graph_mail_from, sender

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        # Only a person's own notices: a channel's (triage cards) never go by email.
        return not notice.channel and recipient is not None and "@" in recipient.email

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        assert recipient is not None
        reply = reply_from_payload(notice.payload) if notice.payload else Reply(notice.message)
        text = (
            reply.text()
            + "\n\n— sendco-bot. You got this by email because the bot cannot reach you in "
            "Slack or Teams yet: message it there to get reminders in chat instead."
        )
        asyncio.run(
            self.sender(
                self.settings, sender=self.mailbox, to=recipient.email,
                subject=f"sendco-bot: {reply.title}"[:250], text=text,
            )
        )  # fmt: skip
