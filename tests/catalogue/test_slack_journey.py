"""The set-up journey (tests/catalogue/journey.py) in Slack, from an empty database: staff and
pupils imported with the CLI, then every step said in direct messages to the real Bolt app
(signed HTTP requests, a loopback Slack Web API), each reply awaited in its thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from tests.catalogue import journey
from tests.slack.conftest import NOW, Bot, serve, slack_settings
from tests.slack.fake_slack import FakeSlack

USERS = {journey.SENDCO: "U1SENDCO", journey.HEAD: "U1HEAD", journey.TA: "U1TA",
         journey.TEACHER: "U1TEACHER"}  # fmt: skip


def say(bot: Bot, slack_api: FakeSlack, email: str, lines: tuple[str, ...], start: int) -> str:
    """Each line as a DM; returns every reply, in order."""
    user = USERS[email]
    replies = []
    for n, line in enumerate(lines, start):
        ts = f"1790000000.{n:06d}"
        assert bot.slack.dm(line, user=user, ts=ts).status == 200
        reply = slack_api.wait_for(
            "chat.postMessage", lambda c, ts=ts: c.args.get("thread_ts") == ts
        )
        replies.append(str(reply.args.get("text", "")))
    return "\n".join(replies)


def test_a_real_school_sets_up_and_runs_send_in_slack(
    db_url: str, engine: Engine, sessions: sessionmaker[Session], slack_api: FakeSlack,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    for row in journey.STAFF:
        row["slack_user_id"] = USERS[row["email"]]
        slack_api.emails[USERS[row["email"]]] = row["email"]
    pupils, staff = journey.write_csvs(tmp_path)
    assert CliRunner().invoke(app, ["school", "create", "Hillside Primary"]).exit_code == 0
    for kind, path in (("pupils", pupils), ("staff", staff)):
        result = CliRunner().invoke(app, ["import", kind, str(path)])
        assert result.exit_code == 0, result.output

    with serve(slack_settings(db_url, slack_api), sessions, engine, slack_api) as bot:
        setup = say(bot, slack_api, journey.SENDCO, journey.SENDCO_SETUP, 0)
        assert setup.count("Intervention group created") == 2, setup
        sessions_said = say(bot, slack_api, journey.TA, journey.TA_SESSIONS, 100)
        assert sessions_said.count("Session logged") == 2, sessions_said
        concern = say(bot, slack_api, journey.TEACHER, journey.TEACHER_CONCERN, 200)
        assert "C-00001" in concern
        triage = say(bot, slack_api, journey.SENDCO, journey.SENDCO_TRIAGE, 300)
        assert "acknowledged" in triage.lower()
        head = say(bot, slack_api, journey.HEAD, journey.HEAD_QUESTION, 400)
        assert "1 pupil on SEN support and 1 with an EHC plan" in head, head

    with sessions() as session:
        journey.check_records(session, NOW.date())
