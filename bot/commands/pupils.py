"""`sendco-bot pupils leave UPN --on DATE [--to SCHOOL]`: record that a pupil left.

Their record is closed from then on (read-only) and kept until the retention period ends.
Exit codes: 0 recorded; 1 refused (not allowed, already left) or the database failed; 2 the
command itself is wrong (unknown UPN, school or email; a bad date).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import typer
from sqlalchemy import select

from bot.commands.acting import SchoolOpt, acting_as, fail
from bot.runtime import open_runtime
from handlers.pupils.leavers import record_leaver
from handlers.unit_of_work import perform
from handlers.vocabulary import Reply
from storage.models import Pupil

app = typer.Typer(help="Pupils: record a leaver (their record is then closed).",
                  no_args_is_help=True)  # fmt: skip

UpnArg = Annotated[str, typer.Argument(help="The pupil's UPN (13 characters).")]
OnOpt = Annotated[
    str, typer.Option("--on", help="The day they left, YYYY-MM-DD (today or earlier).")
]
ToOpt = Annotated[str, typer.Option("--to", help="The school they moved to, if known.")]
AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Email of who records it (SENDCO or head); default: the SENDCO.",
                 show_default=False),
]  # fmt: skip


@app.command()
def leave(
    upn: UpnArg, on: OnOpt, to: ToOpt = "", as_email: AsOpt = None, school: SchoolOpt = None
) -> None:
    """Record that a pupil left on a date (and where to): their record is closed, read-only,
    and kept until their date of birth + RETENTION_YEARS (31 by default)."""
    try:
        left_on = date.fromisoformat(on)
    except ValueError:
        fail(f"'{on}' is not a date: use YYYY-MM-DD, e.g. 2026-07-22.", code=2)
    runtime = open_runtime()
    try:
        actor = acting_as(runtime.sessions, as_email, school)
        with runtime.sessions() as session:
            pupil_id = session.scalar(
                select(Pupil.id).where(
                    Pupil.school_id == actor.school_id, Pupil.upn == upn.strip().upper()
                )
            )
        if pupil_id is None:
            fail(f"No pupil with UPN {upn} in this school.", code=2)
        outcome = perform(
            runtime.sessions, record_leaver, actor=actor, pupil_id=pupil_id, left_on=left_on,
            now=datetime.now(UTC), destination=to,
            retention_years=runtime.settings.retention_years,
        )  # fmt: skip
    finally:
        runtime.engine.dispose()
    _say(outcome.reply)
    if not outcome.reply.ok:
        raise typer.Exit(2 if outcome.errors else 1)


def _say(reply: Reply) -> None:
    typer.echo(reply.text(), err=not reply.ok)
