"""`sendco-bot calendar import FILE [--school NAME]`: the school's term dates.

Exit codes: 0 imported; 1 rows with problems (nothing imported); 2 the file cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.runtime import open_runtime
from bot.settings import Settings
from handlers.calendar_import import import_calendar
from handlers.imports import ImportFileError, read_csv_file
from handlers.schools import UnknownSchool, choose_school

app = typer.Typer(help="The school calendar: term dates, INSET days, closures.")

FileArg = Annotated[
    Path, typer.Argument(help="CSV with columns kind,name,starts_on,ends_on.", show_default=False)
]
SchoolOpt = Annotated[
    str | None,
    typer.Option(
        "--school", help="School to import into (default: SCHOOL_NAME, or the only school)."
    ),
]


@app.callback()
def calendar() -> None:
    """The school calendar: term dates, INSET days, closures."""


@app.command("import")
def import_file(file: FileArg, school: SchoolOpt = None) -> None:
    """Import term dates: kind (term, inset or closure), name, starts_on, ends_on (ISO dates).

    Replaces the school's periods in each school year the file covers; weekends and bank
    holidays need no rows.
    """
    try:
        source = read_csv_file(file)
    except ImportFileError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    settings = Settings()
    runtime = open_runtime(settings)
    try:
        with runtime.sessions() as session:
            try:
                target = choose_school(session, named=school, default_name=settings.school_name)
            except UnknownSchool as error:
                typer.echo(error.message, err=True)
                raise typer.Exit(2) from None
            try:
                result = import_calendar(session, school=target, source=source)
            except ImportFileError as error:
                session.rollback()
                typer.echo(error.message, err=True)
                raise typer.Exit(2) from None
            if result.written:
                session.commit()
            else:
                session.rollback()
    finally:
        runtime.engine.dispose()
    if not result.written:
        typer.echo(f"{source.name} has problems; nothing was imported:", err=True)
        for problem in result.errors:
            typer.echo(f"  {problem.describe()}", err=True)
        raise typer.Exit(1)
    typer.echo(result.summary())
    for warning in result.warnings:
        typer.echo(f"  warning: {warning.describe()}")
