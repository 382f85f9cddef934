"""The audit trail against the app's own database user: on PostgreSQL the bot's role
(`sendco_app`) can only add and read audit rows; on SQLite, where the file's owner can do
anything, REPLACE is refused and a hash chain makes any other change evident."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from handlers import audit
from handlers.concerns import log_concern
from handlers.unit_of_work import perform
from storage.audit_chain import verify_session
from storage.codes import AuditAction
from storage.database import make_engine, normalise_url, session_factory
from tests.worlds import World

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def audited(sessions: sessionmaker[Session], world: World, count: int = 3) -> None:
    for n in range(count):
        outcome = perform(
            sessions, log_concern, actor=world.actor("teacher_2c"), now=NOW,
            data={"pupils": [world.pupils["maya"]], "observed": f"Finds lining up hard ({n})",
                  "areas": ["sensory_and_physical"], "urgency": "low"},
        )  # fmt: skip
        assert outcome.ok, outcome.reply.text()


def refused(engine: Engine, sql: str) -> bool:
    try:
        with engine.begin() as connection:
            connection.execute(text(sql))
    except DBAPIError:
        return True
    return False


# -- SQLite -------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_every_audit_row_is_chained_to_the_one_before(
    world: World, sessions: sessionmaker[Session]
) -> None:
    audited(sessions, world)
    with sessions() as session:
        report = verify_session(session)
    assert report.intact and report.rows == report.chained >= 3


@pytest.mark.sqlite_only
def test_sqlite_refuses_update_delete_and_replace(
    world: World, engine: Engine, sessions: sessionmaker[Session]
) -> None:
    audited(sessions, world)
    assert refused(engine, "UPDATE audit_events SET entity = 'x' WHERE id = 1")
    assert refused(engine, "DELETE FROM audit_events WHERE id = 1")
    assert refused(engine, "DELETE FROM audit_events")  # SQLite's truncate
    assert refused(
        engine,
        "INSERT OR REPLACE INTO audit_events (id, at, action, entity, detail) "
        "VALUES (1, '2026-01-01 00:00:00', 'read', 'pupil', '{}')",
    )
    assert refused(
        engine,
        "REPLACE INTO audit_events (id, at, action, entity, detail) "
        "VALUES (2, '2026-01-01 00:00:00', 'read', 'pupil', '{}')",
    )
    with sessions() as session:
        assert verify_session(session).intact


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("tamper", "broken_at"),
    [
        ("UPDATE audit_events SET detail = '{}' WHERE id = 2", 2),
        ("DELETE FROM audit_events WHERE id = 2", 3),
        (
            "INSERT INTO audit_events (at, action, entity, detail) "
            "VALUES ('2026-01-01 00:00:00', 'read', 'pupil', '{}')",
            4,
        ),
    ],
)
def test_a_change_behind_the_apps_back_breaks_the_chain_where_it_was_made(
    world: World,
    engine: Engine,
    sessions: sessionmaker[Session],
    db_url: str,
    tamper: str,
    broken_at: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: os.PathLike[str],
) -> None:
    audited(sessions, world)
    with engine.begin() as connection:  # what the owner of the file can do
        for trigger in ("audit_events_no_update", "audit_events_no_delete"):
            connection.execute(text(f"DROP TRIGGER {trigger}"))
        connection.execute(text(tamper))

    with sessions() as session:
        report = verify_session(session)
    assert report.first_broken_id == broken_at

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at row {broken_at}" in result.output


# -- PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture
def as_app_role(db_url: str) -> Iterator[Engine]:
    """An engine connected as `sendco_app`, the role the bot runs as (migration 0003)."""
    owner = make_engine(db_url)
    with owner.begin() as connection:
        connection.execute(text("ALTER ROLE sendco_app LOGIN"))
    owner.dispose()
    url = make_url(normalise_url(db_url)).set(username="sendco_app", password=None)
    engine = make_engine(url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()


@pytest.mark.postgres_only
def test_the_app_role_can_add_and_read_but_never_rewrite_the_trail(
    world: World, sessions: sessionmaker[Session], as_app_role: Engine
) -> None:
    app_sessions = session_factory(as_app_role)
    audited(app_sessions, world)  # the bot's everyday work, as the bot's role
    with app_sessions.begin() as session:
        audit.record(session, action=AuditAction.READ, entity="pupil", school_id=None,
                     actor_id=None)  # fmt: skip
    for sql in (
        "UPDATE audit_events SET entity = 'x'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "DROP TRIGGER audit_events_no_change ON audit_events",
        "DROP TRIGGER audit_events_no_truncate ON audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER ALL",
        "DROP TABLE audit_events",
    ):
        assert refused(as_app_role, sql), sql
    with as_app_role.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_events")).scalar_one() >= 4


@pytest.mark.postgres_only
def test_even_the_owner_cannot_truncate_or_rewrite_the_trail(
    world: World, sessions: sessionmaker[Session], engine: Engine
) -> None:
    audited(sessions, world)
    assert refused(engine, "TRUNCATE audit_events")
    assert refused(engine, "UPDATE audit_events SET entity = 'x'")
    assert refused(engine, "DELETE FROM audit_events")
