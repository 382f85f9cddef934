"""Several bot replicas on one PostgreSQL database: one sweep writes at a time (a transaction-
scoped advisory lock), and each reminder is sent once however the sweeps overlap."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from handlers.reminders import run_sweep
from handlers.reminders.sweep import SWEEP_LOCK_KEY, write_due_reminders
from storage.database import make_engine, session_factory
from storage.models import OutboxNotice
from tests.handlers.reminders.recording import RecordingChannel
from tests.handlers.reminders.small_school import SmallSchool, london

pytestmark = pytest.mark.postgres_only
REPLICAS = 4


def in_threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            work(index)
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_parallel_sweeps_on_separate_connections_send_each_reminder_once(
    db_url: str, small: SmallSchool
) -> None:
    channel = RecordingChannel()
    channel.now = london("2026-11-18", "16:00")
    start = threading.Barrier(REPLICAS)
    engines = [make_engine(db_url) for _ in range(REPLICAS)]

    def replica(index: int) -> None:
        sessions = session_factory(engines[index])
        start.wait()
        assert channel.now is not None
        run_sweep(sessions, now=channel.now, channels=[channel])

    errors = in_threads(REPLICAS, replica)
    try:
        assert errors == []
        with session_factory(engines[0])() as session:
            written = session.execute(select(OutboxNotice.key, OutboxNotice.status)).all()
    finally:
        for engine in engines:
            engine.dispose()

    keys = channel.sent_keys()
    assert len(keys) == len(set(keys)) == len(written) > 5
    assert {status for _, status in written} == {"delivered"}


def test_a_sweep_waits_while_another_holds_the_lock(
    db_url: str, sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    holder = make_engine(db_url)
    waiting = make_engine(db_url)
    done = threading.Event()
    with holder.connect() as connection:
        transaction = connection.begin()
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SWEEP_LOCK_KEY})

        def sweep(_: int) -> None:
            write_due_reminders(session_factory(waiting), now=london("2026-11-18", "16:00"))
            done.set()

        thread = threading.Thread(target=sweep, args=(0,))
        thread.start()
        assert _lock_is_awaited(sessions)  # the other sweep is blocked on our lock
        assert not done.is_set()
        with sessions() as session:
            assert session.scalar(select(OutboxNotice.id).limit(1)) is None
        transaction.commit()  # releases the lock
    thread.join(timeout=60)
    holder.dispose()
    waiting.dispose()
    assert done.is_set()
    with sessions() as session:
        assert session.scalar(select(OutboxNotice.id).limit(1)) is not None


def _lock_is_awaited(sessions: sessionmaker[Session], tries: int = 200) -> bool:
    """Poll pg_locks until a backend waits for an advisory lock (no fixed sleep asserted)."""
    for _ in range(tries):
        with sessions() as session:
            waiting = session.scalar(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            )
        if waiting:
            return True
        time.sleep(0.05)
    return False
