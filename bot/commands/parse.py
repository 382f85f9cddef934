"""`sendco-bot parse`: how the bot understood one message — and the answer to "why did the
bot think that?" for support."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from bot.runtime import open_runtime
from bot.sender import SenderError, ensure_a_school, resolve_sender
from handlers import audit
from handlers.conversation.roster import load_groups, load_programmes, load_roster
from handlers.conversation.understand import Understanding, understand
from storage.codes import AuditAction
from storage.database import transaction

EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def parse(
    text: str = typer.Argument(..., help="The message, as a member of staff would write it."),
    as_email: str | None = typer.Option(None, "--as", help="Email of the member of staff writing."),
    today: str | None = typer.Option(None, help="Reference date YYYY-MM-DD (default: today)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON contract only."),
) -> None:
    """Show how the bot understands TEXT: intent, pupils, area of need, programme, duration,
    date, and what it would still ask for."""
    runtime = open_runtime()
    try:
        reference = _reference_date(today, runtime.settings.school_timezone)
        with transaction(runtime.sessions) as session:
            ensure_a_school(session, today=reference)
            try:
                sender = resolve_sender(session, runtime.settings, as_email=as_email)
            except SenderError as error:
                Console(stderr=True).print(str(error), highlight=False)
                raise typer.Exit(code=2) from None
            result = understand(
                text,
                roster=load_roster(session, school_id=sender.school.id),
                today=reference,
                programmes=load_programmes(session, school_id=sender.school.id),
                groups=(
                    load_groups(session, school_id=sender.school.id, lead_id=sender.actor.staff_id)
                    if sender.actor
                    else []
                ),
            )
            shown = [p.id for p in [*result.pupils, *result.candidates]]
            if shown:  # the output names pupils (UPNs in --json): a read, on record
                audit.record(
                    session, action=AuditAction.READ, entity="parse",
                    school_id=sender.school.id,
                    actor_id=sender.actor.staff_id if sender.actor else None,
                    detail={"command": "parse", "pupil_ids": shown},
                )  # fmt: skip
    finally:
        runtime.engine.dispose()
    if as_json:
        typer.echo(json.dumps(result.as_contract()))
    else:
        _explain(result)


def _reference_date(value: str | None, timezone: str) -> date:
    if value is None:
        return datetime.now(ZoneInfo(timezone)).date()
    try:
        reference = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        Console(stderr=True).print(f"--today must be a date like 2026-11-16, not {value!r}.")
        raise typer.Exit(code=2) from None
    if not EARLIEST <= reference <= LATEST:  # "yesterday" of 0001-01-01 cannot be counted
        Console(stderr=True).print(
            f"--today must be between {EARLIEST.year} and {LATEST.year}, not {value!r}."
        )
        raise typer.Exit(code=2)
    return reference


def _explain(result: Understanding) -> None:
    console = Console(highlight=False)
    console.print(f"intent: {result.intent.value}")
    for label, pupils in (("pupils", result.pupils), ("would ask about", result.candidates)):
        if pupils:
            names = ", ".join(f"{p.known_as} ({p.class_name}, {p.upn})" for p in pupils)
            console.print(f"{label}: {names}")
    if result.unknown_names:
        console.print(f"names matching no pupil: {', '.join(result.unknown_names)}")
    if result.areas:
        console.print(f"area of need: {', '.join(a.value for a in result.areas)}")
    for label, value in (
        ("intervention", result.intervention),
        ("duration", f"{result.duration_minutes} minutes" if result.duration_minutes else None),
        ("date", result.date.isoformat() if result.date else None),
    ):
        if value:
            console.print(f"{label}: {value}")
    if result.missing:
        console.print(f"would still ask for: {', '.join(result.missing)}")
