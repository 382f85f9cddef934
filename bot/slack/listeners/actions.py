"""Buttons: on triage cards (acknowledge, assign to me, ask for more information, open the
record), on reminders (done, snooze), on replies and direct messages, in modals and on the
home tab.

Each is acknowledged at once; then a button either runs its handler (and the triage card is
updated through the outbox), opens a form, or shows a record in a modal, which the handler
allows only for permitted staff (anyone else is told why, privately).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.forms import refresh, start_form
from bot.slack.identity import UNKNOWN_USER
from bot.slack.render.blocks import DUPLICATE_MARK
from bot.slack.render.modals import reply_view
from bot.slack.surface import Where, open_modal, reporting_failures, tell, where_from_body
from handlers.advice import claim_advice, close_advice, get_advice
from handlers.concerns import assign_concern, change_concern_status, get_concern
from handlers.pupils.record import get_pupil_record
from handlers.reminders import DONE_ACTION, SNOOZE_ACTION
from handlers.reminders.actions import mark_reminder_done, snooze_reminder
from handlers.vocabulary import Outcome, Reply
from storage.codes import ConcernStatus

Handler = Callable[..., Outcome]

# Buttons that act at once: action -> (handler, the id's argument name, fixed arguments).
RUN: dict[str, tuple[Handler, str, dict[str, Any]]] = {
    "concern.acknowledge": (
        change_concern_status,
        "concern_id",
        {"data": {"to_status": ConcernStatus.ACKNOWLEDGED.value}},
    ),
    "concern.assign": (assign_concern, "concern_id", {}),
    "advice.claim": (claim_advice, "request_id", {}),
    "advice.close": (close_advice, "request_id", {}),
    DONE_ACTION: (mark_reminder_done, "notice_id", {}),
    SNOOZE_ACTION: (snooze_reminder, "notice_id", {}),
}
# Buttons that open a record: action -> (handler, argument, the modal's title).
SHOW: dict[str, tuple[Handler, str, str]] = {
    "concern.open": (get_concern, "concern_id", "Concern"),
    "advice.open": (get_advice, "request_id", "Advice request"),
    "pupil.open": (get_pupil_record, "pupil_id", "Pupil record"),
}
# Buttons that open a form: action -> (form action, argument).
FORMS: dict[str, tuple[str, str]] = {
    "concern.more_info": ("concern.more_info", "concern_id"),
    "concern.status": ("concern.status", "concern_id"),
    "advice.answer": ("advice.answer", "request_id"),
    "advice.follow_up": ("advice.follow_up", "request_id"),
    "session.log": ("session.log", "intervention_id"),
}
# The home tab's and the global shortcut's buttons: a blank form.
START: dict[str, str] = {
    "start.concern": "concern.log",
    "start.session": "session.log",
    "start.advice": "advice.ask",
}
KEPT = "Nothing was changed."
OUT_OF_DATE = "That button is out of date: open the record again."
NOT_HERE = "That isn't available in Slack yet: ask in a direct message, or use the terminal."


def pattern(actions: dict[str, Any]) -> re.Pattern[str]:
    """Any of `actions`, with or without the suffix that keeps action ids unique."""
    names = "|".join(re.escape(a) for a in actions)
    return re.compile(rf"^({names})({re.escape(DUPLICATE_MARK)}\d+)?$")


def pressed(body: dict[str, Any]) -> tuple[str, str]:
    action = body["actions"][0]
    return str(action["action_id"]).split(DUPLICATE_MARK)[0], str(action.get("value") or "")


def run(deps: SlackDeps, client: WebClient, where: Where, name: str, value: str) -> None:
    actor = deps.actor(client, where)
    if actor is None:
        tell(client, where, Reply(UNKNOWN_USER, ok=False))
        return
    if not value.isdigit():
        tell(client, where, Reply(OUT_OF_DATE, ok=False))
        return
    if name in RUN:
        handler, argument, fixed = RUN[name]
        outcome = deps.perform(handler, actor, now=deps.now(), **{argument: int(value)}, **fixed)
        tell(client, where, outcome.reply)
        deps.deliver()
        return
    handler, argument, title = SHOW[name]
    outcome = deps.perform(handler, actor, now=deps.now(), **{argument: int(value)})
    if outcome.ok and where.trigger_id:
        open_modal(client, where, reply_view(outcome.reply, title=title))
    else:
        tell(client, where, outcome.reply)


def register(app: App, deps: SlackDeps) -> None:
    def act(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)

        def work() -> None:
            with reporting_failures(client, where, kept=KEPT):
                name, value = pressed(body)
                run(deps, client, where, name, value)

        deps.later(work)

    def form(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)

        def work() -> None:
            with reporting_failures(client, where, kept=KEPT):
                name, value = pressed(body)
                action, argument = FORMS[name]
                if not value.isdigit():
                    tell(client, where, Reply(OUT_OF_DATE, ok=False))
                    return
                start_form(deps, client, where, action, ids={argument: int(value)})

        deps.later(work)

    def start(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        where = where_from_body(body)

        def work() -> None:
            with reporting_failures(client, where, kept=""):
                start_form(deps, client, where, START[pressed(body)[0]])

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

    app.action(pattern({**RUN, **SHOW}))(act)
    app.action(pattern(FORMS))(form)
    app.action(pattern(START))(start)
    app.action("intervention_id")(reshape)
    app.action(re.compile(".+"))(elsewhere)
