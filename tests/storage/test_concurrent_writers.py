"""Writers queue, never fail: several processes saving concerns through the conversation at
once (as two `chat` windows or several Slack workers do) store every one of them.

Before BEGIN IMMEDIATE, SQLite handed a transaction that read first a stale snapshot and it
failed at once with "database is locked": about half of 40 concerns from two processes were lost.
"""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.worlds import World

WRITERS = 8
SAVES_EACH = 25
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _writer(url: str, email: str, writer: int, saves: int, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One process: a teacher logging `saves` concerns, each confirmed with "yes"."""
    try:
        results.put(_write(url, email, writer, saves))
    except BaseException as error:  # report it: a silent crash would look like a hang
        results.put((0, [f"writer {writer} crashed: {error!r}"]))


def _write(url: str, email: str, writer: int, saves: int) -> tuple[int, list[str]]:
    from handlers.conversation.dialogue import ChatContext, handle_message
    from handlers.identity import actor_by_email
    from handlers.unit_of_work import perform
    from storage.codes import Platform
    from storage.database import make_engine, session_factory

    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions() as session:
        actor = actor_by_email(session, email)
    assert actor is not None
    saved = 0
    problems: list[str] = []
    for n in range(saves):
        context = ChatContext(
            platform=Platform.CONSOLE,
            conversation_key=f"writer-{writer}",
            now=MONDAY + timedelta(seconds=writer * 1000 + n),
        )
        text = f"worried about Maya in 2C, she isn't following two-step instructions ({writer}/{n})"
        for message in (text, "yes"):
            outcome = perform(sessions, handle_message, actor=actor, text=message, context=context)
            if not outcome.ok:
                problems.append(outcome.reply.text())
        saved += 1
    engine.dispose()
    return saved, problems


def test_eight_processes_saving_at_once_lose_nothing(
    world: World, db_url: str, sessions: sessionmaker[Session]
) -> None:
    from storage.models import Concern

    email = world.actor("teacher_2c").email
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    processes = [
        spawn.Process(target=_writer, args=(db_url, email, w, SAVES_EACH, results))
        for w in range(WRITERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0, "a writer process crashed"

    problems = [p for _, ps in outcomes for p in ps]
    assert problems == []
    with sessions() as session:
        stored = session.scalar(select(func.count()).select_from(Concern))
        texts = set(session.scalars(select(Concern.observed)))
    assert stored == WRITERS * SAVES_EACH
    assert len(texts) == WRITERS * SAVES_EACH  # each save once, none merged or doubled
