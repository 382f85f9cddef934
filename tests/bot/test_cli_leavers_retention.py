"""`pupils leave` and `retention purge` on the command line, and the nightly purge job."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from bot.runtime import Runtime
from bot.scheduler import RETENTION_JOB, add_retention_job
from bot.settings import Settings
from storage.models import AuditEvent, Pupil
from tests.worlds import World

runner = CliRunner()
LONDON = ZoneInfo("Europe/London")
A = ("--school", "School A")


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)


def upn_of(sessions: sessionmaker[Session], pupil_id: int) -> str:
    with sessions() as session:
        return session.get_one(Pupil, pupil_id).upn


def born_long_ago(sessions: sessionmaker[Session], pupil_id: int) -> None:
    with sessions.begin() as session:
        session.get_one(Pupil, pupil_id).date_of_birth = date(1990, 3, 1)


def test_pupils_leave_closes_the_record(world: World, sessions: sessionmaker[Session]) -> None:
    upn = upn_of(sessions, world.pupils["ravi"])
    result = runner.invoke(
        app, ["pupils", "leave", upn, "--on", "2026-11-13", "--to", "Oakfield Primary", *A]
    )
    assert result.exit_code == 0, result.output
    assert "Recorded: Ravi Shah left" in result.stdout and "Oakfield Primary" in result.stdout
    assert "Acting as sendco@school-a.example" in result.stderr
    again = runner.invoke(app, ["pupils", "leave", upn, "--on", "2026-11-14", *A])
    assert again.exit_code == 1 and "already recorded as leaving" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "13/11/2026"], "is not a date"),
        (["--on", "2026-11-13", "--as", "teacher_2c@school-a.example"], "can't record pupils"),
    ],
)
def test_pupils_leave_says_what_was_wrong(
    world: World, sessions: sessionmaker[Session], args: list[str], message: str
) -> None:
    upn = upn_of(sessions, world.pupils["ravi"])
    result = runner.invoke(app, ["pupils", "leave", upn, *args, *A])
    assert result.exit_code in (1, 2) and message in result.stderr
    with sessions() as session:
        assert session.get_one(Pupil, world.pupils["ravi"]).left_on is None


def test_pupils_leave_unknown_upn(world: World) -> None:
    result = runner.invoke(app, ["pupils", "leave", "A999999999999", "--on", "2026-11-13", *A])
    assert result.exit_code == 2 and "No pupil with UPN A999999999999" in result.stderr


def test_retention_purge_dry_run_then_for_real(
    world: World, sessions: sessionmaker[Session]
) -> None:
    born_long_ago(sessions, world.pupils["ravi"])
    upn = upn_of(sessions, world.pupils["ravi"])
    assert runner.invoke(app, ["pupils", "leave", upn, "--on", "2026-07-22", *A]).exit_code == 0
    dry = runner.invoke(app, ["retention", "purge", "--dry-run", "--school", "School A"])
    assert dry.exit_code == 0, dry.output
    assert "School A: 1 leaver record(s) would be removed" in dry.stdout and upn in dry.stdout
    with sessions() as session:
        assert session.get(Pupil, world.pupils["ravi"]) is not None
    real = runner.invoke(app, ["retention", "purge"])
    assert real.exit_code == 0, real.output
    assert "School A: 1 leaver record(s) removed" in real.stdout
    assert "School B: No leaver's record has passed its retention date" in real.stdout
    with sessions() as session:
        assert session.get(Pupil, world.pupils["ravi"]) is None


def test_retention_purge_unknown_school(world: World) -> None:
    result = runner.invoke(app, ["retention", "purge", "--school", "Nowhere"])
    assert result.exit_code == 2 and "No school is called 'Nowhere'" in result.stderr


def test_the_nightly_job_purges_expired_leavers(
    world: World, sessions: sessionmaker[Session], engine: Engine, db_url: str
) -> None:
    born_long_ago(sessions, world.pupils["ravi"])
    upn = upn_of(sessions, world.pupils["ravi"])
    assert runner.invoke(app, ["pupils", "leave", upn, "--on", "2026-07-22", *A]).exit_code == 0
    runtime = Runtime(settings=Settings(database_url=db_url), engine=engine, sessions=sessions)
    scheduler = BackgroundScheduler(timezone=LONDON)
    add_retention_job(scheduler, runtime, clock=lambda: datetime(2026, 12, 2, 2, 30, tzinfo=UTC))
    job = scheduler.get_job(RETENTION_JOB)
    assert job is not None
    assert job.trigger.get_next_fire_time(None, datetime(2026, 12, 2, 12, 0, tzinfo=LONDON)) == (
        datetime(2026, 12, 3, 2, 30, tzinfo=LONDON)
    )
    job.func()
    with sessions() as session:
        assert session.get(Pupil, world.pupils["ravi"]) is None
        event = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "retention purge",
                AuditEvent.school_id == world.school_ids["a"],
            )
        ).one()
        assert event.detail["via"] == "scheduled job" and event.detail["removed"]["pupils"] == 1
