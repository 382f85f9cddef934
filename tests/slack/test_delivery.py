"""The Web API client retries what Slack asks it to, and the outbox's Slack channel delivers
direct messages and triage cards (posted once, then edited in place)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.app import build_slack_channel, make_client
from bot.slack.delivery import SingleWorkspace
from handlers.delivery import deliver_due
from handlers.vocabulary import Privacy, Reply
from storage.models import OutboxNotice, PlatformMessage
from tests.slack.conftest import NOW, TEACHER, TRIAGE, Bot, slack_settings
from tests.slack.fake_slack import FakeSlack
from tests.worlds import World


def test_rate_limits_and_server_errors_are_retried(db_url: str, slack_api: FakeSlack) -> None:
    client = make_client(slack_settings(db_url, slack_api), "xoxb-test")
    slack_api.fail_next("chat.postMessage", 429, {"Retry-After": "1"})
    slack_api.fail_next("chat.postMessage", 500)
    response = client.chat_postMessage(channel="C0STAFF", text="hello")
    assert response["ok"] is True
    assert [c.status for c in slack_api.calls_to("chat.postMessage")] == [429, 500, 200]


def test_a_modal_still_opens_through_a_server_error(bot: Bot, slack_api: FakeSlack) -> None:
    slack_api.fail_next("views.open", 503)
    assert bot.slack.command("/ask-sendco", "", user=TEACHER).status == 200
    slack_api.last_view()
    assert [c.status for c in slack_api.calls_to("views.open")] == [503, 200]


def queue(sessions: sessionmaker[Session], world: World, key: str, **values: object) -> None:
    reply = values.pop("reply")
    assert isinstance(reply, Reply)
    with sessions.begin() as session:
        session.add(
            OutboxNotice(
                key=key, school_id=world.school_ids["a"], rule="test", due_on=NOW.date(),
                message=reply.text(), payload=asdict(reply), **values,
            )
        )  # fmt: skip


def card(status: str) -> Reply:
    return Reply(title=f"Concern C-00042: {status}", privacy=Privacy.CHANNEL)


def test_a_card_whose_message_was_deleted_is_posted_again(
    db_url: str, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    settings = slack_settings(db_url, slack_api)
    client = make_client(settings, "xoxb-test")
    channel = build_slack_channel(settings, sessions, SingleWorkspace(client))
    queue(sessions, slack_world, "one", reply=card("new"), channel="triage", subject="C-00042")
    deliver_due(sessions, channels=[channel], now=NOW)
    first = slack_api.wait_for("chat.postMessage")
    slack_api.fail_next("chat.update", 200, error="message_not_found")
    queue(sessions, slack_world, "two", reply=card("closed"), channel="triage", subject="C-00042")
    report = deliver_due(sessions, channels=[channel], now=NOW + timedelta(minutes=1))
    assert report.delivered == ["two"]
    second = slack_api.wait_for("chat.postMessage", count=2)
    assert second.args["channel"] == TRIAGE and "closed" in second.text()
    with sessions() as session:
        [row] = session.scalars(select(PlatformMessage)).all()
    assert row.message_id == second.result["ts"] != first.result["ts"]


def test_what_slack_cannot_carry_waits(
    db_url: str, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    settings = slack_settings(db_url, slack_api, slack_triage_channel=None)
    channel = build_slack_channel(
        settings, sessions, SingleWorkspace(make_client(settings, "xoxb-test"))
    )
    head = slack_world.actor("head").staff_id  # no Slack identity
    queue(sessions, slack_world, "card", reply=card("new"), channel="triage", subject="C-1")
    queue(sessions, slack_world, "dm", reply=Reply(title="Hello"), recipient_id=head, subject="")
    report = deliver_due(sessions, channels=[channel], now=NOW)
    assert (report.delivered, report.waiting) == ([], 2)
    assert slack_api.calls_to("chat.postMessage") == []


def test_a_private_reply_is_never_posted_in_the_triage_channel(
    db_url: str, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    settings = slack_settings(db_url, slack_api)
    channel = build_slack_channel(
        settings, sessions, SingleWorkspace(make_client(settings, "xoxb-test"))
    )
    private = Reply(title="Concern C-00007 about Ravi Shah")
    queue(sessions, slack_world, "leak", reply=private, channel="triage", subject="C-00007")
    report = deliver_due(sessions, channels=[channel], now=NOW)
    assert "refusing" in report.failed["leak"]
    assert slack_api.calls_to("chat.postMessage") == []
