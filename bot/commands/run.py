"""`sendco-bot run` and `sendco-bot status`.

With Slack configured, `run` starts it: Socket Mode when SLACK_APP_TOKEN is set, else (or with
`--http`) HTTP mode at /slack/events. With Teams configured (CLIENT_ID), one web server on
`--host`/`--port` serves Teams at /api/messages, beside Slack's HTTP mode when Slack is
configured for it. With no platform it makes sure there is a school to look at (the demo
school in an empty database) and starts the terminal chat.
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
from bot.reminder_settings import load_reminder_settings
from bot.runtime import open_runtime
from bot.scheduler import start_in_process
from bot.sender import ensure_a_school
from bot.settings import Settings
from handlers.delivery import Channel
from handlers.demo_school import DEMO_SCHOOL_NAME, SENDCO_EMAIL, find_school
from handlers.status import all_school_summaries
from storage.codes import Role
from storage.database import transaction
from storage.models import Staff, StaffRole

NOT_AVAILABLE = 2  # exit code: configured for something this version cannot do


def status() -> None:
    """Print a summary of every school in the database."""
    console = Console()
    runtime = open_runtime()
    try:
        with transaction(runtime.sessions) as session:
            summaries = all_school_summaries(
                session,
                today=school_today(runtime.settings.school_timezone),
                periods=load_reminder_settings().periods,
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


def run(
    http: bool = typer.Option(
        False, "--http", help="Serve Slack's HTTP mode at /slack/events instead of Socket Mode."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (HTTP mode)."),
    port: int = typer.Option(3000, "--port", help="Port to listen on (HTTP mode)."),
) -> None:
    """Start the bot on the configured chat platforms (the demo school when none is set)."""
    console = Console()
    settings = Settings()
    if settings.teams_configured:
        _run_teams(settings, host=host, port=port)
        return
    if settings.slack_configured:
        _run_slack(settings, http=http, host=host, port=port)
        return
    if http:
        Console(stderr=True).print(
            "--http serves Slack's HTTP mode, but Slack is not configured: set "
            "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET for OAuth installs). See docs/slack.md.",
            highlight=False,
        )
        raise typer.Exit(code=NOT_AVAILABLE)
    runtime = open_runtime(settings)
    today = school_today(settings.school_timezone)
    try:
        with transaction(runtime.sessions) as session:
            seeded = ensure_a_school(session, today=today)
            has_demo = find_school(session) is not None
            summaries = all_school_summaries(
                session, today=today, periods=load_reminder_settings().periods
            )
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
    # The reminder sweep runs beside the chat; with no platform to deliver through, reminders
    # wait in the outbox (`sendco-bot reminders` lists them) until one is configured.
    reminders_runtime = open_runtime(settings, upgrade=False)
    scheduler = start_in_process(reminders_runtime, channels=[])
    try:
        start_chat(who)
    finally:
        scheduler.shutdown(wait=True)  # no sweep outlives the command
        reminders_runtime.engine.dispose()


def _run_slack(settings: Settings, *, http: bool, host: str, port: int) -> None:
    """Serve Slack until stopped: Socket Mode by default, HTTP mode with --http (or when there
    is no app-level token)."""
    from bot.slack.serve import serve_http, serve_socket_mode, start_slack  # only when needed

    err = Console(stderr=True)
    if (http or not settings.slack_app_token) and not settings.slack_signing_secret:
        err.print("Slack's HTTP mode needs SLACK_SIGNING_SECRET (see docs/slack.md).")
        raise typer.Exit(code=NOT_AVAILABLE)
    runtime = open_runtime(settings)
    console = Console()
    scheduler = None
    try:
        slack = start_slack(runtime)
        # Reminders and digests run in this process by default, delivered through Slack.
        if settings.scheduler_in_process:
            scheduler = start_in_process(runtime, channels=[slack.channel, *_mail(settings)])
        if http or not settings.slack_app_token:
            console.print(f"Slack (HTTP mode): listening on http://{host}:{port}/slack/events")
            serve_http(slack, host=host, port=port)
        else:
            console.print("Slack (Socket Mode): connecting to Slack…")
            serve_socket_mode(slack, settings.slack_app_token)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)  # no sweep outlives the command
        runtime.engine.dispose()


def _run_teams(settings: Settings, *, host: str, port: int) -> None:
    """Serve Teams at /api/messages — and Slack's HTTP mode at /slack/events when Slack has a
    signing secret — on one web server at host:port, until stopped."""
    import uvicorn

    from bot.teams.app import build_teams_app  # only when Teams is configured
    from bot.web import build_web_app

    console = Console()
    runtime = open_runtime(settings)
    scheduler = None
    try:
        slack = None
        if settings.slack_configured and settings.slack_signing_secret:
            from bot.slack.serve import start_slack

            slack = start_slack(runtime)
        elif settings.slack_configured:
            Console(stderr=True).print(
                "Slack is configured for Socket Mode: with Teams on the same server it needs "
                "HTTP mode (SLACK_SIGNING_SECRET). Starting Teams only.",
                highlight=False,
            )
        web = build_web_app(
            slack=slack.app if slack is not None else None, sessions=runtime.sessions
        )
        build_teams_app(settings, runtime.sessions, web)
        # Reminders and digests in this process: to each person's Teams chat once the app is
        # installed for them, else through Slack when it is configured, else they wait.
        from bot.teams.delivery import TeamsChannel, bot_token_source

        teams = TeamsChannel(runtime.sessions, bot_token_source(settings))
        channels = [slack.channel, teams] if slack is not None else [teams]
        if settings.scheduler_in_process:
            scheduler = start_in_process(runtime, channels=[*channels, *_mail(settings)])
        console.print(f"Microsoft Teams: listening on http://{host}:{port}/api/messages")
        if slack is not None:
            console.print(f"Slack (HTTP mode): listening on http://{host}:{port}/slack/events")
        uvicorn.run(web, host=host, port=port, log_level="info")
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)  # no sweep outlives the command
        runtime.engine.dispose()


def _mail(settings: Settings) -> list[Channel]:
    """Email as the last channel, when a school mailbox is configured for it."""
    if not settings.graph_mail_from:
        return []
    from bot.mail import GraphMailChannel

    return [GraphMailChannel(settings)]


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
