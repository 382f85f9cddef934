"""Reminders reach staff in Teams: a message (or installing the app) saves the person's chat,
and the outbox delivers to it through the Bot Framework connector on loopback, with a token
from the managed identity endpoint (MSAL). Without a saved chat the notice waits."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.teams.delivery import TeamsChannel, bot_token_source
from handlers import outbox
from handlers.delivery import deliver_due
from handlers.vocabulary import Button, Notice, Reply
from storage.codes import OutboxStatus
from storage.models import OutboxNotice, TeamsConversation
from tests.teams.conftest import APP_ID, TEACHER_AAD, activity, post
from tests.teams.loopback import Microsoft
from tests.worlds import World

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
UPDATE = (
    Path(__file__).parents[1] / "fixtures/teams/conversation_update_members_added_personal.json"
)  # a Wednesday morning in term


def queue_reminder(sessions: sessionmaker[Session], world: World) -> None:
    notice = Notice(
        key="test:review:1",
        reply=Reply(
            title="SEN support review for Maya Patel due by Mon 30 Nov 2026",
            fields=(("Pupil", "Maya Patel (Year 2)"),),
            buttons=(Button("reminder.done", "Done", "1"),),
        ),
        on=NOW.date(),
        rule="sen_support_review",
        staff_id=world.actor("teacher_2c").staff_id,
    )
    with sessions.begin() as session:
        outbox.enqueue(session, school_id=world.school_ids["a"], notices=[notice])


def channel(sessions: sessionmaker[Session]) -> TeamsChannel:
    settings = Settings(_env_file=None, client_id=APP_ID, client_secret="")
    return TeamsChannel(sessions, bot_token_source(settings), httpx.Client(timeout=15))


def test_a_reminder_reaches_the_teachers_teams_chat(
    bot_url: str,
    microsoft: Microsoft,
    sessions: sessionmaker[Session],
    world: World,
) -> None:
    # The teacher messages the bot once: their personal chat is remembered.
    assert (
        post(bot_url, activity(microsoft, "hello", 1), microsoft.token(APP_ID)).status_code == 200
    )
    microsoft.wait_for_posts(1)
    with sessions() as session:
        [saved] = session.scalars(select(TeamsConversation)).all()
        assert saved.staff_id == world.actor("teacher_2c").staff_id
        assert saved.service_url == microsoft.service_url

    queue_reminder(sessions, world)
    report = deliver_due(sessions, channels=[channel(sessions)], now=NOW)
    assert len(report.delivered) == 1, report
    pushed = microsoft.wait_for_posts(2)[1]
    assert pushed["path"].endswith(f"/v3/conversations/{saved.conversation_id}/activities")
    assert pushed["auth"] == f"Bearer {microsoft.bot_token}"
    card = pushed["body"]["attachments"][0]["content"]
    assert card["body"][0]["text"].startswith("SEN support review for Maya Patel")
    assert card["actions"][0]["data"] == {"sendco_press": "reminder.done", "value": "1"}
    with sessions() as session:
        [row] = session.scalars(select(OutboxNotice)).all()
        assert row.status == OutboxStatus.DELIVERED.value


def test_without_a_saved_chat_the_reminder_waits(
    microsoft: Microsoft,
    sessions: sessionmaker[Session],
    world: World,
) -> None:
    queue_reminder(sessions, world)
    report = deliver_due(sessions, channels=[channel(sessions)], now=NOW)
    assert report.delivered == [] and report.waiting == 1
    assert microsoft.posted == []
    with sessions() as session:
        [row] = session.scalars(select(OutboxNotice)).all()
        assert row.status == OutboxStatus.PENDING.value


def test_installing_the_app_for_someone_saves_their_chat(
    bot_url: str,
    microsoft: Microsoft,
    sessions: sessionmaker[Session],
    world: World,
) -> None:
    update = json.loads(UPDATE.read_text(encoding="utf-8"))
    update["from"]["aadObjectId"] = TEACHER_AAD
    update["membersAdded"][1]["aadObjectId"] = TEACHER_AAD
    update["conversation"]["id"] = "a:personal-chat-of-the-teacher"
    update["serviceUrl"] = microsoft.service_url
    update["recipient"]["id"] = f"28:{APP_ID}"
    update["channelData"]["tenant"]["id"] = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    assert post(bot_url, update, microsoft.token(APP_ID)).status_code == 200
    deadline = time.monotonic() + 10
    saved: list[TeamsConversation] = []
    while not saved and time.monotonic() < deadline:
        with sessions() as session:
            saved = list(session.scalars(select(TeamsConversation)))
        time.sleep(0.05)
    [chat] = saved
    assert (chat.staff_id, chat.conversation_id) == (
        world.actor("teacher_2c").staff_id, "a:personal-chat-of-the-teacher")  # fmt: skip
    assert microsoft.posted == []  # installing sends nothing by itself
