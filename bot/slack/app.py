"""Building the Bolt app: its Web API client, how it is authorised, and its listeners.

One workspace: the bot token (SLACK_BOT_TOKEN). Hosted or several workspaces: Bolt's OAuth
flow (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET), with slack_sdk's SQLAlchemy installation and
state stores on the bot's own database (their tables come from the migrations). Either way
every Web API call goes to SLACK_API_BASE_URL when it is set, and is retried on rate limits
(honouring a short Retry-After; a long one is handed back to the outbox), server errors
and dropped connections.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.slack.contract import BOT_SCOPES
from bot.slack.delivery import ClientSource, Installations, SingleWorkspace, SlackChannel
from bot.slack.deps import SlackDeps, utc_now
from bot.slack.idempotency import dedupe_events
from bot.slack.listeners import register_all
from bot.slack.rate_limits import ShortRateLimitRetryHandler

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
EVENTS_PATH = "/slack/events"
OAUTH_STATE_SECONDS = 600
RETRIES = 2


def retry_handlers() -> list[RetryHandler]:
    return [
        ConnectionErrorRetryHandler(max_retry_count=RETRIES),
        ShortRateLimitRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
    ]


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_base_url or WebClient.BASE_URL
    return url if url.endswith("/") else url + "/"


def make_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client for `token`: SLACK_API_BASE_URL and the retry handlers included."""
    return WebClient(token=token, base_url=api_base_url(settings), retry_handlers=retry_handlers())


@dataclass(frozen=True)
class SlackApp:
    """The running pieces: Bolt's app, what its listeners share, and the outbox channel
    (give `channel` to the scheduler's delivery sweep as well)."""

    app: App
    deps: SlackDeps
    channel: SlackChannel


def build_slack_channel(
    settings: Settings, sessions: sessionmaker[Session], clients: ClientSource
) -> SlackChannel:
    return SlackChannel(
        sessions=sessions, clients=clients, triage_channel=settings.slack_triage_channel
    )


def slack_channel_from_settings(
    settings: Settings, sessions: sessionmaker[Session]
) -> SlackChannel:
    """The outbox channel without the Bolt app, for a scheduler in its own process: one
    workspace's bot token, or the OAuth installations stored in the database."""
    clients: ClientSource
    if settings.slack_bot_token:
        clients = SingleWorkspace(make_client(settings, settings.slack_bot_token))
    else:
        engine = sessions.kw["bind"]
        _, store = _oauth(settings, engine)
        clients = Installations(store, lambda token: make_client(settings, token))
    return build_slack_channel(settings, sessions, clients)


def _oauth(settings: Settings, engine: Engine) -> tuple[OAuthSettings, SQLAlchemyInstallationStore]:
    assert settings.slack_client_id and settings.slack_client_secret
    store = SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=OAUTH_STATE_SECONDS, engine=engine
        ),
    )
    return oauth, store


def _log_errors(error: Exception, body: dict[str, Any]) -> None:
    log.error("Slack listener failed (%s): %s", body.get("type"), error, exc_info=error)


def build_slack(
    settings: Settings,
    *,
    sessions: sessionmaker[Session],
    engine: Engine,
    clock: Callable[[], datetime] = utc_now,
    listener_executor: Executor | None = None,
) -> SlackApp:
    """The Bolt app with every listener registered, ready for Socket Mode or HTTP."""
    clients: ClientSource
    if settings.slack_oauth_configured:
        oauth, store = _oauth(settings, engine)
        app = App(
            signing_secret=settings.slack_signing_secret or "",
            client=make_client(settings),
            oauth_settings=oauth,
            # Given to the app as well, so authorisation uses the app's client (base URL).
            installation_store=store,
            installation_store_bot_only=True,
            listener_executor=listener_executor,
        )
        clients = Installations(store, lambda token: make_client(settings, token))
    else:
        client = make_client(settings, settings.slack_bot_token)
        app = App(
            signing_secret=settings.slack_signing_secret or "",
            client=client,
            listener_executor=listener_executor,
        )
        clients = SingleWorkspace(client)
    channel = build_slack_channel(settings, sessions, clients)
    deps = SlackDeps(settings=settings, sessions=sessions, channel=channel, clock=clock)
    dedupe: Callable[..., BoltResponse | None] = dedupe_events(sessions)
    app.use(dedupe)
    app.error(_log_errors)
    register_all(app, deps)
    return SlackApp(app=app, deps=deps, channel=channel)
