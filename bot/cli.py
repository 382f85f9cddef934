"""The `sendco-bot` command: the single entry point for staff, admins and support."""

from __future__ import annotations

import sys

import typer

from bot import fatal
from bot.commands import (
    audit,
    calendar,
    chat,
    db,
    demo,
    export,
    graph,
    imports,
    parse,
    pupils,
    reminders,
    retention,
    run,
    scheduler,
    school,
    teams,
)

app = typer.Typer(
    name="sendco-bot",
    help="sendco-bot: SEND records kept from staff chat in Slack and Microsoft Teams.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # never print pupil data from a traceback
)
app.add_typer(school.app, name="school")
app.add_typer(db.app, name="db")
app.add_typer(imports.app, name="import")
app.command(name="demo")(demo.demo)
app.command(name="status")(run.status)
app.command(name="run")(run.run)
app.command(name="parse")(parse.parse)
app.command(name="chat")(chat.chat)
app.command(name="export")(export.export)
app.command(name="reminders")(reminders.reminders)
app.command(name="scheduler")(scheduler.scheduler)
app.add_typer(calendar.app, name="calendar")
app.add_typer(audit.app, name="audit")
app.add_typer(teams.app, name="teams")
app.add_typer(graph.app, name="graph")
app.add_typer(pupils.app, name="pupils")
app.add_typer(retention.app, name="retention")


def main() -> None:
    """The installed `sendco-bot` script: a fixable setup error is one line, not a traceback."""
    try:
        app()
    except Exception as error:
        message = fatal.describe(error)
        if message is None:
            raise
        print(f"sendco-bot: {message}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
