"""The school's REMINDER_* settings reach the actions as they reach the reminders: an EHC plan
recorded in chat uses the configured phase-transfer years and review period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from storage.database import make_engine, session_factory
from storage.models import Plan
from tests.catalogue import journey

RECORD_EHCP = ("record an EHCP for Ben", "1 March 2026", "Kent", "yes")


def run(*args: str, lines: tuple[str, ...] = ()) -> str:
    result = CliRunner().invoke(app, list(args), input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def school(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    for name in ("REMINDER_PHASE_TRANSFER_YEARS", "REMINDER_EHCP_REVIEW_MONTHS"):
        monkeypatch.delenv(name, raising=False)
    pupils, staff = journey.write_csvs(tmp_path)
    run("school", "create", "Brook Primary")
    run("import", "pupils", str(pupils))
    run("import", "staff", str(staff))
    return db_url


def ehcp_due(db_url: str) -> date | None:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        plan = session.scalars(select(Plan).where(Plan.kind == "ehcp")).one()
        due = plan.review_due_on
    engine.dispose()
    return due


def test_by_default_a_year_3_pupil_has_no_phase_transfer(school: str) -> None:
    said = run("chat", "--as", journey.SENDCO, lines=RECORD_EHCP)
    assert "EHC plan P-" in said and "Phase transfer" not in said
    assert ehcp_due(school) == date(2027, 2, 28)  # 12 months starting with 1 Mar 2026


def test_configured_transfer_years_and_review_period_are_used(
    school: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REMINDER_PHASE_TRANSFER_YEARS", "[3, 6, 11]")
    monkeypatch.setenv("REMINDER_EHCP_REVIEW_MONTHS", "6")
    said = run("chat", "--as", journey.SENDCO, lines=RECORD_EHCP)
    assert "Phase transfer: the plan must be amended by" in said
    assert ehcp_due(school) == date(2026, 8, 31)  # 6 months starting with 1 Mar 2026
