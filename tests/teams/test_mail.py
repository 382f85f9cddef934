"""Email as the last channel: a reminder for someone the bot cannot reach in Teams goes by
Microsoft Graph's sendMail from the school mailbox (msgraph-sdk against a loopback Graph, a
managed-identity token); someone with a Teams chat still gets it there, not by email."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.mail import GraphMailChannel
from bot.settings import Settings
from bot.teams.delivery import TeamsChannel, bot_token_source, save_conversation
from handlers import outbox
from handlers.delivery import deliver_due
from handlers.vocabulary import Notice, Reply
from tests.teams.conftest import APP_ID
from tests.teams.loopback import GraphCall, Microsoft, serve_graph
from tests.worlds import World

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
MAILBOX = "sendco-bot@school-a.example"


@pytest.fixture
def graph() -> Iterator[tuple[list[GraphCall], str]]:
    calls, base, server = serve_graph(lambda method, path, body: (202, None))
    yield calls, base  # tokens come from the managed identity of the `microsoft` fixture
    server.shutdown()


def queue(sessions: sessionmaker[Session], world: World, who: str, key: str) -> None:
    reply = Reply(title="SEN support review for Maya Patel is due")
    staff_id = world.actor(who).staff_id
    notice = Notice(key=key, reply=reply, on=NOW.date(), rule="sen_support_review",
                    staff_id=staff_id)  # fmt: skip
    with sessions.begin() as session:
        outbox.enqueue(session, school_id=world.school_ids["a"], notices=[notice])


def test_someone_with_no_chat_gets_the_reminder_by_email(
    graph: tuple[list[GraphCall], str], microsoft: Microsoft,
    sessions: sessionmaker[Session], world: World,
) -> None:  # fmt: skip
    sent, base = graph
    settings = Settings(_env_file=None, client_id=APP_ID, client_secret="",
                        graph_base_url=f"{base}/v1.0", graph_mail_from=MAILBOX)  # fmt: skip
    with sessions.begin() as session:  # the teacher has a Teams chat; the SENDCO has none
        save_conversation(session, staff_id=world.actor("teacher_2c").staff_id,
                          conversation_id="a:teacher", service_url=microsoft.service_url,
                          tenant_id="")  # fmt: skip
    queue(sessions, world, "teacher_2c", "test:teacher")
    queue(sessions, world, "sendco", "test:sendco")
    teams = TeamsChannel(sessions, bot_token_source(settings), httpx.Client(timeout=15))
    report = deliver_due(sessions, channels=[teams, GraphMailChannel(settings)], now=NOW)
    assert len(report.delivered) == 2, report

    [mail] = sent
    assert mail.path == "/v1.0/users/sendco-bot%40school-a.example/sendMail"
    assert mail.auth == f"Bearer {microsoft.bot_token}"  # the managed identity's token…
    resources = {r for asked in microsoft.token_requests for r in asked.get("resource", [])}
    assert "https://graph.microsoft.com" in resources  # …asked for Graph
    message = mail.body["Message"]  # as msgraph-sdk writes the sendMail action's body
    assert message["toRecipients"] == [{"emailAddress": {"address": "sendco@school-a.example"}}]
    assert message["subject"] == "sendco-bot: SEN support review for Maya Patel is due"
    assert message["body"]["content"].startswith("SEN support review for Maya Patel is due\n\n")
    assert "cannot reach you in Slack or Teams" in message["body"]["content"]
    [chat] = microsoft.wait_for_posts(1)  # the teacher's came by Teams, not email
    assert chat["path"].endswith("/v3/conversations/a:teacher/activities")
