"""Running the Slack app: Socket Mode (the default: no public web address needed) or HTTP
mode (`sendco-bot run --http`), where Slack posts to /slack/events.

`start_slack` builds the app; hand `SlackApp.channel` to the scheduler's delivery sweep as
well, then serve with one of the two below (each blocks until stopped).
"""

from __future__ import annotations

import uvicorn
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.runtime import Runtime
from bot.slack.app import SlackApp, build_slack
from bot.web import build_web_app


def start_slack(runtime: Runtime) -> SlackApp:
    slack = build_slack(runtime.settings, sessions=runtime.sessions, engine=runtime.engine)
    slack.deps.deliver()  # anything queued while the bot was down
    return slack


def socket_mode_handler(slack: SlackApp, app_token: str) -> SocketModeHandler:
    """Bolt's Socket Mode handler, on the app's own client (base URL and retries)."""
    return SocketModeHandler(slack.app, app_token, web_client=slack.app.client)


def serve_socket_mode(slack: SlackApp, app_token: str) -> None:
    socket_mode_handler(slack, app_token).start()  # type: ignore[no-untyped-call]


def serve_http(slack: SlackApp, *, host: str, port: int) -> None:
    web = build_web_app(slack=slack.app, sessions=slack.deps.sessions)
    uvicorn.run(web, host=host, port=port, log_level="info")
