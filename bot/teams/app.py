"""The bot in Microsoft Teams, on the Teams SDK for Python (`microsoft-teams-apps`).

A personal-chat message or a channel @mention is a turn of the same conversation the terminal
and Slack have (handlers.conversation); the reply comes back as an Adaptive Card whose buttons
press catalogue actions. Staff are known by their Microsoft Entra object id (`teams_user_id`
in `import staff`).

Incoming requests are authenticated as Teams requires — a Bot Framework JWT whose audience is
the app id, checked against the keys in the OpenID metadata (TEAMS_OPENID_METADATA_URL can
point elsewhere, e.g. loopback in tests). Turning that off (TEAMS_DANGEROUSLY_ALLOW_
UNAUTHENTICATED_REQUESTS) is for local development only and is logged loudly. Outgoing calls
use a client secret, or — with CLIENT_SECRET empty — an Azure managed identity.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from microsoft_teams.api.activities.invoke.adaptive_card.action import (
    AdaptiveCardInvokeActivity,
)
from microsoft_teams.api.activities.invoke.file_consent import FileConsentInvokeActivity
from microsoft_teams.api.activities.invoke.search import SearchInvokeActivity
from microsoft_teams.api.activities.message.message import MessageActivity, MessageActivityInput
from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment, with_overrides
from microsoft_teams.api.models.adaptive_card.adaptive_card_action_response import (
    AdaptiveCardActionCardResponse,
)
from microsoft_teams.api.models.attachment.attachment import Attachment
from microsoft_teams.api.models.search.search_response import (
    SearchInvokeResponseValue,
    SearchInvokeResult,
    SearchResponse,
)
from microsoft_teams.apps import ActivityContext, App
from microsoft_teams.apps.http import FastAPIAdapter
from microsoft_teams.cards import AdaptiveCard
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from bot.reminder_settings import load_reminder_settings
from bot.settings import Settings
from bot.teams.delivery import (
    bot_token_source,
)
from bot.teams.turn import IN_YOUR_CHAT, OPEN_A_CHAT, TeamsTurn, as_activity, is_personal, shareable
from handlers.reminders.settings import ReminderSettings
from handlers.vocabulary import Reply

MESSAGES = "/api/messages"
log = logging.getLogger(__name__)


def teams_cloud(settings: Settings) -> CloudEnvironment:
    """Microsoft's public cloud, with the inbound token keys' address overridden if set."""
    if settings.teams_openid_metadata_url:
        return with_overrides(PUBLIC, openid_metadata_url=settings.teams_openid_metadata_url)
    return PUBLIC


def build_teams_app(
    settings: Settings,
    sessions: sessionmaker[Session],
    web: FastAPI,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    reminders: ReminderSettings | None = None,
) -> App:
    """The Teams app, its messaging endpoint mounted on `web` at /api/messages."""
    unauthenticated = settings.teams_dangerously_allow_unauthenticated_requests
    if unauthenticated:
        log.warning(
            "TEAMS: INCOMING REQUESTS ARE NOT AUTHENTICATED (development switch is on). "
            "Anyone who can reach /api/messages can act as any member of staff. Never run "
            "a school like this."
        )
    adapter = FastAPIAdapter(app=web)
    app = App(
        client_id=settings.client_id,
        client_secret=settings.client_secret or None,  # empty: use the managed identity
        tenant_id=settings.tenant_id,
        http_server_adapter=adapter,
        messaging_endpoint=MESSAGES,
        cloud=teams_cloud(settings),
        dangerously_allow_unauthenticated_requests=unauthenticated,
    )
    turn = TeamsTurn(sessions, clock, reminders or load_reminder_settings())
    token = bot_token_source(settings)

    @app.on_message
    async def on_message(ctx: ActivityContext[MessageActivity]) -> None:
        reply = await run_in_threadpool(turn.answer, ctx.activity)
        if reply is None:
            return  # a repeat delivery, answered the first time
        if is_personal(ctx.activity) or shareable(reply):
            files = await run_in_threadpool(turn.files, ctx.activity, reply)
            await ctx.send(as_activity(reply, files))
            return
        # In a channel everyone reads: a reply naming pupils goes to the person's own chat.
        told = await run_in_threadpool(turn.tell_privately, ctx.activity, reply, token)
        await ctx.send(as_activity(Reply(IN_YOUR_CHAT if told else OPEN_A_CHAT)))

    @app.on_card_action_execute
    async def on_execute(ctx: ActivityContext[AdaptiveCardInvokeActivity]) -> Any:
        # A form card submitted: the card Teams shows in its place (saved, or what to fix).
        card, saved = await run_in_threadpool(turn.execute, ctx.activity)
        if saved is not None:  # an export: its file in a message of its own, privately
            if is_personal(ctx.activity):
                files = await run_in_threadpool(turn.files, ctx.activity, saved)
                await ctx.send(as_activity(Reply(saved.title), files))
            else:
                await run_in_threadpool(turn.tell_privately, ctx.activity, saved, token)
        return AdaptiveCardActionCardResponse(value=AdaptiveCard.model_validate(card))

    @app.on_file_consent
    async def on_consent(ctx: ActivityContext[FileConsentInvokeActivity]) -> None:
        # The person allowed (or declined) a file we offered: upload it to their OneDrive.
        result = await run_in_threadpool(turn.consent, ctx.activity)
        if isinstance(result, Reply):
            await ctx.send(as_activity(result))
        elif result is not None:
            await ctx.send(MessageActivityInput(text=str(result.get("name", ""))).add_attachments(
                Attachment.model_validate(result)))  # fmt: skip

    @app.on_card_search
    async def on_search(ctx: ActivityContext[SearchInvokeActivity]) -> Any:
        # A pupil picker's typeahead: the pupils the person may choose, by what they typed.
        found = await run_in_threadpool(turn.search, ctx.activity)
        results = [SearchInvokeResult(title=c.label, value=c.value) for c in found]
        return SearchResponse(value=SearchInvokeResponseValue(results=results))

    @app.on_install_add
    async def on_install(ctx: ActivityContext[Any]) -> None:
        # Installed for a person: remember their chat, so reminders can reach them.
        await run_in_threadpool(turn.remember, ctx.activity)

    @app.on_conversation_update
    async def on_conversation_update(ctx: ActivityContext[Any]) -> None:
        # The bot added to a personal chat (how Teams says "installed" to older clients).
        await run_in_threadpool(turn.remember, ctx.activity)

    @asynccontextmanager
    async def started(_: Any) -> AsyncIterator[None]:
        # In the server's own event loop: the JWT check and the /api/messages route.
        await app.initialize()
        yield

    adapter.lifespans.append(started)
    return app
