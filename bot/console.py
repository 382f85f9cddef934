"""The terminal chat: the same conversation staff have in Slack or Teams, one line at a time.

Rich output on a terminal; plain lines when stdin is not a terminal, so a script can pipe a
conversation in (one message per line) and read the replies.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.reminder_settings import load_reminder_settings
from handlers.conversation.buttons import numbered
from handlers.conversation.dialogue import ChatContext, handle_message
from handlers.reminders.settings import ReminderSettings
from handlers.unit_of_work import perform, went_wrong
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import Platform
from storage.models import OutboxNotice, Staff

QUIT = {"quit", "exit", "bye", ":q"}
log = logging.getLogger(__name__)


KEPT = "Your earlier answers are kept."


def render(reply: Reply) -> list[str]:
    lines = [reply.title]
    lines += [f"  {label}: {value}" for label, value in reply.fields]
    lines += list(reply.lines)
    if reply.buttons:  # typing a button's number presses it (handlers.conversation.buttons)
        lines += numbered(reply)
    return lines


def save_files(reply: Reply, directory: Path) -> list[str]:
    """Write the reply's files into `directory` (readable by this user only: they hold pupil
    data) and say where each one is. A name already there gets a number, never overwritten."""
    lines: list[str] = []
    if not reply.files:
        return lines
    directory.mkdir(parents=True, exist_ok=True)
    for attachment in reply.files:
        target = directory / attachment.name
        stem, suffix = target.stem, target.suffix
        number = 1
        while target.exists():
            number += 1
            target = directory / f"{stem}-{number}{suffix}"
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(attachment.content)
        partial.chmod(0o600)
        os.replace(partial, target)
        lines.append(f"  → saved {target}")
    return lines


def notices_line(session: Session, outcome: Outcome) -> list[str]:
    """Say where the notices this message caused are going (delivered by Slack/Teams)."""
    lines: list[str] = []
    for notice in outcome.notices:
        if notice.staff_id is not None:
            name = session.scalar(select(Staff.display_name).where(Staff.id == notice.staff_id))
            lines.append(f"  → queued for {name}: {notice.reply.title.splitlines()[0]}")
        else:
            lines.append(f"  → queued for the {notice.channel} channel")
    return lines


def converse(
    *,
    sessions: sessionmaker[Session],
    actor: Actor,
    messages: Iterable[str],
    write: Callable[[str], None],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    reminders: ReminderSettings | None = None,
    files_dir: Path = Path("exports"),
) -> int:
    """Run each message through the conversation engine; returns how many were handled.
    Files a reply carries (exports, charts) are saved in `files_dir`."""
    reminders = reminders or load_reminder_settings()
    handled = 0
    for raw in messages:
        text = raw.rstrip("\n")
        if not text.strip():
            continue
        if text.strip().lower() in QUIT:
            break
        context = ChatContext(
            platform=Platform.CONSOLE,
            conversation_key=f"console:{actor.email}",
            now=clock(),
            settings=reminders,
        )
        try:
            outcome = perform(sessions, handle_message, actor=actor, text=text, context=context)
        except Exception:
            # A bug must not end the chat: say so, nothing of this message was kept (the
            # transaction rolled back), and the earlier answers are still waiting.
            log.exception("Handling a terminal message failed")
            outcome = Outcome(reply=went_wrong(KEPT))
        with sessions() as session:
            lines = render(outcome.reply) + notices_line(session, outcome)
        for line in lines + _saved(outcome.reply, files_dir):
            write(line)
        write("")
        handled += 1
    return handled


def _saved(reply: Reply, directory: Path) -> list[str]:
    try:
        return save_files(reply, directory)
    except OSError as error:
        return [f"  ✗ the file could not be saved in {directory}: {error.strerror}. Ask again "
                "once the folder can be written."]  # fmt: skip


def pending_notices(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return len(
            session.scalars(select(OutboxNotice.id).where(OutboxNotice.status == "pending")).all()
        )


def run_console(
    sessions: sessionmaker[Session], actor: Actor, files_dir: Path = Path("exports")
) -> None:
    if sys.stdin.isatty():
        console = Console(highlight=False)
        console.print(
            f"[bold]sendco-bot[/bold] — chatting as {escape(actor.display_name)} "
            f"({', '.join(sorted(r.value for r in actor.roles))}). "
            "Type “help” for ideas, “quit” to leave."
        )

        def prompt() -> Iterable[str]:
            while True:
                try:
                    yield console.input("[bold cyan]you>[/bold cyan] ")
                except (EOFError, KeyboardInterrupt):
                    return

        converse(
            sessions=sessions,
            actor=actor,
            messages=prompt(),
            write=lambda line: console.print(escape(line)),
            files_dir=files_dir,
        )
        return
    converse(sessions=sessions, actor=actor, messages=sys.stdin, write=print, files_dir=files_dir)
