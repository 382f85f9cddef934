"""`sendco-bot reminders [--at DATETIME] [--json] [--school NAME]`: what is due at a moment.

A dry run, for support and for checks from outside: nothing is written or sent. `--json`
prints design.md's array of {"rule", "subject", "due", "recipients", "message"} (plus "ref",
"remind_on", "school" and "outbox"). `--at` takes an ISO date-time, with or without an offset
(without one it is the school's local time), or a date (08:00 that day). Exit code 2 for a
moment or school that cannot be understood.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, NoReturn
from zoneinfo import ZoneInfo

import typer
from sqlalchemy import select

from bot.reminder_settings import load_reminder_settings
from bot.runtime import open_runtime
from handlers import audit
from handlers.reminders import as_rows, reminders_at
from storage.codes import AuditAction
from storage.models import School

MORNING = time(8, 0)

AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When to look: 2026-11-23T08:00 (school time), 2026-11-23T08:00+00:00, or "
        "2026-11-23 (08:00 that day). Default: now.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a JSON array (design.md).")]
SchoolOpt = Annotated[
    str | None,
    typer.Option("--school", help="Only this school (default: every school)."),
]


def parse_moment(text: str, timezone: str = "Europe/London") -> datetime:
    """An aware instant from what a person types; ValueError with the reason otherwise."""
    value = text.strip()
    zone = ZoneInfo(timezone)
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), MORNING, tzinfo=zone)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T"))
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date or date-time: write 2026-11-23 or 2026-11-23T08:00"
        ) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def reminders(at: AtOpt = None, json_out: JsonOpt = False, school: SchoolOpt = None) -> None:
    """Show the reminders due at a moment (a dry run: nothing is sent)."""
    runtime = open_runtime()
    try:
        try:
            now = parse_moment(at, runtime.settings.school_timezone) if at else datetime.now(UTC)
        except ValueError as problem:
            _fail(str(problem))
        with runtime.sessions() as session:
            school_id = None
            if school is not None:
                school_id = session.scalar(select(School.id).where(School.name == school))
                if school_id is None:
                    _fail(f"No school is called '{school}'.")
            found = reminders_at(
                session, now=now, settings=load_reminder_settings(), school_id=school_id
            )
            rows = as_rows(session, found)
        if rows:  # they name pupils and staff: a read, on record
            with runtime.sessions.begin() as session:
                audit.record(
                    session, action=AuditAction.READ, entity="reminders",
                    school_id=school_id, actor_id=None,
                    detail={"command": "reminders", "rows": len(rows), "json": json_out},
                )  # fmt: skip
    finally:
        runtime.engine.dispose()
    if json_out:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    _print(rows, now, runtime.settings.school_timezone)


def _print(rows: list[dict[str, Any]], now: datetime, timezone: str) -> None:
    local = now.astimezone(ZoneInfo(timezone))
    when = f"{local:%H:%M} on {local:%a} {local.day} {local:%b %Y}"
    if not rows:
        typer.echo(f"Nothing is due at {when}.")
        return
    typer.echo(f"{len(rows)} reminder{'s' if len(rows) != 1 else ''} due at {when}:")
    for row in rows:
        to = ", ".join(row["recipients"]) or "nobody (no SENDCO on record)"
        typer.echo(f"\n{row['due']}  {row['rule']}  {row['subject']}  → {to}")
        for line in row["message"].splitlines():
            typer.echo(f"    {line}")


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)
