"""Requests Slack sends again, requests Slack did not send, and people the bot doesn't know."""

from __future__ import annotations

import json
import logging
import time

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack import forms
from storage.models import Concern, ConversationState, ProcessedEvent
from tests.slack import payloads
from tests.slack.conftest import SECRET, STRANGER, TEACHER, Bot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_retried_event_is_handled_once(
    bot: Bot,
    slack_api: FakeSlack,
    sessions: sessionmaker[Session],
    slack_world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.idempotency")
    start, retry_num = payloads.retried_message(
        text="worried about Maya in 2C, she can't hear the teacher from the back",
        user_id=TEACHER, team_id=TEAM_ID, channel="D" + TEACHER, ts="1790000700.000100",
    )  # fmt: skip
    start["event_id"] = "EvStart"
    assert bot.slack.event(start).status == 200
    asked = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + TEACHER)
    assert "Log this concern?" in asked.text()

    assert bot.slack.event(start, retry=retry_num).status == 200  # Slack sends it again

    yes, _ = payloads.retried_message(
        text="yes", user_id=TEACHER, team_id=TEAM_ID, channel="D" + TEACHER,
        ts="1790000701.000100",
    )  # fmt: skip
    yes["event"]["thread_ts"] = "1790000700.000100"
    yes["event_id"] = "EvYes"
    assert bot.slack.event(yes).status == 200
    slack_api.wait_for("chat.postMessage", lambda c: "is with the SENDCO" in c.text())
    assert bot.slack.event(yes, retry=retry_num).status == 200
    assert bot.slack.event(yes, retry=retry_num + 1).status == 200

    # The repeats stopped before the acknowledgement: nothing was queued to run for them.
    repeats = [r for r in caplog.records if "repeat delivery" in r.getMessage()]
    assert len(repeats) == 3
    assert count(sessions, Concern) == 1
    assert count(sessions, ProcessedEvent) == 2
    replies = [c for c in slack_api.calls_to("chat.postMessage") if c.args["channel"] != "G0TRIAGE"]
    assert len(replies) == 2
    assert count(sessions, ConversationState) == 0  # the conversation finished, once


def test_requests_not_signed_by_slack_are_refused(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session]
) -> None:
    event = payloads.event_callback(
        event={"type": "message", "channel_type": "im", "channel": "D" + TEACHER,
               "user": TEACHER, "text": "help", "ts": "1790000800.000100"},
        event_id="EvForged", team_id=TEAM_ID,
    )  # fmt: skip
    forged = bot.slack.post(json.dumps(event), "application/json", secret="not-the-secret")
    assert forged.status == 401
    body = json.dumps(event)
    stale = str(int(time.time()) - 600)
    old = SignatureVerifier(SECRET).generate_signature(timestamp=stale, body=body)
    assert old is not None
    replayed = bot.slack.post(
        body,
        "application/json",
        headers={"X-Slack-Request-Timestamp": stale, "X-Slack-Signature": old},
    )
    assert replayed.status == 401
    command = payloads.slash_command(
        command="/concern", text="Ravi", user_id=TEACHER, team_id=TEAM_ID, channel_id="C1",
        response_url=slack_api.hook_url("x"),
    )  # fmt: skip
    assert bot.slack.post(command, "application/x-www-form-urlencoded", secret="nope").status == 401
    assert {c.method for c in slack_api.calls} <= {"auth.test"}
    assert count(sessions, ProcessedEvent) == 0


def test_someone_not_on_the_staff_list_is_told_what_to_do(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session]
) -> None:
    assert bot.slack.command("/concern", "Ravi is upset", user=STRANGER).status == 200
    told = slack_api.wait_for("response_url")
    assert "I don't know you yet" in told.text() and "import staff" in told.text()
    assert bot.slack.dm("hello", user=STRANGER, ts="1790000900.000100").status == 200
    said = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + STRANGER)
    assert "I don't know you yet" in said.text()
    assert said.args["thread_ts"] == "1790000900.000100"
    assert slack_api.calls_to("views.open") == []
    assert count(sessions, Concern) == 0


def test_a_failure_says_what_happened_and_what_was_kept(
    bot: Bot,
    slack_api: FakeSlack,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for _ in range(3):  # more than the retry handlers try
        slack_api.fail_next("views.open", 500)
    assert bot.slack.command("/concern", "Ravi is upset", user=TEACHER).status == 200
    told = slack_api.wait_for("response_url")
    assert "nothing was saved" in told.text() and "message box history" in told.text()

    def broken(**_: object) -> None:
        raise RuntimeError("database unavailable")

    monkeypatch.setattr("bot.slack.chat.handle_message", broken)
    assert bot.slack.dm("worried about Maya", user=TEACHER, ts="1790001100.000100").status == 200
    said = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + TEACHER)
    assert "nothing was saved" in said.text() and "Your message is still here" in said.text()
    assert count(sessions, Concern) == 0


def test_a_form_that_cannot_be_saved_keeps_what_was_typed(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(forms, "submit_form", broken)
    asked = bot.slack.command("/ask-sendco", "How do I help Ravi with spelling?", user=TEACHER)
    assert asked.status == 200
    refused = bot.slack.submit(slack_api.last_view(), {}, user=TEACHER)
    assert refused.json()["response_action"] == "errors"
    [problem] = refused.json()["errors"].values()
    assert "nothing was saved" in problem and "Your answers are still here" in problem
