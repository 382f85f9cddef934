"""`sendco-bot audit verify`: is the audit trail as the bot wrote it?"""

from __future__ import annotations

import typer

from bot.runtime import open_runtime
from storage.audit_chain import chain_applies, verify_session

app = typer.Typer(help="Check the append-only audit trail.", no_args_is_help=True)


@app.command()
def verify() -> None:
    """Walk the audit trail's hash chain and report the first broken link (exit 1 if any).

    On SQLite each audit row carries the hash of the row before it, so a row changed, removed
    or added outside sendco-bot shows up here. On PostgreSQL the bot's database role cannot
    change the trail at all, and there is no chain to walk.
    """
    runtime = open_runtime()
    with runtime.sessions() as session:
        if not chain_applies(session):
            typer.echo(
                "PostgreSQL: the audit trail is protected by the database itself (the bot's "
                "role may only add and read rows); there is no hash chain to check."
            )
            return
        report = verify_session(session)
    if report.intact:
        typer.echo(f"Audit trail intact: {report.rows} rows, {report.chained} in the hash chain.")
        return
    typer.echo(
        f"Audit trail BROKEN at row {report.first_broken_id} of {report.rows}: {report.reason}. "
        "Rows before it are intact. Keep a copy of this database file and tell your DPO.",
        err=True,
    )
    raise typer.Exit(1)
