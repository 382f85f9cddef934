"""HTTP mode for hosted and multi-workspace installs: Bolt's OAuth flow, with slack_sdk's
SQLAlchemy installation and state stores on the bot's own database."""

from __future__ import annotations

import re
import urllib.request
from http.cookies import SimpleCookie

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.contract import BOT_SCOPES
from tests.slack import payloads
from tests.slack.conftest import STRANGER, serve, slack_settings
from tests.slack.fake_slack import INSTALLED_TEAM, INSTALLED_TOKEN, FakeSlack
from tests.worlds import World


def get(url: str, cookie: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=15) as answer:
        return answer.status, answer.read().decode(), answer.headers.get("Set-Cookie") or ""


def test_a_workspace_installs_the_app_and_its_token_is_used(
    db_url: str,
    sessions: sessionmaker[Session],
    engine: Engine,
    world: World,
    slack_api: FakeSlack,
) -> None:
    settings = slack_settings(
        db_url,
        slack_api,
        slack_bot_token=None,
        slack_client_id="1111.2222",
        slack_client_secret="client-secret",
    )
    with serve(settings, sessions, engine, slack_api) as bot:
        status, page, set_cookie = get(bot.slack.url + "/slack/install")
        assert status == 200 and "client_id=1111.2222" in page
        assert "scope=" + ",".join(BOT_SCOPES) in page
        cookie = SimpleCookie(set_cookie)
        state = cookie["slack-app-oauth-state"].value
        assert re.search(f"state={state}", page)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM slack_oauth_states")).scalar() == 1

        status, page, _ = get(
            f"{bot.slack.url}/slack/oauth_redirect?code=the-code&state={state}",
            cookie=f"slack-app-oauth-state={state}",
        )
        assert status == 200, page
        [exchange] = slack_api.calls_to("oauth.v2.access")
        assert exchange.args["code"] == "the-code"
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT team_id, bot_token FROM slack_bots")).all()
        assert [tuple(r) for r in rows] == [(INSTALLED_TEAM, INSTALLED_TOKEN)]

        refused = bot.slack.dm("hello", user=STRANGER, ts="1790003000.000100")
        assert "reinstall" in refused.body  # the test team never installed it; this one did:
        event = {"type": "message", "channel_type": "im", "channel": "D" + STRANGER,
                 "user": STRANGER, "text": "hello", "ts": "1790003001.000100"}  # fmt: skip
        payload = payloads.event_callback(event=event, event_id="EvOther", team_id=INSTALLED_TEAM)
        assert bot.slack.event(payload).status == 200
        said = slack_api.wait_for(
            "chat.postMessage", lambda c: c.args.get("channel") == "D" + STRANGER
        )
        assert said.token == INSTALLED_TOKEN and "I don't know you yet" in said.text()
        assert len(slack_api.calls_to("chat.postMessage")) == 1
        assert all(c.token == INSTALLED_TOKEN for c in slack_api.calls_to("users.info"))
