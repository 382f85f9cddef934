"""Message events: a direct message is a turn of the chat; a reply in the thread of a triage
card answers the advice request on it. Edits, joins and bots' messages are ignored, and so
is a message that @mentions the bot (the app_mention listener answers that one)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.chat import answer_in_thread, converse
from bot.slack.deps import SlackDeps
from bot.slack.listeners.events import team_of

PLAIN_SUBTYPES = {None, "file_share", "thread_broadcast"}


def register(app: App, deps: SlackDeps) -> None:
    def message(
        event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        if event.get("subtype") not in PLAIN_SUBTYPES or event.get("bot_id"):
            return
        team = team_of(body, context)
        if event.get("channel_type") == "im":
            deps.later(lambda: converse(deps, client, event, team_id=team, direct=True))
            return
        mention = f"<@{context.bot_user_id}>" if context.bot_user_id else None
        if mention and mention in str(event.get("text") or ""):
            return
        thread = event.get("thread_ts")
        if thread and thread != event.get("ts"):
            deps.later(lambda: answer_in_thread(deps, client, event, team_id=team))

    app.event("message")(message)
