"""`sendco-bot calendar import FILE`: term dates in, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.cli import app
from storage.models import CalendarPeriod, School
from tests.handlers.reminders.builders import TERM_DATES_CSV


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("SCHOOL_NAME", raising=False)
    assert CliRunner().invoke(app, ["school", "create", "Our School"]).exit_code == 0


def count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(CalendarPeriod)) or 0


def test_importing_term_dates(tmp_path: Path, engine: Engine) -> None:
    file = tmp_path / "terms.csv"
    file.write_text(TERM_DATES_CSV, encoding="utf-8")
    result = CliRunner().invoke(app, ["calendar", "import", str(file)])
    assert result.exit_code == 0, result.output
    assert "Imported the school calendar for 2025-26, 2026-27: 6 terms" in result.output
    assert count(engine) == 16


def test_a_bad_file_imports_nothing(tmp_path: Path, engine: Engine) -> None:
    file = tmp_path / "terms.csv"
    file.write_text("kind,name,starts_on,ends_on\nterm,Autumn,2026-09-01,2025-12-18\n")
    result = CliRunner().invoke(app, ["calendar", "import", str(file)])
    assert result.exit_code == 1
    assert "line 2, ends_on: is before starts_on" in result.output
    assert count(engine) == 0
    missing = CliRunner().invoke(app, ["calendar", "import", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_an_unknown_school_is_refused_not_created(tmp_path: Path, engine: Engine) -> None:
    file = tmp_path / "terms.csv"
    file.write_text(TERM_DATES_CSV, encoding="utf-8")
    result = CliRunner().invoke(app, ["calendar", "import", str(file), "--school", "Our Skool"])
    assert result.exit_code == 2
    assert "There is no school called 'Our Skool'. The schools here are: 'Our School'." in (
        result.output
    )
    with Session(engine) as session:
        assert session.scalars(select(School.name)).all() == ["Our School"]
    assert count(engine) == 0
