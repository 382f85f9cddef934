"""Teams channels are read by many: an @mention whose answer names pupils is answered in the
person's own chat, and the channel only hears that it was; a SENDCO can choose a channel for
the triage cards, which then go there — with no pupil names — and are updated in place."""

from __future__ import annotations

import copy
import json
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.teams.delivery import TeamsChannel, bot_token_source, save_conversation
from handlers.concerns import change_concern_status
from handlers.delivery import deliver_due
from handlers.unit_of_work import perform
from tests.teams.conftest import APP_ID, FIXTURE, SENDCO_AAD, TEACHER_AAD, activity, post
from tests.teams.loopback import Microsoft
from tests.worlds import World

CHANNEL = "19:triage-channel@thread.tacv2"
MENTION = json.loads((FIXTURE.parent / "message_channel_mention.json").read_text("utf-8"))


def in_channel(microsoft: Microsoft, text: str, n: int, aad: str) -> dict[str, Any]:
    message = copy.deepcopy(MENTION)
    message |= {"id": f"ch-{n}", "serviceUrl": microsoft.service_url, "attachments": [],
                "text": f"<at>sendco-bot</at> {text}"}  # fmt: skip
    message["from"]["aadObjectId"] = aad
    message["conversation"] = {"id": CHANNEL, "conversationType": "channel"}
    message["recipient"]["id"] = f"28:{APP_ID}"
    message["entities"] = [{"type": "mention", "text": "<at>sendco-bot</at>",
                            "mentioned": {"id": f"28:{APP_ID}", "name": "sendco-bot"}}]  # fmt: skip
    message["channelData"] = {"tenant": {"id": "72f988bf-86f1-41af-91ab-2d7cd011db47"}}
    return message


def test_a_concern_said_in_a_channel_is_answered_privately(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    token = microsoft.token(APP_ID)
    with sessions.begin() as session:
        save_conversation(session, staff_id=world.actor("teacher_2c").staff_id,
                          conversation_id="a:teacher-chat", service_url=microsoft.service_url,
                          tenant_id="")  # fmt: skip
    said = in_channel(microsoft, "worried about Maya, she can't follow two-step instructions", 1,
                      TEACHER_AAD)  # fmt: skip
    assert post(bot_url, said, token).status_code == 200
    posts = microsoft.wait_for_posts(2)
    private = next(p for p in posts if "/conversations/a:teacher-chat/" in p["path"])
    public = next(p for p in posts if CHANNEL in p["path"])
    assert "Maya Patel" in private["body"]["text"]
    assert public["body"]["text"] == "I've answered you in our personal chat."
    assert "Maya" not in json.dumps(public["body"])


def test_the_sendco_chooses_a_channel_for_triage_cards(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    token = microsoft.token(APP_ID)
    chose = in_channel(microsoft, "use this channel for triage", 1, SENDCO_AAD)
    assert post(bot_url, chose, token).status_code == 200
    [said] = microsoft.wait_for_posts(1)
    assert CHANNEL in said["path"] and "Triage cards will be posted" in said["body"]["text"]

    teacher = activity(microsoft, "worried about Maya, she can't follow two-step instructions", 2)
    assert post(bot_url, teacher, token).status_code == 200
    assert post(bot_url, activity(microsoft, "yes", 3), token).status_code == 200
    microsoft.wait_for_posts(3)
    settings = Settings(_env_file=None, client_id=APP_ID, client_secret="")
    channel = TeamsChannel(sessions, bot_token_source(settings))
    deliver_due(sessions, channels=[channel], now=datetime.now(UTC))
    cards = [p for p in microsoft.wait_for_posts(4) if CHANNEL in p["path"]]
    card = cards[-1]["body"]
    assert card["text"].startswith("Concern C-00001")
    assert "Maya" not in json.dumps(card)

    # The SENDCO acknowledges it.
    acknowledged = perform(sessions, change_concern_status, actor=world.actor("sendco"),
                           now=datetime.now(UTC), concern_id=1,
                           data={"to_status": "acknowledged"})  # fmt: skip
    assert acknowledged.reply.ok
    deliver_due(sessions, channels=[channel], now=datetime.now(UTC))
    deadline = time.monotonic() + 10
    while not microsoft.updated and time.monotonic() < deadline:
        time.sleep(0.05)
    [update] = microsoft.updated
    assert CHANNEL in update["path"] and "acknowledged" in update["body"]["text"].lower()
