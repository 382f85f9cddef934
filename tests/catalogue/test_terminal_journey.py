"""The set-up journey (tests/catalogue/journey.py) in the terminal: `sendco-bot import` and
`sendco-bot chat`, exactly as a school runs them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from handlers.clock import school_today
from storage.database import make_engine, session_factory
from tests.catalogue import journey


@pytest.fixture
def empty_db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    return db_url


def run(*args: str, lines: tuple[str, ...] = ()) -> str:
    result = CliRunner().invoke(app, list(args), input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def test_a_real_school_sets_up_and_runs_send_from_the_terminal(
    empty_db: str, tmp_path: Path
) -> None:
    pupils, staff = journey.write_csvs(tmp_path)
    created = run("school", "create", "Hillside Primary")
    assert "Created the school 'Hillside Primary'" in created
    run("import", "pupils", str(pupils))
    run("import", "staff", str(staff))

    setup = run("chat", "--as", journey.SENDCO, lines=journey.SENDCO_SETUP)
    assert setup.count("Intervention group created") == 2, setup
    assert "Lead: Tia Assistant" in setup
    assert setup.count("Added to") == 2, setup
    assert "EHC plan P-" in setup and "SEN support plan P-" in setup
    sessions = run("chat", "--as", journey.TA, lines=journey.TA_SESSIONS)
    assert sessions.count("Session logged") == 2, sessions
    concern = run("chat", "--as", journey.TEACHER, lines=journey.TEACHER_CONCERN)
    assert "C-00001" in concern
    triage = run("chat", "--as", journey.SENDCO, lines=journey.SENDCO_TRIAGE)
    assert "C-00001" in triage and "acknowledged" in triage.lower()
    head = run("chat", "--as", journey.HEAD, lines=journey.HEAD_QUESTION)
    assert "1 pupil on SEN support and 1 with an EHC plan" in head, head

    engine = make_engine(empty_db)
    with session_factory(engine)() as session:
        journey.check_records(session, school_today(datetime.now(UTC)))
    engine.dispose()
