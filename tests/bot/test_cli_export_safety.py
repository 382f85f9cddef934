"""Exports are safe to open and honest in the audit trail: text typed as a formula stays text
in CSV and xlsx, a concerns workbook is written (times in school time), and an export that
could not be written is not audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from handlers.concerns import log_concern
from handlers.exports.table import defuse
from handlers.unit_of_work import perform
from storage.models import AuditEvent
from tests.worlds import World

runner = CliRunner()
SENDCO = "sendco@school-a.example"
EVIL = ['=HYPERLINK("http://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1)"]


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)


def concerns_typed_as_formulas(sessions: sessionmaker[Session], world: World) -> None:
    for text in EVIL:
        outcome = perform(
            sessions, log_concern, actor=world.actor("teacher_2c"),
            now=datetime(2026, 11, 23, 23, 30, tzinfo=UTC),
            data={"pupils": [world.pupils["maya"]], "observed": text + " in class",
                  "areas": ["sensory_and_physical"], "urgency": "low"},
        )  # fmt: skip
        assert outcome.ok, outcome.reply.text()


def exports(sessions: sessionmaker[Session]) -> list[dict[str, object]]:
    with sessions() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == "export"))
        return [event.detail for event in rows]


def test_a_formula_in_a_concern_is_text_in_the_csv(
    world: World, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    concerns_typed_as_formulas(sessions, world)
    out = tmp_path / "concerns.csv"
    result = runner.invoke(app, ["export", "concerns", "--as", SENDCO, "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    observed = [r["observed"] for r in rows]
    assert sorted(observed) == sorted("'" + text + " in class" for text in EVIL)
    assert exports(sessions)[0]["via"] == "command line (--as)"


def test_concerns_as_a_workbook_hold_text_never_formulas_and_local_times(
    world: World, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    concerns_typed_as_formulas(sessions, world)
    out = tmp_path / "concerns.xlsx"
    result = runner.invoke(
        app, ["export", "concerns", "--as", SENDCO, "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    observed = [row[header.index("observed")] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in observed)
    assert sorted(str(cell.value) for cell in observed) == sorted(t + " in class" for t in EVIL)
    raised = [row[header.index("raised_at")].value for row in sheet.iter_rows(min_row=2)]
    assert raised[0] == datetime(2026, 11, 23, 23, 30)  # GMT in November: school time
    assert len(exports(sessions)) == 1


def test_an_export_that_cannot_be_written_is_not_audited(
    world: World, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    out = tmp_path / "register.csv"
    (tmp_path / ".register.csv.partial").mkdir()  # the file cannot be created
    result = runner.invoke(app, ["export", "register", "--as", SENDCO, "--out", str(out)])
    assert result.exit_code != 0
    assert not out.exists()
    assert exports(sessions) == []


@pytest.mark.parametrize("text", [*EVIL, "\tcmd", "\rcmd"])
def test_every_formula_start_owasp_lists_is_defused(text: str) -> None:
    assert defuse(text) == "'" + text
    assert defuse("Finds " + text) == "Finds " + text  # only a leading one is dangerous
