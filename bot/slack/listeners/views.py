"""Modal submissions (each form's handler, validated within the ack window) and the options
of long pickers (block_suggestion)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.forms import submit, suggest
from bot.slack.render.modals import FORM_CALLBACK_PREFIX


def register(app: App, deps: SlackDeps) -> None:
    def on_submit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        submit(deps, ack, body, client)

    def on_options(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        suggest(deps, ack, body, client)

    app.view(re.compile("^" + re.escape(FORM_CALLBACK_PREFIX)))(on_submit)
    app.options(re.compile(".+"))(on_options)
