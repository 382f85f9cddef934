"""`sendco-bot run` and `sendco-bot status`.

Until the Slack and Teams adapters land, `run` refuses to pretend: with a platform configured
it says the adapters are missing and exits 2; without one it makes sure there is a school to
look at (the demo school in an empty database) and prints where things stand.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import select

from bot.commands.chat import start_chat
from bot.commands.demo import (
    describe_database,
    print_sign_in_examples,
    school_today,
    summary_table,
)
from bot.runtime import open_runtime
from bot.settings import Settings
from handlers.demo_school import DEMO_SCHOOL_NAME, SENDCO_EMAIL, build_demo_school, find_school
from handlers.status import all_school_summaries
from storage.codes import Role
from storage.database import transaction
from storage.models import School, Staff, StaffRole

NOT_AVAILABLE = 2  # exit code: configured for something this version cannot do


def status() -> None:
    """Print a summary of every school in the database."""
    console = Console()
    runtime = open_runtime()
    try:
        with transaction(runtime.sessions) as session:
            summaries = all_school_summaries(
                session, today=school_today(runtime.settings.school_timezone)
            )
    finally:
        runtime.engine.dispose()
    if not summaries:
        console.print(
            f"No school in {escape(describe_database(runtime.settings.database_url))} yet. "
            "Try `sendco-bot demo`, or import your own: `sendco-bot import pupils FILE.csv`."
        )
        return
    for summary in summaries:
        console.print(summary_table(summary))


def run() -> None:
    """Start the bot on the configured chat platforms (the demo school when none is set)."""
    console = Console()
    settings = Settings()
    platforms = [
        name
        for name, configured in (
            ("Slack", settings.slack_configured),
            ("Microsoft Teams", settings.teams_configured),
        )
        if configured
    ]
    if platforms:
        Console(stderr=True).print(
            f"{' and '.join(platforms)} {'is' if len(platforms) == 1 else 'are'} configured, "
            "but platform adapters are not available yet in this version of sendco-bot, so "
            "nothing was started. To look around on the demo school meanwhile, run without "
            "the SLACK_* and CLIENT_ID settings.",
            highlight=False,
        )
        raise typer.Exit(code=NOT_AVAILABLE)
    runtime = open_runtime(settings)
    today = school_today(settings.school_timezone)
    try:
        with transaction(runtime.sessions) as session:
            seeded = session.scalar(select(School.id).limit(1)) is None
            if seeded:
                build_demo_school(session, today=today)
            has_demo = find_school(session) is not None
            summaries = all_school_summaries(session, today=today)
    finally:
        runtime.engine.dispose()
    console.print("[bold]Welcome to sendco-bot.[/bold]")
    where = escape(describe_database(settings.database_url))
    if seeded:
        console.print(
            f"The database ({where}) held no school, so the fictional demo school "
            f"{escape(DEMO_SCHOOL_NAME)} was created to explore."
        )
    else:
        console.print(f"Database: {where}")
    for summary in summaries:
        console.print(summary_table(summary))
    if has_demo:
        print_sign_in_examples(console)
    console.print(
        "To use your own school's data: `sendco-bot import staff FILE.csv` and "
        "`sendco-bot import pupils FILE.csv`; `sendco-bot status` shows the figures again."
    )
    who = SENDCO_EMAIL if has_demo else _first_sendco(settings)
    if who is None:
        console.print(
            "No chat platform is configured and no SENDCO is on record to chat as: "
            "import staff, then `sendco-bot chat --as EMAIL`."
        )
        return
    console.print(
        f"No chat platform is configured, so the terminal chat starts now as {escape(who)} "
        "(`sendco-bot chat --as EMAIL` to be someone else)."
    )
    start_chat(who)


def _first_sendco(settings: Settings) -> str | None:
    """Without the demo school, chat as the first SENDCO on record, if there is one."""
    runtime = open_runtime(settings, upgrade=False)
    try:
        with transaction(runtime.sessions) as session:
            return session.scalar(
                select(Staff.email)
                .join(StaffRole, StaffRole.staff_id == Staff.id)
                .where(StaffRole.role == Role.SENDCO.value, Staff.active.is_(True))
                .order_by(Staff.id)
                .limit(1)
            )
    finally:
        runtime.engine.dispose()
