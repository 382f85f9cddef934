"""`sendco-bot export` for the records-out kinds: impact with its chart, the governors'
summary, and one pupil's chronology, transfer pack and subject access copy."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from storage.models import AuditEvent
from tests.worlds import World, world_upn

runner = CliRunner()
A = ["--school", "School A"]


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)


def test_impact_with_its_chart(world: World, tmp_path: Path) -> None:
    chart = tmp_path / "plus-one.png"
    result = runner.invoke(
        app,
        [
            "export",
            "impact",
            "--format",
            "json",
            "--group",
            "Plus One",
            "--chart",
            str(chart),
            "--reason",
            "termly review",
            *A,
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["upn"] for r in rows} == {world_upn(2), world_upn(4)}
    assert set(rows[0]) >= {
        "upn",
        "group",
        "entry_score",
        "exit_score",
        "entry_on",
        "exit_on",
        "ratio_gain",
        "band",
        "sessions_attended",
        "sessions_planned",
        "cost",
    }
    assert Image.open(chart).format == "PNG"
    assert f"Wrote the impact chart to {chart}" in result.stderr


def test_the_summary_as_a_workbook_needs_no_reason(world: World, tmp_path: Path) -> None:
    out = tmp_path / "governors.xlsx"
    result = runner.invoke(app, ["export", "summary", "--format", "xlsx", "--out", str(out), *A])
    assert result.exit_code == 0, result.output
    assert "rows in 7 tables" in result.stderr
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["sen_status", "primary_need"]


@pytest.mark.parametrize("kind", ["chronology", "transfer", "sar"])
def test_one_pupils_files(
    world: World, sessions: sessionmaker[Session], tmp_path: Path, kind: str
) -> None:
    result = runner.invoke(app, ["export", kind, "--pupil", world_upn(2), "--format", "json",
                                 "--to", "Oakfield Primary", *A])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert world_upn(2) in result.stdout
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == f"export:{kind}")
        ).one()
    assert event.entity_id == world.pupils["ravi"]
    implied = {"sar": "subject access request", "transfer": "transfer to the next school"}
    assert event.detail["reason"] == implied.get(kind, "not given")
    assert event.detail["via"] == "command line (default: the SENDCO)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "sar"], "Say which pupil: sendco-bot export sar --pupil UPN."),
        (["export", "register", "--chart", "x.png"], "--chart goes with the impact export only."),
        (["export", "chronology", "--pupil", "A999999999999"], "No pupil A999999999999"),
        (["export", "transfer", "--pupil", world_upn(2), "--as", "teacher_2c@school-a.example"],
         "can't send transfer packs"),
    ],
)  # fmt: skip
def test_wrong_or_refused_exports_say_why(world: World, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, *A])
    assert result.exit_code in (1, 2) and message in result.stderr, result.output
