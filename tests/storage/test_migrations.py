"""The schema comes only from Alembic migrations, and they run both ways."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from storage import migrate
from storage.database import make_engine
from storage.migrations.env_filters import include_name
from storage.models import Base

SLACK_STORE_TABLES = {"slack_bots", "slack_installations", "slack_oauth_states"}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_every_table_at_head(empty_db_url: str) -> None:
    assert _tables(empty_db_url) == set()

    migrate.upgrade(empty_db_url)

    assert _tables(empty_db_url) == set(Base.metadata.tables) | SLACK_STORE_TABLES
    engine = make_engine(empty_db_url)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again_round_trips(empty_db_url: str) -> None:
    migrate.upgrade(empty_db_url)
    migrate.downgrade(empty_db_url, "base")
    assert _tables(empty_db_url) == set()

    migrate.upgrade(empty_db_url)
    assert _tables(empty_db_url) == set(Base.metadata.tables) | SLACK_STORE_TABLES


def test_models_and_migrations_agree(db_url: str) -> None:
    """A model changed without a migration shows up here as a difference."""
    engine = make_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_data_survives_a_repeated_upgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO schools (name, timezone, created_at) "
                "VALUES ('Kept School', 'Europe/London', CURRENT_TIMESTAMP)"
            )
        )
    migrate.upgrade(db_url)  # what the bot does at every start
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM schools")).scalars().all()
    engine.dispose()
    assert names == ["Kept School"]


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_database_errors_never_quote_the_values_they_refused(db_url: str) -> None:
    """A refused row's values (a pupil's name) must not reach error messages or logs."""
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO pupils (school_id, upn, first_name, last_name, date_of_birth, "
                    "year_group, class_name, sen_status, looked_after, on_roll, created_at, "
                    "updated_at) VALUES (:school, 'A201000126001', :first, 'Lane', "
                    "'2018-01-01', 3, '3B', 'N', false, true, CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP)"
                ),
                {"school": 999, "first": "Zephyrina"},
            )
    except IntegrityError as error:
        assert "Zephyrina" not in str(error)
    else:
        raise AssertionError("a pupil in a school that does not exist was stored")
    finally:
        engine.dispose()


def test_the_quick_up_to_date_check_agrees_with_alembic(empty_db_url: str) -> None:
    """Commands skip Alembic when the database is at the newest numbered migration file: the
    file names must say what Alembic says the head is, before and after an upgrade."""
    assert migrate.newest_revision() == migrate.head_revision()
    engine = make_engine(empty_db_url)
    try:
        assert not migrate.up_to_date(engine)  # no alembic_version table yet
        migrate.upgrade(empty_db_url, "0008")
        assert not migrate.up_to_date(engine)
        migrate.upgrade(empty_db_url)
        assert migrate.up_to_date(engine)
    finally:
        engine.dispose()
