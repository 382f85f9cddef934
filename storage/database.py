"""Engines and sessions: SQLite (WAL, foreign keys on) or PostgreSQL from one URL.

On SQLite every transaction starts with BEGIN IMMEDIATE (SQLAlchemy's documented recipe for
pysqlite): a deferred transaction that reads first and writes later cannot wait for the write
lock (WAL would hand it a stale snapshot), so it fails at once with "database is locked" even
with a busy timeout. Taking the write lock up front makes writers queue behind the busy
timeout instead; `retry_locked` covers the rare transaction that still meets a lock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

# Imported for their session events: the audit hash chain, the roster versions, and the
# refusal to change a leaver's closed record.
from storage import audit_chain, closed_records, roster_version  # noqa: F401

T = TypeVar("T")

BUSY_TIMEOUT_SECONDS = 30
LOCK_RETRIES = 5


class DatabaseUnavailable(Exception):
    """The database cannot take a write (file deleted, read-only, disk full, server gone).

    `message` says what is wrong and what to do, in words for the person at the keyboard.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgres URLs (Heroku-style `postgres://` included)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory databases."""
    parsed = make_url(normalise_url(url))
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):  # a URI filename (uri=true): file:PATH?mode=ro
        database = database.removeprefix("file:").split("?", 1)[0]
    return os.path.abspath(database)


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    # Statement parameters hold pupil data; keep them out of error messages and logs.
    kwargs.setdefault("hide_parameters", True)
    if make_url(url).get_backend_name() == "sqlite":
        kwargs.setdefault("connect_args", {"timeout": BUSY_TIMEOUT_SECONDS})
        engine = create_engine(url, **kwargs)
        path = sqlite_path(url)
        event.listen(engine, "connect", _sqlite_connect(path))
        event.listen(engine, "begin", _sqlite_begin(path))
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_connect(path: str | None) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        # pysqlite's own BEGIN handling is switched off so that ours (BEGIN IMMEDIATE) is used.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()
        if path is not None and os.path.exists(path):
            record.info["sqlite_inode"] = os.stat(path).st_ino

    return on_connect


def _sqlite_begin(path: str | None) -> Callable[[Any], None]:
    def on_begin(connection: Any) -> None:
        if path is not None:
            _check_file(path, connection.connection.info)
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return on_begin


def _check_file(path: str, info: dict[str, Any]) -> None:
    """Refuse to work on a database file that was deleted or replaced under an open connection:
    SQLite would carry on writing into the unlinked file and every record would be lost."""
    try:
        inode = os.stat(path).st_ino
    except FileNotFoundError:
        raise DatabaseUnavailable(
            f"The database file {path} is missing (deleted or moved). "
            "Restore it from a backup or restart the bot."
        ) from None
    opened = info.get("sqlite_inode")
    if opened is not None and opened != inode:
        raise DatabaseUnavailable(
            f"The database file {path} was replaced while the bot was running. "
            "Restart the bot so it opens the current file."
        )


def is_locked(error: BaseException) -> bool:
    """A SQLite lock that outlasted the busy timeout (or a PostgreSQL serialization clash)."""
    if not isinstance(error, OperationalError):
        return False
    text = str(error.orig).lower()
    return "database is locked" in text or "database table is locked" in text


def unavailable_reason(error: BaseException) -> str | None:
    """Words for a person when the database cannot be written at all; None for other errors."""
    if isinstance(error, DatabaseUnavailable):
        return error.message
    if not isinstance(error, DBAPIError):
        return None
    text = str(error.orig).lower()
    if "readonly database" in text or "read-only" in text:
        return "The database is read-only: the bot cannot save anything until it is writable."
    if "unable to open database" in text or "disk i/o error" in text:
        return "The database file cannot be opened or written (check the disk and its folder)."
    if "database or disk is full" in text or "no space left" in text:
        return "The disk holding the database is full."
    if "no such table" in text:
        return "The database has no tables (a new or wrong file): run `sendco-bot db upgrade`."
    if error.connection_invalidated or ("connection" in text and "refused" in text):
        return "The database server cannot be reached."
    return None


def retry_locked(work: Callable[[], T], *, retries: int = LOCK_RETRIES) -> T:
    """Run `work` (one whole transaction), again after a short wait when it met a lock."""
    for attempt in range(retries):
        try:
            return work()
        except OperationalError as error:
            if not is_locked(error) or attempt == retries - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits at the end of the block, or rolls back entirely."""
    with factory() as session, session.begin():
        yield session
