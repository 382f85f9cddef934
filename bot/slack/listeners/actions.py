"""Buttons: every action in the catalogue (handlers.catalogue) is a button here — on triage
cards, reminders, records, replies, the home tab and the shortcut's menu.

Each is acknowledged at once; then by the action's kind the button opens its form in a modal,
runs its handler (triage cards are updated through the outbox), or shows its record or list in
a modal. The handlers decide who may do what; anyone else is told why, privately. A button
valued with a record's id acts on that record; one valued "home" (or nothing) starts blank.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.forms import refresh, start_form
from bot.slack.identity import UNKNOWN_USER
from bot.slack.render.blocks import DUPLICATE_MARK
from bot.slack.render.modals import reply_view
from bot.slack.surface import Where, open_modal, reporting_failures, tell, where_from_body
from handlers.catalogue import CATALOGUE, Kind, run_action
from handlers.vocabulary import Reply

# The first home tab and shortcut buttons, kept so that messages already posted still work.
START: dict[str, str] = {
    "start.concern": "concern.log",
    "start.session": "session.log",
    "start.advice": "advice.ask",
}
KEPT = "Nothing was changed."
OUT_OF_DATE = "That button is out of date: open the record again."
NOT_HERE = "That button is out of date: type /sen help to see what you can do."


def pattern(actions: dict[str, Any]) -> re.Pattern[str]:
    """Any of `actions`, with or without the suffix that keeps action ids unique."""
    names = "|".join(re.escape(a) for a in actions)
    return re.compile(rf"^({names})({re.escape(DUPLICATE_MARK)}\d+)?$")


def pressed(body: dict[str, Any]) -> tuple[str, str]:
    action = body["actions"][0]
    return str(action["action_id"]).split(DUPLICATE_MARK)[0], str(action.get("value") or "")


def press(deps: SlackDeps, client: WebClient, where: Where, name: str, value: str) -> None:
    """What a catalogue button does, by its kind."""
    name = START.get(name, name)
    action = CATALOGUE[name]
    ids = {action.needs: int(value)} if action.needs and value.isdigit() else {}
    if action.needs and not ids and not action.starts_blank:
        tell(client, where, Reply(OUT_OF_DATE, ok=False))
        return
    if action.kind is Kind.FORM:
        start_form(deps, client, where, name, ids=ids)
        return
    actor = deps.actor(client, where)
    if actor is None:
        tell(client, where, Reply(UNKNOWN_USER, ok=False))
        return
    outcome = deps.perform(
        run_action, actor, action=name, ids=ids, now=deps.now(), settings=deps.reminders
    )
    if action.kind is Kind.SHOW and outcome.ok and where.trigger_id:
        open_modal(client, where, reply_view(outcome.reply, title=action.label))
    else:
        tell(client, where, outcome.reply)
    if action.kind is Kind.RUN:
        deps.deliver()


def register(app: App, deps: SlackDeps) -> None:
    def act(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)

        def work() -> None:
            with reporting_failures(client, where, kept=KEPT):
                press(deps, client, where, *pressed(body))

        deps.later(work)

    def reshape(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()

        def work() -> None:
            with reporting_failures(client, where_from_body(body), kept=""):
                refresh(deps, body, client)

        deps.later(work)

    def elsewhere(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)
        with reporting_failures(client, where, kept=KEPT):
            tell(client, where, Reply(NOT_HERE, ok=False))

    app.action(pattern({**CATALOGUE, **START}))(act)
    app.action("intervention_id")(reshape)
    app.action(re.compile(".+"))(elsewhere)
