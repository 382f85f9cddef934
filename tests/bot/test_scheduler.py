"""The scheduler: the sweep on an interval, the digests on school-day mornings and Friday
afternoons, in the bot process or on its own (`sendco-bot scheduler`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.channels import delivery_channels
from bot.cli import app
from bot.runtime import Runtime
from bot.scheduler import MORNING_JOB, SWEEP_JOB, WEEKLY_JOB, Sweeper, add_jobs, start_in_process
from bot.settings import Settings
from handlers.reminders import DEFAULT_SETTINGS
from storage.codes import OutboxStatus
from storage.models import OutboxNotice, Staff
from tests.handlers.reminders.recording import RecordingChannel
from tests.handlers.reminders.small_school import build_small_school, london

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)


def fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


@pytest.fixture
def small_school(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        build_small_school(session)


def test_the_jobs_and_when_they_fire(sessions: sessionmaker[Session]) -> None:
    scheduler = BackgroundScheduler(timezone=LONDON)
    add_jobs(scheduler, Sweeper(sessions, [], DEFAULT_SETTINGS))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {SWEEP_JOB, MORNING_JOB, WEEKLY_JOB}

    saturday = datetime(2026, 11, 21, 10, 0, tzinfo=LONDON)
    assert jobs[MORNING_JOB].trigger.get_next_fire_time(None, saturday) == datetime(
        2026, 11, 23, 7, 45, tzinfo=LONDON
    )
    assert jobs[WEEKLY_JOB].trigger.get_next_fire_time(None, saturday) == datetime(
        2026, 11, 23, 15, 45, tzinfo=LONDON
    )  # every weekday: the sweep writes it only on the last school day of the week
    assert jobs[SWEEP_JOB].trigger.interval.total_seconds() == 5 * 60


def test_a_job_runs_one_sweep_with_the_clock_it_is_given(
    sessions: sessionmaker[Session], small_school: None
) -> None:
    channel = RecordingChannel()
    channel.now = london("2026-11-18", "16:00")
    report = Sweeper(sessions, [channel], DEFAULT_SETTINGS, clock=fixed(channel.now))()
    assert report is not None
    assert "session_not_logged:I-00001:2026-11-18:3" in report.delivery.delivered


def test_a_failing_sweep_is_logged_and_the_scheduler_carries_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> datetime:
        raise RuntimeError("clock broke")

    sweeper = Sweeper(sessionmaker(), [], DEFAULT_SETTINGS, clock=broken)
    assert sweeper() is None
    assert "reminder sweep failed" in caplog.text


def test_in_process_the_first_sweep_runs_at_once(
    db_url: str, engine: Engine, sessions: sessionmaker[Session], small_school: None
) -> None:
    sent = threading.Event()

    class Signal(RecordingChannel):
        def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
            super().send(notice, recipient)
            sent.set()

    channel = Signal()
    channel.now = london("2026-11-18", "16:00")
    runtime = Runtime(settings=Settings(database_url=db_url), engine=engine, sessions=sessions)
    scheduler = start_in_process(runtime, channels=[channel], clock=fixed(channel.now))
    try:
        assert scheduler.running
        assert sent.wait(timeout=30)
    finally:
        scheduler.shutdown(wait=True)
    assert "session_not_logged:I-00001:2026-11-18:3" in channel.sent_keys()


def test_no_platform_no_channel() -> None:
    assert delivery_channels(Settings()) == []
    assert delivery_channels(Settings(slack_bot_token="xoxb-1", slack_app_token="xapp-1")) == []


def test_scheduler_once_without_a_platform_leaves_notices_waiting(
    small_school: None, sessions: sessionmaker[Session]
) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["scheduler", "--once", "--at", "2026-11-18T16:00"])
    assert first.exit_code == 0, first.output
    assert "Sweep done: 7 new in the outbox, none delivered: 7 wait there." in first.output
    assert "No chat platform is configured" in first.output

    with sessions() as session:
        notices = session.scalars(select(OutboxNotice)).all()
        assert len(notices) == 7
        assert {n.status for n in notices} == {OutboxStatus.PENDING.value}
        assert "session_not_logged" in {n.rule for n in notices}

    again = runner.invoke(app, ["scheduler", "--once", "--at", "2026-11-18T16:05"])
    assert again.exit_code == 0, again.output
    assert "Sweep done: 0 new in the outbox, none delivered: 7 wait there." in again.output


def test_scheduler_refuses_at_without_once() -> None:
    result = CliRunner().invoke(app, ["scheduler", "--at", "2026-11-18T16:00"])
    assert result.exit_code == 2 and "--at only goes with --once" in result.output
