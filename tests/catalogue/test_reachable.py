"""Every action in the catalogue can be reached from every surface: a button in Slack (through
the real Bolt app, signed requests, a loopback Slack API), and a sentence or a typed button
number in the terminal's conversation. Adding an action that a surface cannot reach fails here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.console import converse
from bot.slack.listeners.actions import NOT_HERE, OUT_OF_DATE
from bot.slack.render.modals import FormContext
from handlers.catalogue import ACTIONS, Action, Kind
from handlers.conversation.actions import match_action
from handlers.conversation.intents import Intent
from handlers.conversation.roster import load_roster
from handlers.conversation.understand import understand
from handlers.reminders.notices import DONE_ACTION, SNOOZE_ACTION
from handlers.retention import PURGE_ACTION
from tests.catalogue.records import make_records
from tests.slack.conftest import NOW, SENDCO, Bot
from tests.slack.fake_slack import FakeSlack
from tests.worlds import World

# Actions the conversation reaches through its own understanding rather than a phrase.
BY_INTENT = {
    "concern.log": Intent.LOG_CONCERN,
    "advice.ask": Intent.REQUEST_ADVICE,
    "session.log": Intent.LOG_SESSION,
    "pupil.open": Intent.PUPIL_RECORD,
    "safeguarding.report": Intent.SAFEGUARDING,
}
# Actions only ever started from a button, and the action whose reply carries that button.
BY_BUTTON = {
    DONE_ACTION: "reminder.mine",
    SNOOZE_ACTION: "reminder.mine",
    PURGE_ACTION: "retention.due",
}


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_every_action_is_a_working_button_in_slack(
    action: Action, bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session],
    slack_world: World,
) -> None:  # fmt: skip
    ids = make_records(sessions, slack_world, NOW)
    value = str(ids[action.needs]) if action.needs else "home"
    assert (
        bot.slack.press(action.name, value, user=SENDCO, channel="DU0SENDCO", ts="1.1").status
        == 200
    )
    if action.kind is Kind.FORM:
        view = slack_api.last_view()
        assert FormContext.decode(view["private_metadata"]).action == action.name
        assert any(b.get("type") == "input" for b in view["blocks"])
        return
    if action.kind is Kind.SHOW:
        shown = slack_api.last_view()
        assert shown["title"]["text"] == action.label[:24]
        return
    told = slack_api.wait_for("response_url")
    assert OUT_OF_DATE not in told.text() and NOT_HERE not in told.text()
    assert "isn't available" not in told.text(), told.text()


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_every_action_is_reached_in_conversation(
    action: Action, sessions: sessionmaker[Session], world: World
) -> None:
    sendco = world.actor("sendco")
    assert action.offered_to(sendco)
    today = NOW.date()
    if action.name in BY_BUTTON:
        parent = next(a for a in ACTIONS if a.name == BY_BUTTON[action.name])
        assert parent.examples, f"{parent.name} needs an example that shows its buttons"
        return
    assert action.examples, f"{action.name} needs an example sentence"
    with sessions() as session:
        roster = load_roster(session, school_id=sendco.school_id)
    for example in action.examples:
        u = understand(example, roster=roster, today=today)
        if action.name in BY_INTENT:
            assert u.intent == BY_INTENT[action.name], example
            continue
        found = match_action(sendco, u, today)
        assert found is not None and found.action.name == action.name, (example, found)


def test_a_reminder_is_marked_done_by_typing_its_button_number(
    sessions: sessionmaker[Session], world: World
) -> None:
    make_records(sessions, world, NOW)
    said: list[str] = []
    converse(sessions=sessions, actor=world.actor("sendco"), messages=["my reminders", "1"],
             write=said.append, clock=lambda: NOW)  # fmt: skip
    text = "\n".join(said)
    assert "[1] Done 1" in text and "Marked done" in text, text


def test_a_record_button_opens_its_form_as_questions_in_the_terminal(
    sessions: sessionmaker[Session], world: World
) -> None:
    said: list[str] = []
    converse(sessions=sessions, actor=world.actor("sendco"),
             messages=["show me Ravi's record", "2"], write=said.append,
             clock=lambda: datetime(2026, 11, 23, 10, tzinfo=UTC))  # fmt: skip
    text = "\n".join(said)
    assert "[2] SEN register" in text, text
    assert "Reason?" in text  # the register form's one required field without a value
    assert json.dumps(text)  # printable


def test_sen_subcommands_open_forms_and_run_actions(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    ids = make_records(sessions, slack_world, NOW)
    assert bot.slack.command("/sen", "set up a new Toe by Toe group", user=SENDCO).status == 200
    view = slack_api.last_view()
    assert FormContext.decode(view["private_metadata"]).action == "intervention.create"

    reference = f"C-{ids['concern_id']:05d}"
    assert bot.slack.command("/sen", f"acknowledge {reference}", user=SENDCO).status == 200
    told = slack_api.wait_for("response_url", lambda c: "acknowledged" in c.text().lower())
    assert reference in told.text()

    assert bot.slack.command("/sen", "help", user=SENDCO).status == 200
    helped = slack_api.wait_for("response_url", lambda c: "Set up a group" in c.text())
    assert "put Ravi on SEN support" in helped.text()
