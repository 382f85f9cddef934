"""Teams end to end, over real HTTP on loopback: a signed Bot Framework request to the bot's
/api/messages (the FastAPI app `run --http` serves), the same conversation as the terminal, and
the reply posted back to the connector with a token from the managed identity endpoint.
Unsigned or wrongly signed requests are refused."""

from __future__ import annotations

import json
import time

from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Concern
from tests.teams.conftest import APP_ID, activity, post
from tests.teams.loopback import Microsoft
from tests.worlds import World


def test_a_teacher_raises_a_concern_in_teams(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    said = post(bot_url, activity(microsoft, "worried about Maya, she can't follow two-step "
                                  "instructions", 1), microsoft.token(APP_ID))  # fmt: skip
    assert said.status_code == 200, said.text
    [summary] = microsoft.wait_for_posts(1)
    assert summary["auth"] == f"Bearer {microsoft.bot_token}"  # from the managed identity
    assert microsoft.token_requests  # …asked for at the IDENTITY_ENDPOINT
    assert "/v3/conversations/" in summary["path"]
    card = summary["body"]["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["body"][0]["text"] == "Log this concern?"
    assert "Maya Patel (2C)" in json.dumps(card["content"])

    assert post(bot_url, activity(microsoft, "yes", 2), microsoft.token(APP_ID)).status_code == 200
    saved = microsoft.wait_for_posts(2)[1]
    assert "Thank you: concern C-00001" in saved["body"]["text"]
    with sessions() as session:
        [concern] = session.scalars(select(Concern)).all()
        assert concern.raised_by_id == world.actor("teacher_2c").staff_id
        assert "two-step" in concern.observed


def test_requests_without_a_valid_bot_framework_token_are_refused(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session]
) -> None:
    body = activity(microsoft, "worried about Maya, she can't follow instructions", 3)
    stranger = rsa.generate_private_key(65537, 2048)
    refused = {
        "no token": None,
        "wrong signature": microsoft.token(APP_ID, key=stranger),
        "wrong audience": microsoft.token(APP_ID, audience="someone-else"),
        "expired": microsoft.token(APP_ID, expires_in=-3600),
        "unknown key": microsoft.token(APP_ID, key=stranger, kid="not-published"),
    }
    for why, token in refused.items():
        assert post(bot_url, body, token).status_code == 401, why
    time.sleep(0.3)
    assert microsoft.posted == []
    with sessions() as session:
        assert session.scalars(select(Concern)).all() == []


def test_someone_not_on_the_staff_list_is_told_how_to_be_added(
    bot_url: str, microsoft: Microsoft
) -> None:
    body = activity(microsoft, "hello", 4)
    body["from"]["aadObjectId"] = "00000000-1111-2222-3333-444444444444"
    assert post(bot_url, body, microsoft.token(APP_ID)).status_code == 200
    [told] = microsoft.wait_for_posts(1)
    assert "I don't know you yet" in told["body"]["text"]


def test_a_message_teams_delivers_twice_is_answered_once(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    token = microsoft.token(APP_ID)
    said = activity(microsoft, "worried about Maya, she can't follow two-step instructions", 7)
    assert post(bot_url, said, token).status_code == 200
    assert post(bot_url, said, token).status_code == 200  # Teams retried: same activity id
    assert post(bot_url, activity(microsoft, "yes", 8), token).status_code == 200
    microsoft.wait_for_posts(2)
    time.sleep(0.3)
    assert len(microsoft.posted) == 2  # one summary, one "thank you": the retry said nothing
    with sessions() as session:
        assert len(session.scalars(select(Concern)).all()) == 1
