"""The provision map, the xlsx workbook, and an export run on the server without --as."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from storage.models import (
    AuditEvent,
    InterventionMember,
    InterventionSession,
    Pupil,
    SessionAttendance,
)
from tests.worlds import World

runner = CliRunner()


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)


@pytest.fixture
def plus_one_history(world: World, sessions: sessionmaker[Session]) -> None:
    """Ravi and Noah in Plus One: entry 80 and 90, two sessions, Noah absent from one."""
    with sessions.begin() as session:
        for member in session.scalars(
            select(InterventionMember).where(
                InterventionMember.intervention_id == world.interventions["plus_one"]
            )
        ):
            start = Decimal(80) if member.pupil_id == world.pupils["ravi"] else Decimal(90)
            member.entry_score, member.entry_on = start, date(2026, 9, 7)
            member.exit_score, member.exit_on = start + 9, date(2026, 11, 20)
        for day, noah_there in ((date(2026, 11, 2), True), (date(2026, 11, 4), False)):
            session.add(
                InterventionSession(
                    intervention_id=world.interventions["plus_one"],
                    held_on=day,
                    duration_minutes=20,
                    attendance=[
                        SessionAttendance(pupil_id=world.pupils["ravi"], present=True),
                        SessionAttendance(
                            pupil_id=world.pupils["noah"],
                            present=noah_there,
                            absence_reason="" if noah_there else "unwell",
                        ),
                    ],
                )
            )


def test_the_provision_map_puts_attendance_cost_and_impact_side_by_side(
    world: World, sessions: sessionmaker[Session], plus_one_history: None
) -> None:
    result = runner.invoke(
        app, ["export", "provision-map", "--as", "sendco@school-a.example", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = {r["upn"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    with sessions() as session:
        ravi = session.get_one(Pupil, world.pupils["ravi"]).upn
        noah = session.get_one(Pupil, world.pupils["noah"]).upn
        zara = session.get_one(Pupil, world.pupils["zara"]).upn
    assert set(rows) == {ravi, noah}  # school B's group is not in school A's map
    assert rows[ravi]["sessions_held"] == "2"
    assert rows[ravi]["cost_total"] == "9.0"  # 2 sessions at £4.50
    assert rows[ravi]["cost_per_pupil"] == "4.5"
    assert rows[ravi]["sessions_attended"] == "2" and rows[noah]["sessions_attended"] == "1"
    assert rows[noah]["attendance_rate"] == "0.5"
    assert rows[ravi]["score_change"] == "9.0"
    assert rows[ravi]["effect_size"] == "0.6"  # 9 / 15
    assert rows[ravi]["effect_band"] == "medium"
    assert zara not in rows
    # Two sessions are too few to judge (the default minimum is 6): marked, not counted.
    assert rows[ravi]["counts_for_impact"] == "no"
    assert rows[ravi]["impact"] == "too few sessions to judge (2 attended; 6 needed)"
    assert (rows[ravi]["sen_status"], rows[ravi]["primary_need"]) == ("K", "SPLD")
    assert rows[ravi]["source"] == "intervention"


def test_the_minimum_sessions_for_impact_is_a_setting(
    world: World, plus_one_history: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPACT_MIN_SESSIONS", "2")
    result = runner.invoke(
        app, ["export", "provision-map", "--as", "sendco@school-a.example", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    counted = {r["sessions_attended"]: r["counts_for_impact"] for r in json.loads(result.stdout)}
    assert counted == {2: "yes", 1: "no"}


def test_the_provision_map_lists_the_provision_written_into_ehc_plans(
    world: World, sessions: sessionmaker[Session]
) -> None:
    from datetime import date

    from storage.models import Plan, PlanTarget

    with sessions.begin() as session:
        noah = session.get_one(Pupil, world.pupils["noah"])
        session.add(
            Plan(
                school_id=noah.school_id, pupil_id=noah.id, kind="ehcp",
                started_on=date(2025, 11, 20),
                targets=[PlanTarget(outcome="Joins in at lunchtime",
                                    provision="Lunch club with a TA, 4 x 30 min a week")],
            )
        )  # fmt: skip
        upn = noah.upn
    result = runner.invoke(
        app, ["export", "provision-map", "--as", "sendco@school-a.example", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    [row] = [r for r in json.loads(result.stdout) if r["source"] == "ehcp"]
    assert (row["upn"], row["intervention"], row["programme"]) == (
        upn,
        "Lunch club with a TA, 4 x 30 min a week",
        "Joins in at lunchtime",
    )
    assert (row["sen_status"], row["primary_need"]) == ("E", "ASD")


def test_any_export_can_be_a_workbook(world: World, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    result = runner.invoke(
        app, ["export", "register", "--as", "sendco@school-a.example", "--format", "xlsx",
              "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["upn", "first_name", "last_name"]
    assert sheet.max_row == 1 + 3  # Ravi, Amira (K) and Noah (E)


def test_without_as_the_export_is_made_and_audited_as_the_schools_sendco(
    world: World, sessions: sessionmaker[Session]
) -> None:
    result = runner.invoke(app, ["export", "register", "--school", "School A"])
    assert result.exit_code == 0, result.output
    assert "Acting as sendco@school-a.example" in result.stderr
    with sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.actor_id == world.actor("sendco").staff_id


def test_without_as_or_school_in_a_trust_the_command_asks_which_school(world: World) -> None:
    result = runner.invoke(app, ["export", "register"])
    assert result.exit_code == 2
    assert "--school" in result.stderr
