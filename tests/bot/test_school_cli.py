"""`sendco-bot school create|list`: a school is only ever added on purpose, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.cli import app
from storage.models import AuditEvent, School

runner = CliRunner()


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("SCHOOL_NAME", raising=False)


def test_create_then_list(engine: Engine) -> None:
    empty = runner.invoke(app, ["school", "list"])
    assert empty.exit_code == 0 and "No schools yet" in empty.output

    created = runner.invoke(app, ["school", "create", "  Hillside   Primary "])
    assert created.exit_code == 0, created.output
    assert "Created the school 'Hillside Primary'" in created.output
    assert 'sendco-bot import pupils pupils.csv --school "Hillside Primary"' in created.output
    assert 'Set SCHOOL_NAME="Hillside Primary"' in created.output

    listed = runner.invoke(app, ["school", "list"])
    assert listed.output.splitlines() == ["Hillside Primary"]
    with Session(engine) as session:
        [school] = session.scalars(select(School)).all()
        assert school.timezone == "Europe/London"
        [event] = session.scalars(select(AuditEvent)).all()
        assert (event.entity, event.entity_id, event.action) == ("school", school.id, "create")


def test_the_same_name_twice_is_refused(engine: Engine) -> None:
    assert runner.invoke(app, ["school", "create", "Hillside Primary"]).exit_code == 0
    again = runner.invoke(app, ["school", "create", "HILLSIDE primary"])
    assert again.exit_code == 2
    assert "There is already a school called 'Hillside Primary'." in again.output
    blank = runner.invoke(app, ["school", "create", "   "])
    assert blank.exit_code == 2 and "Give the school's name" in blank.output
    with Session(engine) as session:
        assert session.scalars(select(School.name)).all() == ["Hillside Primary"]
