"""`sendco-bot scheduler [--once [--at DATETIME]]`: the reminder scheduler as its own process.

Without `--once` it runs until stopped: the sweep every few minutes and the SENDCO's digests
on school mornings (see bot/scheduler.py). With `--once` it runs one sweep, writing what is
due and delivering it, then exits: for cron, and for checks (`--at` pretends it is then).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.channels import NO_PLATFORM, delivery_channels
from bot.commands.reminders import parse_moment
from bot.reminder_settings import load_reminder_settings
from bot.runtime import open_runtime
from bot.scheduler import run_blocking
from handlers.reminders import run_sweep

OnceOpt = Annotated[bool, typer.Option("--once", help="Run one sweep and delivery, then exit.")]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="With --once: sweep as if it were this moment (ISO date-time).",
        show_default=False,
    ),
]


def scheduler(once: OnceOpt = False, at: AtOpt = None) -> None:
    """Run the reminder scheduler (sweep and digests) until stopped."""
    runtime = open_runtime()
    settings = load_reminder_settings()
    channels = delivery_channels(runtime.settings, runtime.sessions)
    try:
        if not once:
            if at is not None:
                typer.echo("--at only goes with --once.", err=True)
                raise typer.Exit(2)
            if not channels:
                typer.echo(NO_PLATFORM)
            typer.echo(
                f"Reminder scheduler running: a sweep every {settings.sweep_interval_minutes} "
                "minutes, digests on school days. Ctrl-C to stop."
            )
            run_blocking(runtime, settings=settings)
            return
        try:
            now = parse_moment(at, runtime.settings.school_timezone) if at else datetime.now(UTC)
        except ValueError as problem:
            typer.echo(str(problem), err=True)
            raise typer.Exit(2) from None
        report = run_sweep(
            runtime.sessions,
            now=now,
            channels=channels,
            settings=settings,
        )
    finally:
        runtime.engine.dispose()
    delivery = report.delivery
    if not channels:
        typer.echo(
            f"Sweep done: {len(report.written)} new in the outbox, none delivered: "
            f"{delivery.waiting} wait there. {NO_PLATFORM}"
        )
        return
    typer.echo(
        f"Sweep done: {len(report.written)} new in the outbox, {len(delivery.delivered)} "
        f"delivered, {len(delivery.failed)} to retry, {delivery.waiting} waiting "
        "(outside school hours, or no way to reach the person yet)."
    )
