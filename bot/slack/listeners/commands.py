"""Slash commands: `/concern`, `/session` and `/ask-sendco` open their form, prefilled from
the text typed after them; `/sen` looks things up (`/sen help`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.contract import ADVICE_COMMAND, CONCERN_COMMAND, LOOKUP_COMMAND, SESSION_COMMAND
from bot.slack.deps import SlackDeps
from bot.slack.forms import start_form
from bot.slack.lookup import look_up
from bot.slack.surface import reporting_failures, where_from_body

FORMS = {
    CONCERN_COMMAND: "concern.log",
    SESSION_COMMAND: "session.log",
    ADVICE_COMMAND: "advice.ask",
}
KEPT = "What you typed after the command is in your message box history (press ↑)."


def register(app: App, deps: SlackDeps) -> None:
    def open_form(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)

        def work() -> None:
            with reporting_failures(client, where, kept=KEPT):
                action = FORMS[str(body.get("command"))]
                start_form(deps, client, where, action, text=str(body.get("text") or ""))

        deps.later(work)

    def lookup(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)

        def work() -> None:
            with reporting_failures(client, where, kept=KEPT):
                look_up(deps, client, where, str(body.get("text") or ""))

        deps.later(work)

    for command in FORMS:
        app.command(command)(open_form)
    app.command(LOOKUP_COMMAND)(lookup)
