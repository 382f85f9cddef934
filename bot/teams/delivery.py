"""Proactive Teams messages: reminders, digests and triage updates from the outbox, posted to
each person's personal chat with the bot through the Bot Framework connector.

The conversation reference (conversation id and service URL) is saved when the app is
installed for someone or they message the bot; with none saved the channel declines the
notice and it waits in the outbox (or goes by another channel). The token comes from MSAL —
the client secret, or with none the Azure managed identity — for the Bot Framework scope.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import msal
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, sessionmaker

from bot.settings import Settings
from bot.teams.cards import CARD_TYPE, reply_card
from handlers.delivery import RetryLater
from handlers.vocabulary import Privacy, Reply, reply_from_payload
from storage.codes import Platform, Role
from storage.models import OutboxNotice, PlatformMessage, Staff, StaffRole, TeamsConversation

BOT_SCOPE = "https://api.botframework.com/.default"
TRIAGE = "triage"  # the outbox channel of the SENDCO's triage cards
TRIAGE_CHANNEL = "triage_channel"  # a school's chosen Teams channel for them
log = logging.getLogger(__name__)


def save_conversation(
    session: Session, *, staff_id: int, conversation_id: str, service_url: str, tenant_id: str
) -> None:
    """Remember (or refresh) where this person's personal chat with the bot is."""
    found = session.scalar(select(TeamsConversation).where(TeamsConversation.staff_id == staff_id))
    if found is None:
        session.add(
            TeamsConversation(
                staff_id=staff_id, conversation_id=conversation_id,
                service_url=service_url, tenant_id=tenant_id,
            )
        )  # fmt: skip
    elif (found.conversation_id, found.service_url) != (conversation_id, service_url):
        found.conversation_id, found.service_url = conversation_id, service_url
        found.tenant_id = tenant_id


def _sendco_chats(session: Session, school_id: int) -> list[TeamsConversation]:
    return list(
        session.scalars(
            select(TeamsConversation)
            .join(Staff, Staff.id == TeamsConversation.staff_id)
            .join(StaffRole, StaffRole.staff_id == Staff.id)
            .where(
                Staff.school_id == school_id,
                Staff.active.is_(True),
                StaffRole.role == Role.SENDCO.value,
            )
            .order_by(TeamsConversation.id)
        )
    )


def bot_token_source(settings: Settings) -> Callable[[], str]:
    """A function returning a Bot Framework access token. MSAL is set up on first use (it may
    look up the authority over the network) and then caches and renews the token."""
    made: list[Callable[[], str]] = []

    def token() -> str:
        if not made:
            made.append(_token_source(settings))
        return made[0]()

    return token


def _token_source(settings: Settings) -> Callable[[], str]:
    if settings.client_secret:
        authority = f"https://login.microsoftonline.com/{settings.tenant_id or 'botframework.com'}"
        confidential = msal.ConfidentialClientApplication(
            settings.client_id, authority=authority, client_credential=settings.client_secret
        )

        def from_secret() -> str:
            return _token(confidential.acquire_token_for_client(scopes=[BOT_SCOPE]))

        return from_secret
    identity = msal.ManagedIdentityClient(
        msal.UserAssignedManagedIdentity(client_id=settings.client_id),
        http_client=requests.Session(),
    )
    resource = BOT_SCOPE.removesuffix("/.default")

    def from_identity() -> str:
        return _token(identity.acquire_token_for_client(resource=resource))

    return from_identity


def _token(result: dict[str, Any]) -> str:
    token = result.get("access_token")
    if not token:
        raise RuntimeError(f"No Bot Framework token: {result.get('error', 'unknown error')}")
    return str(token)


def post_activity(
    client: httpx.Client,
    token: str,
    service_url: str,
    conversation_id: str,
    activity: dict[str, Any],
    *,
    update: str = "",
) -> str:
    """Send (or, with `update`, replace) an activity through the connector; returns its id."""
    url = f"{service_url.rstrip('/')}/v3/conversations/{conversation_id}/activities"
    headers = {"Authorization": f"Bearer {token}"}
    if update:
        answer = client.put(f"{url}/{update}", json=activity, headers=headers)
    else:
        answer = client.post(url, json=activity, headers=headers)
    if answer.status_code == 429:
        wait = answer.headers.get("Retry-After") or "60"
        raise RetryLater(timedelta(seconds=float(wait) if wait.isdigit() else 60))
    answer.raise_for_status()
    return str((answer.json() or {}).get("id") or update)


def card_activity(reply: Reply) -> dict[str, Any]:
    return {
        "type": "message",
        "text": reply.text(),
        "attachments": [{"contentType": CARD_TYPE, "content": reply_card(reply)}],
    }


def triage_channel(session: Session, school_id: int) -> PlatformMessage | None:
    """The Teams channel a SENDCO chose for the school's triage cards, if any."""
    return session.scalar(
        select(PlatformMessage).where(
            PlatformMessage.platform == Platform.TEAMS.value,
            PlatformMessage.purpose == TRIAGE_CHANNEL,
            PlatformMessage.subject_ref == f"school:{school_id}",
        )
    )


def choose_triage_channel(
    session: Session, *, school_id: int, conversation_id: str, service_url: str
) -> None:
    """Post the school's triage cards in this channel from now on (service URL kept with it)."""
    found = triage_channel(session, school_id)
    if found is None:
        found = PlatformMessage(
            platform=Platform.TEAMS.value, purpose=TRIAGE_CHANNEL,
            subject_ref=f"school:{school_id}",
        )  # fmt: skip
        session.add(found)
    found.channel_id, found.message_id = conversation_id, service_url


class TeamsChannel:
    """handlers.delivery.Channel for Teams: people's personal chats with the bot, and the
    triage cards (in the school's chosen channel, or each SENDCO's chat)."""

    name = "teams"

    def __init__(
        self,
        sessions: sessionmaker[Session],
        token: Callable[[], str],
        client: httpx.Client | None = None,
    ) -> None:
        self.sessions, self.token = sessions, token
        self.client = client or httpx.Client(timeout=15)

    def _conversation(self, staff_id: int) -> TeamsConversation | None:
        with self.sessions() as session:
            return session.scalar(
                select(TeamsConversation).where(TeamsConversation.staff_id == staff_id)
            )

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        # Asked inside the delivery loop's transaction: read through it, never a second one.
        session = object_session(notice)
        if notice.channel == TRIAGE:
            # A Teams school's triage cards: its chosen channel, else each SENDCO's own chat.
            return session is not None and (
                triage_channel(session, notice.school_id) is not None
                or bool(_sendco_chats(session, notice.school_id))
            )
        if notice.channel or recipient is None:
            return False  # another channel's notice
        if session is None:
            return self._conversation(recipient.id) is not None
        found = session.scalar(
            select(TeamsConversation.id).where(TeamsConversation.staff_id == recipient.id)
        )
        return found is not None

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        reply = reply_from_payload(notice.payload) if notice.payload else Reply(notice.message)
        activity = card_activity(reply)
        if notice.channel == TRIAGE:
            if reply.privacy != Privacy.CHANNEL:
                raise ValueError("refusing to post a private reply as a triage card")
            self._triage(notice, activity)
            return
        assert recipient is not None
        where = self._conversation(recipient.id)
        if where is None:
            raise RuntimeError("The person's Teams chat is no longer known.")
        self._post(where.service_url, where.conversation_id, activity)

    def _triage(self, notice: OutboxNotice, activity: dict[str, Any]) -> None:
        """Post the card in the school's triage channel, else to each SENDCO's chat; once
        posted, update it there in place."""
        with self.sessions() as session:
            channel = triage_channel(session, notice.school_id)
            if channel is not None:
                chats = [(0, channel.message_id, channel.channel_id)]
            else:
                chats = [
                    (chat.staff_id, chat.service_url, chat.conversation_id)
                    for chat in _sendco_chats(session, notice.school_id)
                ]
            posted = {
                row.purpose: row.message_id
                for row in session.scalars(
                    select(PlatformMessage).where(
                        PlatformMessage.platform == Platform.TEAMS.value,
                        PlatformMessage.subject_ref == notice.subject,
                    )
                )
            }
        for staff_id, service_url, conversation_id in chats:
            purpose = f"{TRIAGE}:{staff_id}" if staff_id else f"{TRIAGE}:channel"
            if purpose in posted:
                self._post(service_url, conversation_id, activity, update=posted[purpose])
                continue
            sent = self._post(service_url, conversation_id, activity)
            with self.sessions.begin() as session:
                session.add(
                    PlatformMessage(
                        platform=Platform.TEAMS.value, purpose=purpose,
                        subject_ref=notice.subject, channel_id=conversation_id,
                        message_id=sent,
                    )
                )  # fmt: skip

    def _post(
        self, service_url: str, conversation_id: str, activity: dict[str, Any], *, update: str = ""
    ) -> str:
        return post_activity(
            self.client, self.token(), service_url, conversation_id, activity, update=update
        )
