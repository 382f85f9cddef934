"""The real Slack app, served over HTTP as `sendco-bot run --http` serves it, talking to a
loopback Slack Web API; requests are signed with the signing secret exactly as Slack does.

Given the test world (tests/worlds.py), staff are known to Slack as:
- the SENDCO (U0SENDCO) and the 2C teacher (U0TEACH2C): linked by Slack id already;
- the TA (U0TA): not linked; Slack reports the email the staff list has for them;
- a stranger (U0STRANGER): Slack reports an email nobody on the staff list has.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
import uvicorn
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.slack.app import SlackApp, build_slack
from bot.web import build_web_app
from storage.codes import Platform
from storage.models import PlatformIdentity
from tests.slack import payloads
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World

SECRET = "test-signing-secret"
TRIAGE = "G0TRIAGE"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday in term
SENDCO, TEACHER, TA, STRANGER = "U0SENDCO", "U0TEACH2C", "U0TA", "U0STRANGER"


@dataclass
class Response:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class Slack:
    """Plays Slack's side of the HTTP requests: signed posts to /slack/events."""

    def __init__(self, url: str, fake: FakeSlack) -> None:
        self.url = url
        self.fake = fake

    def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        secret: str = SECRET,
        path: str = "/slack/events",
    ) -> Response:
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
        assert signature is not None
        request = urllib.request.Request(
            self.url + path,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": signature,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:
                return Response(answer.status, answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode())

    def command(self, command: str, text: str, *, user: str, channel: str = "C0STAFF") -> Response:
        body = payloads.slash_command(
            command=command,
            text=text,
            user_id=user,
            team_id=TEAM_ID,
            channel_id=channel,
            response_url=self.fake.hook_url(f"commands/{user}"),
        )
        return self.post(body, "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> Response:
        return self.post(payload_body(payload), "application/x-www-form-urlencoded")

    def event(self, payload: dict[str, Any], *, retry: int | None = None) -> Response:
        headers = {}
        if retry is not None:
            headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "timeout"}
        return self.post(json.dumps(payload), "application/json", headers=headers)

    def press(self, action_id: str, value: str, *, user: str, channel: str, ts: str) -> Response:
        return self.interaction(
            payloads.block_actions(
                user_id=user,
                team_id=TEAM_ID,
                action_id=action_id,
                value=value,
                channel_id=channel,
                message_ts=ts,
                response_url=self.fake.hook_url(f"actions/{user}"),
            )
        )

    def submit(self, view: dict[str, Any], values: dict[str, Any], *, user: str) -> Response:
        return self.interaction(
            payloads.view_submission(view, values=values, user_id=user, team_id=TEAM_ID)
        )

    def dm(self, text: str, *, user: str, ts: str, thread_ts: str | None = None) -> Response:
        event: dict[str, Any] = {
            "type": "message",
            "channel_type": "im",
            "channel": f"D{user}",
            "user": user,
            "text": text,
            "ts": ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(payloads.event_callback(event=event, event_id=f"Ev{ts}", team_id=TEAM_ID))


T = TypeVar("T")


def eventually(probe: Callable[[], T | None], *, timeout: float = 10.0) -> T:
    """What `probe` returns once it returns something: the bot's listeners finish their work
    after Slack's request is acknowledged, on other threads."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing from {probe} within {timeout} s")
        time.sleep(0.02)


def payload_body(payload: dict[str, Any]) -> str:
    return payloads.form_payload(payload)


@pytest.fixture
def slack_api() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def slack_world(world: World, sessions: sessionmaker[Session], slack_api: FakeSlack) -> World:
    with sessions.begin() as session:
        for name, user in (("sendco", SENDCO), ("teacher_2c", TEACHER)):
            session.add(
                PlatformIdentity(
                    staff_id=world.actor(name).staff_id,
                    platform=Platform.SLACK.value,
                    workspace_id=TEAM_ID,
                    external_id=user,
                )
            )
    slack_api.emails[TA] = world.actor("ta").email
    slack_api.emails[STRANGER] = "stranger@elsewhere.example"
    return world


def slack_settings(db_url: str, fake: FakeSlack, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "slack_bot_token": "xoxb-test",
        "slack_signing_secret": SECRET,
        "slack_api_base_url": fake.api_url,
        "slack_triage_channel": TRIAGE,
        **changes,
    }
    return Settings(_env_file=None, **values)


@dataclass
class Bot:
    slack: Slack
    app: SlackApp


@contextmanager
def serve(
    settings: Settings, sessions: sessionmaker[Session], engine: Engine, fake: FakeSlack
) -> Iterator[Bot]:
    """The FastAPI app (what `run --http` serves) on a free port, until the block ends."""
    executor = ThreadPoolExecutor(max_workers=8)
    slack = build_slack(
        settings, sessions=sessions, engine=engine, clock=lambda: NOW, listener_executor=executor
    )
    config = uvicorn.Config(
        build_web_app(slack=slack.app), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the bot's web server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Bot(slack=Slack(f"http://127.0.0.1:{port}", fake), app=slack)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        executor.shutdown(wait=True)
        slack.deps.work.shutdown(wait=True)


@pytest.fixture
def bot(
    db_url: str,
    sessions: sessionmaker[Session],
    engine: Engine,
    slack_world: World,
    slack_api: FakeSlack,
) -> Iterator[Bot]:
    with serve(slack_settings(db_url, slack_api), sessions, engine, slack_api) as running:
        yield running
