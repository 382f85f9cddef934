"""Real databases for every test: SQLite by default, PostgreSQL when TEST_DATABASE_URL says.

Set TEST_DATABASE_URL to a PostgreSQL server URL (any database the user may connect to, with
CREATEDB rights); the suite then creates its own databases on that server and drops them after.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage import migrate
from storage.database import make_engine, normalise_url, session_factory
from storage.models import Base
from tests.worlds import World, build_world

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql"))


def _create_pg_database() -> str:
    server = make_url(normalise_url(SERVER_URL))
    name = f"sendco_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(url: str) -> None:
    server = make_url(normalise_url(SERVER_URL))
    name = make_url(url).database
    admin = make_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all: for migration tests."""
    if ON_POSTGRES:
        url = _create_pg_database()
        yield url
        _drop_pg_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database migrated to head; each test gets a clean copy (SQLite) or a clean slate."""
    if ON_POSTGRES:
        url = _create_pg_database()
        migrate.upgrade(url)
        yield url
        _drop_pg_database(url)
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        url = f"sqlite:///{path}"
        migrate.upgrade(url)
        yield url


@pytest.fixture
def db_url(_migrated_template: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database holding no rows, private to this test."""
    if ON_POSTGRES:
        yield _migrated_template
        engine = make_engine(_migrated_template)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            # The audit trail refuses TRUNCATE (a statement trigger); the suite's superuser
            # switches triggers off for this one reset, which the app's role never can.
            connection.execute(text("SET session_replication_role = replica"))
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            connection.execute(text("SET session_replication_role = DEFAULT"))
        engine.dispose()
    else:
        source = make_url(_migrated_template).database
        assert source
        target = tmp_path / "test.db"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """What adapters hold: a factory, one transaction per handler call (handlers.unit_of_work)."""
    return session_factory(engine)


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> World:
    """Two small schools with staff in every role, classes, pupils and an intervention group."""
    with sessions.begin() as session:
        return build_world(session)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres_only` run only when TEST_DATABASE_URL names a PostgreSQL server;
    tests marked `sqlite_only` (a database file, SQLite's own triggers) only on SQLite. CI
    runs the suite on both, so each runs in one of its passes."""
    wrong, reason = (
        ("sqlite_only", "SQLite only: runs in CI's SQLite pass")
        if ON_POSTGRES
        else ("postgres_only", "needs PostgreSQL: set TEST_DATABASE_URL")
    )
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if wrong in item.keywords:
            item.add_marker(skip)
