"""APScheduler 3.x running the reminder sweep on an interval and the SENDCO's digests on cron
triggers (school days are checked by the sweep itself, from the school's calendar).

Inside the bot process (`start_in_process`, for `sendco-bot run`) or as its own process
(`run_blocking`, for `sendco-bot scheduler`). Reminders are rows, not jobs: a restart loses
nothing, and every job is the same idempotent sweep, so a job run twice sends nothing twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.orm import Session, sessionmaker

from bot.channels import delivery_channels
from bot.reminder_settings import load_reminder_settings
from bot.runtime import Runtime
from handlers.delivery import Channel
from handlers.reminders import ReminderSettings, SweepReport, run_sweep
from handlers.retention import purge_schools

log = logging.getLogger(__name__)

SWEEP_JOB = "reminder-sweep"
MORNING_JOB = "morning-digest"
WEEKLY_JOB = "weekly-summary"
RETENTION_JOB = "retention-purge"
RETENTION_AT = (2, 30)  # nightly, out of school hours
SCHOOL_DAYS = "mon-fri"  # the sweep skips INSET days, holidays and bank holidays itself

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Sweeper:
    """One sweep at a time in this process (other processes: the database lock)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        channels: Sequence[Channel],
        settings: ReminderSettings,
        clock: Clock = utc_now,
        after: Sequence[Callable[[], object]] = (),
    ) -> None:
        self.sessions = sessions
        self.channels = channels
        self.settings = settings
        self.clock = clock
        self.after = after  # run after each sweep (the Outlook calendar's review meetings)
        self._lock = threading.Lock()

    def __call__(self) -> SweepReport | None:
        with self._lock:
            try:
                report = run_sweep(
                    self.sessions, now=self.clock(), channels=self.channels, settings=self.settings
                )
            except Exception:  # keep the scheduler alive; the next run tries again
                log.exception("reminder sweep failed")
                return None
            for task in self.after:
                try:
                    task()
                except Exception:
                    log.exception("a task after the sweep failed; it runs again next sweep")
        log.info(
            "reminder sweep: %d written, %d delivered, %d failed, %d waiting",
            len(report.written),
            len(report.delivery.delivered),
            len(report.delivery.failed),
            report.delivery.waiting,
        )
        return report


def add_jobs(
    scheduler: BaseScheduler, sweeper: Sweeper, *, timezone: str = "Europe/London"
) -> None:
    """The interval sweep (first run at once) and the two digest times on weekdays."""
    zone = ZoneInfo(timezone)
    settings = sweeper.settings
    grace = max(60, settings.digest_catch_up_hours * 3600)
    scheduler.add_job(
        sweeper,
        IntervalTrigger(minutes=settings.sweep_interval_minutes, timezone=zone),
        id=SWEEP_JOB,
        name="Write due reminders to the outbox and deliver them",
        next_run_time=datetime.now(zone),
        max_instances=1,
        coalesce=True,
        replace_existing=True,
    )
    for job_id, at, name in (
        (MORNING_JOB, settings.morning_digest_at, "The SENDCO's morning digest"),
        (WEEKLY_JOB, settings.weekly_digest_at, "The SENDCO's weekly summary"),
    ):
        scheduler.add_job(
            sweeper,
            CronTrigger(day_of_week=SCHOOL_DAYS, hour=at.hour, minute=at.minute, timezone=zone),
            id=job_id,
            name=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=grace,
            replace_existing=True,
        )


def add_retention_job(scheduler: BaseScheduler, runtime: Runtime, clock: Clock = utc_now) -> None:
    """Every night: remove leavers' records whose retention period has ended (audited)."""
    years = runtime.settings.retention_years

    def purge() -> None:
        try:
            for name, report in purge_schools(runtime.sessions, now=clock(), years=years):
                if report.expired:
                    log.info("retention purge at %s: %d record(s) removed", name,
                             len(report.expired))  # fmt: skip
        except Exception:  # keep the scheduler alive; tomorrow's run tries again
            log.exception("retention purge failed")

    zone = ZoneInfo(runtime.settings.school_timezone)
    hour, minute = RETENTION_AT
    scheduler.add_job(
        purge,
        CronTrigger(hour=hour, minute=minute, timezone=zone),
        id=RETENTION_JOB,
        name="Remove leavers' records past their retention date",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=6 * 3600,
        replace_existing=True,
    )


def _sweeper(
    runtime: Runtime,
    channels: Sequence[Channel] | None,
    settings: ReminderSettings | None,
    clock: Clock,
) -> Sweeper:
    return Sweeper(
        runtime.sessions,
        channels if channels is not None else delivery_channels(runtime.settings, runtime.sessions),
        settings or load_reminder_settings(),
        clock,
        after=_calendar(runtime),
    )


def _calendar(runtime: Runtime) -> list[Callable[[], object]]:
    """Outlook invitations for review meetings, when Graph and a school mailbox are set."""
    settings = runtime.settings
    if not (settings.graph_mail_from and settings.client_id):
        return []
    from bot.calendar_sync import CalendarGateway, sync_calendar  # only with Graph

    gateway = CalendarGateway(settings, settings.graph_mail_from)
    return [lambda: sync_calendar(runtime.sessions, gateway)]


def start_in_process(
    runtime: Runtime,
    *,
    channels: Sequence[Channel] | None = None,
    settings: ReminderSettings | None = None,
    clock: Clock = utc_now,
) -> BackgroundScheduler:
    """Start the jobs on background threads of this process; call `.shutdown()` to stop."""
    scheduler = BackgroundScheduler(timezone=ZoneInfo(runtime.settings.school_timezone))
    add_jobs(
        scheduler,
        _sweeper(runtime, channels, settings, clock),
        timezone=runtime.settings.school_timezone,
    )
    add_retention_job(scheduler, runtime, clock)
    scheduler.start()
    return scheduler


def run_blocking(
    runtime: Runtime,
    *,
    channels: Sequence[Channel] | None = None,
    settings: ReminderSettings | None = None,
    clock: Clock = utc_now,
) -> None:
    """Run the jobs in this thread until interrupted (Ctrl-C or SIGTERM)."""
    scheduler = BlockingScheduler(timezone=ZoneInfo(runtime.settings.school_timezone))
    add_jobs(
        scheduler,
        _sweeper(runtime, channels, settings, clock),
        timezone=runtime.settings.school_timezone,
    )
    add_retention_job(scheduler, runtime, clock)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
