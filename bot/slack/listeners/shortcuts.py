"""Shortcuts: the global one offers what the person may start (the catalogue's menu);
"Log as concern" on any message opens the concern form with the message's text (and the
pupils it names) filled in."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.contract import GLOBAL_SHORTCUT, MESSAGE_SHORTCUT
from bot.slack.deps import SlackDeps
from bot.slack.forms import start_form
from bot.slack.home import start_buttons
from bot.slack.identity import UNKNOWN_USER
from bot.slack.render.blocks import plain, section
from bot.slack.surface import reporting_failures, where_from_body
from handlers.vocabulary import Actor

KEPT = "The message is unchanged."


def chooser_view(actor: Actor | None) -> dict[str, Any]:
    """The actions this person may start (everyone's three when they are not known yet)."""
    blocks = start_buttons(actor) if actor is not None else [section(UNKNOWN_USER)]
    return {
        "type": "modal",
        "callback_id": "start",
        "title": plain("sendco-bot", 24),
        "close": plain("Cancel", 24),
        "blocks": [section("What would you like to do?"), *blocks][:100],
    }


def register(app: App, deps: SlackDeps) -> None:
    def start(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)
        with reporting_failures(client, where, kept=""):
            actor = deps.actor(client, where)
            client.views_open(trigger_id=str(body["trigger_id"]), view=chooser_view(actor))

    def log_as_concern(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)

        def work() -> None:
            with reporting_failures(client, where, kept=KEPT):
                text = str((body.get("message") or {}).get("text") or "")
                start_form(deps, client, where, "concern.log", text=text)

        deps.later(work)

    app.shortcut(GLOBAL_SHORTCUT)(start)
    app.shortcut(MESSAGE_SHORTCUT)(log_as_concern)
