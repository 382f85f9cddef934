"""When the database cannot take a write, nobody is told a record was saved: the reply says
nothing was kept and hands the person's words back; commands print one line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import fatal
from bot.console import converse
from handlers.vocabulary import Actor
from storage.database import make_engine, session_factory, sqlite_path
from storage.models import Concern
from tests.worlds import World

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CONCERN = "worried about Maya in 2C, she isn't following two-step instructions"
sqlite_only = pytest.mark.sqlite_only  # only SQLite has a database file to lose


def chat(sessions: sessionmaker[Session], actor: Actor, *lines: str) -> list[str]:
    out: list[str] = []
    converse(sessions=sessions, actor=actor, messages=lines, write=out.append, clock=lambda: NOW)
    return out


@sqlite_only
def test_a_database_file_deleted_mid_chat_is_refused_not_thanked(
    world: World, db_url: str, sessions: sessionmaker[Session]
) -> None:
    actor = world.actor("teacher_2c")
    assert "Log this concern?" in chat(sessions, actor, CONCERN)
    path = sqlite_path(db_url)
    assert path is not None
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)

    replies = "\n".join(chat(sessions, actor, "yes"))

    assert "Nothing was saved" in replies and "missing" in replies
    assert "concern C-" not in replies
    assert "“yes”" in replies  # the person's words, to send again


@sqlite_only
def test_a_read_only_database_refuses_the_save_and_keeps_the_words(
    world: World, db_url: str
) -> None:
    path = sqlite_path(db_url)
    read_only = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    sessions = session_factory(read_only)
    replies = "\n".join(chat(sessions, world.actor("teacher_2c"), CONCERN))
    read_only.dispose()

    assert "Nothing was saved" in replies and "read-only" in replies
    assert CONCERN in replies
    with session_factory(make_engine(db_url))() as session:
        assert session.scalar(select(func.count()).select_from(Concern)) == 0


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def test_a_database_url_naming_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'sendco.db'}"
    result = run_cli("status", env={"DATABASE_URL": url})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "folder in DATABASE_URL" in result.stderr


def test_an_unreachable_database_server_is_one_line(tmp_path: Path) -> None:
    url = "postgresql://sendco@127.0.0.1:1/sendco"  # nothing listens on port 1
    result = run_cli("status", env={"DATABASE_URL": url})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "cannot be reached" in result.stderr


def test_a_real_bug_is_not_hidden_behind_a_friendly_line() -> None:
    assert fatal.describe(KeyError("x")) is None
