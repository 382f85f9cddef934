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
from bot.teams.delivery import TeamsChannel, bot_token_source, save_conversation
from handlers import outbox
from handlers.delivery import deliver_due
from handlers.vocabulary import Button, Notice, Reply
from storage.codes import OutboxStatus
from storage.models import Concern, OutboxNotice, TeamsConversation
from tests.teams.conftest import APP_ID, SENDCO_AAD, TEACHER_AAD, activity, post
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


def test_triage_cards_reach_the_sendcos_chat_and_are_updated_in_place(
    bot_url: str,
    microsoft: Microsoft,
    sessions: sessionmaker[Session],
    world: World,
) -> None:
    token = microsoft.token(APP_ID)
    hello = activity(microsoft, "hello", 1)
    hello["from"]["aadObjectId"] = SENDCO_AAD
    hello["conversation"]["id"] = "a:personal-chat-of-the-sendco"
    assert post(bot_url, hello, token).status_code == 200  # the SENDCO's chat is remembered
    raise_it = activity(microsoft, "worried about Maya, she can't follow two-step instructions", 2)
    assert post(bot_url, raise_it, token).status_code == 200
    assert post(bot_url, activity(microsoft, "yes", 3), token).status_code == 200
    microsoft.wait_for_posts(3)

    deliver_due(sessions, channels=[channel(sessions)], now=datetime.now(UTC))
    posts = microsoft.wait_for_posts(4)
    [(number, card_post)] = [
        (n, p) for n, p in enumerate(posts, 1)
        if "personal-chat-of-the-sendco" in p["path"]
        and p["body"]["text"].startswith("Concern C-00001")
    ]  # fmt: skip
    card = card_post["body"]["attachments"][0]["content"]
    assert "Maya" not in json.dumps(card)  # triage cards never name the pupil
    acknowledge = next(a for a in card["actions"] if a["title"] == "Acknowledge")

    pressed = activity(microsoft, "", 4)
    pressed["from"]["aadObjectId"] = SENDCO_AAD
    pressed["conversation"]["id"] = "a:personal-chat-of-the-sendco"
    pressed["value"] = acknowledge["data"]
    assert post(bot_url, pressed, token).status_code == 200
    deliver_due(sessions, channels=[channel(sessions)], now=datetime.now(UTC))
    deadline = time.monotonic() + 10
    while not microsoft.updated and time.monotonic() < deadline:
        time.sleep(0.05)
    [update] = microsoft.updated  # the same card, replaced in place: not posted again
    assert update["path"] == f"{card_post['path']}/reply-{number}"
    assert "acknowledged" in json.dumps(update["body"]).lower()
    with sessions() as session:
        [concern] = session.scalars(select(Concern)).all()
        assert concern.status == "acknowledged"


def test_a_reminder_is_not_sent_twice_across_a_restart(
    microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    with sessions.begin() as session:
        save_conversation(session, staff_id=world.actor("teacher_2c").staff_id,
                          conversation_id="a:teacher", service_url=microsoft.service_url,
                          tenant_id="")  # fmt: skip
    queue_reminder(sessions, world)
    first = deliver_due(sessions, channels=[channel(sessions)], now=NOW)
    assert len(first.delivered) == 1
    restarted = channel(sessions)  # a new process: new channel, new token source
    again = deliver_due(sessions, channels=[restarted], now=NOW)
    assert again.delivered == [] and again.waiting == 0
    assert len(microsoft.posted) == 1
