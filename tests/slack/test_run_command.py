"""`sendco-bot run`: HTTP mode serves /slack/events (a real process, signed requests); Socket
Mode is wired to the app-level token and the same Web API client."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from bot.slack.app import build_slack
from bot.slack.serve import socket_mode_handler
from tests.slack.conftest import SECRET, TRIAGE, Slack, slack_settings
from tests.slack.fake_slack import FakeSlack

PLATFORM_SETTINGS = (
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET", "CLIENT_ID", "SLACK_API_BASE_URL", "SLACK_TRIAGE_CHANNEL",
)  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"sendco-bot run exited: {output}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("sendco-bot run --http did not start listening")


def test_run_http_serves_slack_events(db_url: str, engine: Engine, tmp_path: Path) -> None:
    fake = FakeSlack().start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in PLATFORM_SETTINGS}
    env.update(
        DATABASE_URL=db_url,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_BASE_URL=fake.api_url,
        SLACK_TRIAGE_CHANNEL=TRIAGE,
    )
    command = [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        slack = Slack(url, fake)
        challenge = {"token": "t", "challenge": "prove-it", "type": "url_verification"}
        answered = slack.post(json.dumps(challenge), "application/json")
        assert answered.status == 200 and "prove-it" in answered.body
        forged = slack.post(json.dumps(challenge), "application/json", secret="wrong")
        assert forged.status == 401
        assert fake.calls_to("auth.test")  # the bot token was checked, against the loopback
    finally:
        process.terminate()
        process.wait(timeout=15)
        fake.stop()


def test_socket_mode_uses_the_app_token_and_the_apps_client(
    db_url: str, sessions: sessionmaker[Session], engine: Engine, slack_api: FakeSlack
) -> None:
    slack = build_slack(
        slack_settings(db_url, slack_api, slack_app_token="xapp-1"),
        sessions=sessions,
        engine=engine,
    )
    handler = socket_mode_handler(slack, "xapp-1")
    assert handler.app_token == "xapp-1"
    assert handler.client.web_client is slack.app.client
    assert handler.client.web_client.base_url == slack_api.api_url
    assert len(handler.client.web_client.retry_handlers) == 3


@pytest.fixture
def no_platforms(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    for name in PLATFORM_SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_platforms")
def test_run_http_without_slack_says_what_is_missing() -> None:
    result = CliRunner().invoke(app, ["run", "--http", "--port", "3999"])
    assert result.exit_code == 2
    assert "SLACK_SIGNING_SECRET" in " ".join(result.output.split())


@pytest.mark.usefixtures("no_platforms")
def test_http_mode_needs_the_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test")
    result = CliRunner().invoke(app, ["run", "--http"])
    assert result.exit_code == 2
    assert "needs SLACK_SIGNING_SECRET" in " ".join(result.output.split())
