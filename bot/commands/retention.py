"""`sendco-bot retention purge [--dry-run]`: remove leavers' records past their retention date.

The scheduler runs the same purge every night; this is for an admin to see (`--dry-run`) or
do it now. Each school's purge is one transaction and one audit event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.runtime import open_runtime
from handlers.retention import describe, purge_schools

app = typer.Typer(help="Retention: leavers' records kept to date of birth + RETENTION_YEARS.",
                  no_args_is_help=True)  # fmt: skip

DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="List what would be removed; remove nothing.")
]
SchoolOnlyOpt = Annotated[
    str | None, typer.Option("--school", help="Only this school (default: every school).")
]


@app.command()
def purge(dry_run: DryRunOpt = False, school: SchoolOnlyOpt = None) -> None:
    """Remove every leaver's record whose retention period has ended (audited: what went, by
    reference and count)."""
    runtime = open_runtime()
    years = runtime.settings.retention_years
    try:
        results = purge_schools(
            runtime.sessions, now=datetime.now(UTC), years=years, dry_run=dry_run,
            via="command line", school=school,
        )  # fmt: skip
    finally:
        runtime.engine.dispose()
    if not results:
        typer.echo(f"No school is called '{school}'." if school else "No school yet.", err=True)
        raise typer.Exit(2)
    for name, report in results:
        typer.echo(f"{name}: {describe(report, years).text()}")
