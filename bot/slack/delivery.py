"""The outbox's Slack channel: direct messages to staff, and triage cards edited in place.

`handlers.delivery.deliver_due` claims each due notice and calls `SlackChannel.send`; a notice
for a person goes to them as a direct message (conversations.open + chat.postMessage), one
for the triage channel becomes a card there. The first card about a record (C-00012,
A-00003) is posted and remembered (`PlatformMessage`); every later notice about the same
record updates that card (chat.update), so the channel shows each record once, as it is now.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.rate_limits import as_retry_later
from bot.slack.render.blocks import fallback_text, reply_blocks
from handlers.delivery import DeliveryReport, deliver_due
from handlers.vocabulary import Privacy, Reply, reply_from_payload
from storage.codes import Platform
from storage.models import OutboxNotice, PlatformIdentity, PlatformMessage, Staff

TRIAGE = "triage"
NOTICE_EVENT = "sendco_notice"  # message metadata carrying the outbox key
HISTORY_LOOKBACK = 100
GONE = {"message_not_found", "cant_update_message", "channel_not_found", "is_archived"}


class ClientSource(Protocol):
    def for_workspace(self, workspace_id: str) -> WebClient:
        """A client holding the bot token for that Slack workspace (team id)."""
        ...


class SingleWorkspace:
    """One bot token (SLACK_BOT_TOKEN): one client for everything."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def for_workspace(self, workspace_id: str) -> WebClient:
        return self.client


class Installations:
    """OAuth installs: the bot token stored for the workspace at install time."""

    def __init__(self, store: InstallationStore, make_client: Callable[[str], WebClient]):
        self.store = store
        self.make_client = make_client

    def for_workspace(self, workspace_id: str) -> WebClient:
        bot = self.store.find_bot(enterprise_id=None, team_id=workspace_id or None)
        if bot is None or not bot.bot_token:
            raise LookupError(f"sendco-bot is not installed in Slack workspace {workspace_id!r}")
        return self.make_client(bot.bot_token)


def slack_identity(recipient: Staff | None) -> PlatformIdentity | None:
    if recipient is None:
        return None
    mine = [i for i in recipient.identities if i.platform == Platform.SLACK.value]
    mine.sort(key=lambda i: i.workspace_id == "")  # a known workspace first
    return mine[0] if mine else None


class SlackChannel:
    """`handlers.delivery.Channel` for Slack."""

    name = "slack"

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clients: ClientSource,
        triage_channel: str | None,
    ) -> None:
        self.sessions = sessions
        self.clients = clients
        self.triage_channel = triage_channel or ""

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        if notice.channel == TRIAGE:
            return bool(self.triage_channel)
        if notice.channel:
            return False  # another platform's channel
        return slack_identity(recipient) is not None

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        reply = reply_from_payload(notice.payload) if notice.payload else Reply(notice.message)
        try:
            if notice.channel == TRIAGE:
                self._card(notice, reply)
            else:
                self._direct(notice, recipient, reply)
        except SlackApiError as error:
            later = as_retry_later(error)
            if later is None:
                raise
            raise later from error

    def already_delivered(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        """Is a message carrying this notice's key already in the conversation? Asked when a
        deliverer takes over a lapsed claim: its predecessor may have died after posting."""
        if notice.channel == TRIAGE:
            with self.sessions() as session:
                if _posted(session, notice.subject) is not None:
                    return False  # an update of the card: repeating it changes nothing
                workspace = school_workspace(session, notice)
            client, channel_id = self.clients.for_workspace(workspace), self.triage_channel
        else:
            client, channel_id = self._dm(recipient)
        history = client.conversations_history(
            channel=channel_id, limit=HISTORY_LOOKBACK, include_all_metadata=True
        )
        for message in history.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == NOTICE_EVENT and payload.get("key") == _tag(notice):
                return True
        return False

    def _dm(self, recipient: Staff | None) -> tuple[WebClient, str]:
        identity = slack_identity(recipient)
        if identity is None:
            raise LookupError("the recipient has no Slack identity")
        client = self.clients.for_workspace(identity.workspace_id)
        opened = client.conversations_open(users=identity.external_id)
        return client, str(opened["channel"]["id"])

    def _direct(self, notice: OutboxNotice, recipient: Staff | None, reply: Reply) -> None:
        client, channel_id = self._dm(recipient)
        client.chat_postMessage(
            channel=channel_id,
            blocks=reply_blocks(reply),
            text=fallback_text(reply),
            unfurl_links=False,
            metadata=_metadata(notice),
        )

    def _card(self, notice: OutboxNotice, reply: Reply) -> None:
        if reply.privacy != Privacy.CHANNEL:
            raise ValueError("refusing to post a private reply in the triage channel")
        with self.sessions() as session:
            posted = _posted(session, notice.subject)
            known = (posted.channel_id, posted.message_id) if posted else None
            workspace = posted.workspace_id if posted else school_workspace(session, notice)
        client = self.clients.for_workspace(workspace)
        blocks, text = reply_blocks(reply), fallback_text(reply)
        if known is not None:
            try:
                client.chat_update(channel=known[0], ts=known[1], blocks=blocks, text=text)
                return
            except SlackApiError as error:
                if error.response.get("error") not in GONE:
                    raise  # the card is still there: retry the update later
        response = client.chat_postMessage(
            channel=self.triage_channel,
            blocks=blocks,
            text=text,
            unfurl_links=False,
            metadata=_metadata(notice),
        )
        with self.sessions.begin() as session:
            row = _posted(session, notice.subject)
            if row is None:
                row = PlatformMessage(
                    platform=Platform.SLACK.value, purpose=TRIAGE, subject_ref=notice.subject
                )
                session.add(row)
            row.workspace_id = workspace
            row.channel_id = str(response["channel"])
            row.message_id = str(response["ts"])


def _tag(notice: OutboxNotice) -> str:
    """A digest of the outbox key: keys may hold a UPN, which stays out of Slack."""
    return hashlib.sha256(notice.key.encode("utf-8")).hexdigest()[:32]


def _metadata(notice: OutboxNotice) -> dict[str, object]:
    """The outbox key's digest travels with the message, so a lapsed claim can find it."""
    return {"event_type": NOTICE_EVENT, "event_payload": {"key": _tag(notice)}}


def _posted(session: Session, subject_ref: str) -> PlatformMessage | None:
    return session.scalar(
        select(PlatformMessage).where(
            PlatformMessage.platform == Platform.SLACK.value,
            PlatformMessage.purpose == TRIAGE,
            PlatformMessage.subject_ref == subject_ref,
        )
    )


def card_subject(session: Session, *, channel_id: str, ts: str) -> str | None:
    """The record a triage card in `channel_id` posted at `ts` is about, if it is one."""
    return session.scalar(
        select(PlatformMessage.subject_ref).where(
            PlatformMessage.platform == Platform.SLACK.value,
            PlatformMessage.purpose == TRIAGE,
            PlatformMessage.channel_id == channel_id,
            PlatformMessage.message_id == ts,
        )
    )


def school_workspace(session: Session, notice: OutboxNotice) -> str:
    """The Slack workspace the notice's school uses: where most of its staff are linked."""
    rows = session.scalars(
        select(PlatformIdentity.workspace_id)
        .join(Staff, Staff.id == PlatformIdentity.staff_id)
        .where(
            Staff.school_id == notice.school_id,
            PlatformIdentity.platform == Platform.SLACK.value,
            PlatformIdentity.workspace_id != "",
        )
    ).all()
    common = Counter(rows).most_common(1)
    return common[0][0] if common else ""


def deliver_now(
    sessions: sessionmaker[Session],
    channel: SlackChannel,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> DeliveryReport:
    """Send what is due through Slack now (after a handler call, so cards appear at once)."""
    return deliver_due(sessions, channels=[channel], now=clock())
