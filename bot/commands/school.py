"""`sendco-bot school create NAME` and `school list`: adding a school is always on purpose.

Imports and the calendar never create a school: a misspelt `--school` would otherwise make a
second school and copy every pupil into it.
"""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import IntegrityError

from bot.runtime import open_runtime
from bot.settings import Settings
from handlers import audit
from handlers.errors import HandlerError
from handlers.schools import create_school, school_names
from storage.codes import AuditAction

app = typer.Typer(help="The schools in this database: create one, list them.", no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help='The school\'s name, e.g. "Hillside Primary".')]
ZoneOpt = Annotated[
    str | None,
    typer.Option("--timezone", help="IANA timezone (default: SCHOOL_TIMEZONE, Europe/London)."),
]


@app.command()
def create(name: NameArg, timezone: ZoneOpt = None) -> None:
    """Create a school, then import its pupils and staff into it."""
    settings = Settings()
    runtime = open_runtime(settings)
    try:
        with runtime.sessions() as session:
            try:
                school = create_school(
                    session, name=name, timezone=timezone or settings.school_timezone
                )
            except HandlerError as error:
                typer.echo(error.message, err=True)
                raise typer.Exit(2) from None
            audit.record(
                session,
                action=AuditAction.CREATE,
                entity="school",
                entity_id=school.id,
                school_id=school.id,
                actor_id=None,
                detail={"via": "command line"},
            )
            try:
                session.commit()
            except IntegrityError:
                typer.echo(f"There is already a school called '{name}'.", err=True)
                raise typer.Exit(2) from None
            created = school.name
    finally:
        runtime.engine.dispose()
    typer.echo(f"Created the school '{created}'. Next:")
    typer.echo(f'  sendco-bot import staff staff.csv --school "{created}"')
    typer.echo(f'  sendco-bot import pupils pupils.csv --school "{created}"')
    if created != settings.school_name:
        typer.echo(f'Set SCHOOL_NAME="{created}" in .env so the bot and commands use it.')


@app.command("list")
def list_schools() -> None:
    """List the schools in this database."""
    runtime = open_runtime()
    try:
        with runtime.sessions() as session:
            names = school_names(session)
    finally:
        runtime.engine.dispose()
    if not names:
        typer.echo('No schools yet: sendco-bot school create "Your School Name".')
    for name in names:
        typer.echo(name)
