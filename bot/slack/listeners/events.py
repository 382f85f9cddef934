"""Events: the home tab is published when opened; an @mention is a turn of the chat."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.chat import converse
from bot.slack.deps import SlackDeps
from bot.slack.home import publish_home
from bot.slack.surface import Where


def team_of(body: dict[str, Any], context: BoltContext) -> str:
    return str(body.get("team_id") or context.team_id or "")


def register(app: App, deps: SlackDeps) -> None:
    def home(
        event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        where = Where(team_id=team_of(body, context), user_id=str(event.get("user") or ""))
        deps.later(lambda: publish_home(deps, client, where))

    def mention(
        event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        team = team_of(body, context)
        deps.later(lambda: converse(deps, client, event, team_id=team, direct=False))

    app.event("app_home_opened")(home)
    app.event("app_mention")(mention)
