"""The terminal chat: the same conversation staff have in Slack or Teams, one line at a time.

Rich output on a terminal; plain lines when stdin is not a terminal, so a script can pipe a
conversation in (one message per line) and read the replies.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

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
) -> int:
    """Run each message through the conversation engine; returns how many were handled."""
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
            for line in render(outcome.reply) + notices_line(session, outcome):
                write(line)
        write("")
        handled += 1
    return handled


def pending_notices(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return len(
            session.scalars(select(OutboxNotice.id).where(OutboxNotice.status == "pending")).all()
        )


def run_console(sessions: sessionmaker[Session], actor: Actor) -> None:
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
        )
        return
    converse(sessions=sessions, actor=actor, messages=sys.stdin, write=print)
