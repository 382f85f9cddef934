"""`sendco-bot run` with CLIENT_ID set serves Teams at /api/messages, and Slack's HTTP mode
beside it on the same host and port: a real process, signed and unsigned requests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from sqlalchemy import Engine

from tests.slack.conftest import SECRET, TRIAGE, Slack
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_run_command import PLATFORM_SETTINGS, free_port, wait_until_up
from tests.teams.conftest import APP_ID, activity
from tests.teams.loopback import IDENTITY_HEADER, Microsoft


def test_run_serves_teams_and_slack_side_by_side(
    db_url: str, engine: Engine, tmp_path: Path, microsoft: Microsoft
) -> None:
    slack_api = FakeSlack().start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in PLATFORM_SETTINGS}
    env.update(
        DATABASE_URL=db_url, CLIENT_ID=APP_ID, CLIENT_SECRET="",  # empty: managed identity
        IDENTITY_ENDPOINT=microsoft.identity_endpoint, IDENTITY_HEADER=IDENTITY_HEADER,
        TEAMS_OPENID_METADATA_URL=microsoft.openid_metadata_url,
        SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_BASE_URL=slack_api.api_url, SLACK_TRIAGE_CHANNEL=TRIAGE,
    )  # fmt: skip
    command = [sys.executable, "-m", "bot.cli", "run", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        body = activity(microsoft, "hello", 1)
        unsigned = httpx.post(f"{url}/api/messages", json=body, timeout=30)
        assert unsigned.status_code == 401
        signed = httpx.post(
            f"{url}/api/messages", json=body, timeout=30,
            headers={"Authorization": f"Bearer {microsoft.token(APP_ID)}"},
        )  # fmt: skip
        assert signed.status_code == 200
        [told] = microsoft.wait_for_posts(1)  # the fixture's sender is not on the staff list
        assert "I don't know you yet" in told["body"]["text"]

        challenge = {"token": "t", "challenge": "prove-it", "type": "url_verification"}
        answered = Slack(url, slack_api).post(json.dumps(challenge), "application/json")
        assert answered.status == 200 and "prove-it" in answered.body
    finally:
        process.terminate()
        output = process.communicate(timeout=15)[0].decode()
        slack_api.stop()
    assert f"Microsoft Teams: listening on http://127.0.0.1:{port}/api/messages" in output
