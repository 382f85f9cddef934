"""`sendco-bot export KIND --as EMAIL [--format csv|json|xlsx] [--out FILE]` as a SENDCO runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.commands import export
from storage.models import AuditEvent, Pupil, Staff
from tests.worlds import World

runner = CliRunner()

# The command as bot/cli.py registers it: `app.command(name="export")(export.export)`.
app = typer.Typer()
app.command(name="export")(export.export)


@app.callback()
def main() -> None:
    """Several commands, as in the real CLI: `export` is a subcommand."""


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    monkeypatch.setenv("DATABASE_URL", db_url)


def audit(sessions: sessionmaker[Session]) -> list[tuple[str, str, int | None]]:
    with sessions() as session:
        return [
            (e.action, e.entity, e.actor_id)
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_the_sendco_writes_the_register_to_a_csv_file(
    world: World, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    out = tmp_path / "register.csv"
    result = runner.invoke(
        app, ["export", "register", "--as", "SENDCO@school-a.example", "--out", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"Wrote 3 register rows to {out}"
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    with sessions() as session:
        expected = {
            session.get_one(Pupil, world.pupils[name]).upn: code
            for name, code in (("ravi", "K"), ("amira", "K"), ("noah", "E"))
        }
    assert {r["upn"]: r["sen_status"] for r in rows} == expected
    assert {r["primary_need"] for r in rows} == {"SPLD", "SLCN", "ASD"}
    assert audit(sessions) == [("export", "export:register", world.actor("sendco").staff_id)]


def test_the_head_prints_sessions_as_json(world: World, sessions: sessionmaker[Session]) -> None:
    result = runner.invoke(
        app, ["export", "sessions", "--format", "json", "--as", "head@school-a.example"]
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert audit(sessions) == [("export", "export:sessions", world.actor("head").staff_id)]


def test_a_teacher_is_refused_and_the_refusal_is_on_record(
    world: World, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    out = tmp_path / "concerns.csv"
    result = runner.invoke(
        app, ["export", "concerns", "--as", "teacher_2c@school-a.example", "--out", str(out)]
    )

    assert result.exit_code == 1
    assert "You can't export records" in result.stderr
    assert not out.exists()
    assert audit(sessions) == [("deny", "run_export", world.actor("teacher_2c").staff_id)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pupils", "--as", "sendco@school-a.example"], "Unknown export 'pupils'"),
        (
            ["register", "--format", "pdf", "--as", "sendco@school-a.example"],
            "Unknown format 'pdf': choose one of csv, json",
        ),
        (
            ["register", "--as", "nobody@school-a.example"],
            "No active member of staff has the email nobody@school-a.example",
        ),
        (
            ["register", "--as", "sendco@school-a.example", "--school", "School Z"],
            "No school is called 'School Z'",
        ),
        (
            ["register", "--as", "sendco@school-a.example", "--school", "School B"],
            "No active member of staff has the email sendco@school-a.example at School B",
        ),
        (
            ["register", "--as", "sendco@school-a.example", "--out", "missing/dir/file.csv"],
            "does not exist",
        ),
    ],
)
def test_a_wrong_command_says_what_is_wrong_and_exits_2(
    args: list[str], message: str, world: World, sessions: sessionmaker[Session]
) -> None:
    result = runner.invoke(app, ["export", *args])

    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert audit(sessions) == []


def test_without_as_in_a_database_of_two_schools_the_school_must_be_named(world: World) -> None:
    result = runner.invoke(app, ["export", "register"])
    assert result.exit_code == 2
    assert "--school" in result.output


def test_an_email_on_two_schools_staff_needs_the_school(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.add(
            Staff(
                school_id=world.school_ids["b"],
                email="sendco@school-a.example",
                display_name="Visiting SENDCO",
            )
        )

    ambiguous = runner.invoke(app, ["export", "register", "--as", "sendco@school-a.example"])
    assert ambiguous.exit_code == 2
    assert "more than one school" in ambiguous.stderr

    chosen = runner.invoke(
        app, ["export", "register", "--as", "sendco@school-a.example", "--school", "School A"]
    )
    assert chosen.exit_code == 0, chosen.output
    assert len(list(csv.DictReader(io.StringIO(chosen.stdout)))) == 3
