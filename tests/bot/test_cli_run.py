"""`sendco-bot run`, `demo` and `status` on a real database, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from bot.cli import app
from storage.models import Pupil, School

PLATFORM_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "CLIENT_ID")


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env, no sendco-bot.db left behind
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("COLUMNS", "120")  # tables wide enough that their cells do not wrap
    for name in PLATFORM_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def said(result: Result) -> str:
    """The output with line wrapping undone, whatever the terminal width."""
    return " ".join(result.output.split())


def counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        schools = session.scalar(select(func.count()).select_from(School)) or 0
        pupils = session.scalar(select(func.count()).select_from(Pupil)) or 0
    return schools, pupils


def test_run_on_an_empty_database_seeds_the_demo(engine: Engine) -> None:
    result = invoke("run")
    assert result.exit_code == 0, result.output
    assert "Oakfield Primary (demo)" in said(result)
    assert "was created" in said(result)
    assert "Pupils on roll" in said(result)
    assert "sendco@oakfield.example" in said(result)
    assert "sendco-bot import pupils FILE.csv" in said(result)
    schools, pupils = counts(engine)
    assert schools == 1 and pupils >= 190

    again = invoke("run")
    assert again.exit_code == 0, again.output
    assert "was created" not in said(again)
    assert counts(engine) == (schools, pupils)


def test_run_leaves_a_real_school_alone(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(School(name="Brook Lane Primary"))
        session.commit()
    result = invoke("run")
    assert result.exit_code == 0, result.output
    assert "Brook Lane Primary" in said(result)
    assert "Oakfield" not in said(result)
    assert counts(engine) == (1, 0)


def test_demo_twice_says_it_exists(engine: Engine) -> None:
    first = invoke("demo")
    assert first.exit_code == 0, first.output
    assert "Created the demo school" in said(first)
    assert "teacher.2c@oakfield.example" in said(first)
    second = invoke("demo")
    assert second.exit_code == 0, second.output
    assert "already exists" in said(second)
    assert "DATABASE_URL" in said(second)
    assert counts(engine)[0] == 1


def test_status_lists_every_school() -> None:
    empty = invoke("status")
    assert empty.exit_code == 0, empty.output
    assert "No school" in said(empty)
    invoke("demo")
    result = invoke("status")
    assert result.exit_code == 0, result.output
    assert "Oakfield Primary (demo)" in said(result)
    assert "Active interventions" in said(result)


# Slack starts for real: tests/slack/test_run_command.py; Teams: tests/teams/test_run.py.
