"""`sendco-bot chat`: talk to the bot in the terminal as a member of staff."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from bot.commands.demo import school_today
from bot.console import run_console
from bot.runtime import open_runtime
from bot.sender import SenderError, ensure_a_school, resolve_sender
from handlers.demo_school import SENDCO_EMAIL
from storage.database import transaction


def chat(
    as_email: str | None = typer.Option(
        None, "--as", help=f"Email of the member of staff you are (default: {SENDCO_EMAIL})."
    ),
) -> None:
    """Chat with the bot in this terminal; reads one message per line when piped."""
    start_chat(as_email)


def start_chat(as_email: str | None) -> None:
    runtime = open_runtime()
    try:
        with transaction(runtime.sessions) as session:
            ensure_a_school(session, today=school_today(runtime.settings.school_timezone))
            try:
                sender = resolve_sender(
                    session, runtime.settings, as_email=as_email or SENDCO_EMAIL
                )
            except SenderError as error:
                Console(stderr=True).print(str(error), highlight=False)
                raise typer.Exit(code=2) from None
        assert sender.actor is not None
        run_console(runtime.sessions, sender.actor, Path(runtime.settings.export_dir))
    finally:
        runtime.engine.dispose()
