"""`sendco-bot export KIND --as EMAIL [--format csv|json] [--out FILE]`: records out.

One row per record, pupils by UPN. The export runs as the member of staff named by `--as`,
through the same access rules and audit trail as chat: only the SENDCO or the head may export,
and every export is recorded. Exit codes: 0 written; 1 refused (not allowed) or the database
failed; 2 the command itself is wrong (unknown kind, format, school or email; bad --out).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.runtime import open_runtime
from handlers.exports import FORMATS, KINDS, ExportOutcome, run_export
from handlers.identity import actor_by_email
from handlers.unit_of_work import perform
from handlers.vocabulary import Actor
from storage.models import School, Staff

KindArg = Annotated[
    str, typer.Argument(help=f"What to export: {', '.join(KINDS)}.", show_default=False)
]
AsOpt = Annotated[
    str,
    typer.Option(
        "--as", help="Email of the member of staff exporting (SENDCO or head).", show_default=False
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="File to write (default: standard output).", dir_okay=False),
]
SchoolOpt = Annotated[
    str | None,
    typer.Option("--school", help="The school, when the email is on more than one school's staff."),
]


def export(
    kind: KindArg,
    as_email: AsOpt,
    format: FormatOpt = "csv",
    out: OutOpt = None,
    school: SchoolOpt = None,
) -> None:
    """Export the SEN register, concerns or intervention sessions, one row per record."""
    if kind not in KINDS:
        _fail(f"Unknown export '{kind}': choose one of {', '.join(KINDS)}.", code=2)
    if format not in FORMATS:
        _fail(f"Unknown format '{format}': choose one of {', '.join(FORMATS)}.", code=2)
    if out is not None and not out.parent.is_dir():
        _fail(f"Can't write {out}: the folder {out.parent} does not exist.", code=2)
    runtime = open_runtime()
    try:
        actor = _actor(runtime.sessions, as_email, school)
        outcome = perform(
            runtime.sessions,
            run_export,
            actor=actor,
            kind=kind,
            now=datetime.now(UTC),
            format=format,
        )
    finally:
        runtime.engine.dispose()
    if not isinstance(outcome, ExportOutcome) or outcome.table is None:
        _fail(outcome.reply.title, code=2 if outcome.errors else 1)
    content = FORMATS[format](outcome.table)
    if out is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            typer.echo(content, nl=False)
        return
    if isinstance(content, bytes):
        out.write_bytes(content)
    else:
        out.write_text(content, encoding="utf-8", newline="")
    typer.echo(f"Wrote {len(outcome.table.rows)} {kind} rows to {out}", err=True)


def _actor(sessions: sessionmaker[Session], email: str, school: str | None) -> Actor:
    """The member of staff exporting; a wrong school or email ends the command (exit 2)."""
    with sessions() as session:
        school_id: int | None = None
        if school is not None:
            school_id = session.scalar(select(School.id).where(School.name == school))
            if school_id is None:
                _fail(f"No school is called '{school}'.", code=2)
        else:
            schools = session.scalar(
                select(func.count(Staff.id)).where(Staff.email == email.strip().lower())
            )
            if schools and schools > 1:
                _fail(f"{email} is on the staff of more than one school: add --school.", code=2)
        actor = actor_by_email(session, email, school_id=school_id)
    if actor is None:
        where = f" at {school}" if school else ""
        _fail(f"No active member of staff has the email {email}{where}.", code=2)
    return actor


def _fail(message: str, *, code: int) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)
