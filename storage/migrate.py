"""Alembic, driven from code so `sendco-bot db upgrade` works from any directory.

Alembic is imported only when a migration may be needed: `up_to_date` asks the database for
its revision and compares it with the newest migration file (revisions are numbered in
order), so a command on an up-to-date database starts without loading Alembic at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from storage.database import normalise_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
NUMBERED = re.compile(r"^(\d{4})_\w+\.py$")


def newest_revision() -> str:
    """The newest migration's revision, from its file name (0009_offered_files.py: 0009)."""
    found = [
        m.group(1) for p in (MIGRATIONS / "versions").iterdir() if (m := NUMBERED.match(p.name))
    ]
    return max(found)


def up_to_date(engine: Engine) -> bool:
    """Whether the database is at the newest revision (False when it cannot say)."""
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return False  # no table yet, or no database: let Alembic deal with it
    return current == newest_revision()


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's ini interpolation treats % specially; URLs may hold escaped characters.
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
