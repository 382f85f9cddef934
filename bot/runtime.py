"""Wiring shared by every command: settings → engine (migrated) → session factory."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from storage import migrate
from storage.database import make_engine, session_factory


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]


def open_runtime(settings: Settings | None = None, *, upgrade: bool = True) -> Runtime:
    """Connect to the configured database, bringing its schema up to date first."""
    settings = settings or Settings()
    pool: dict[str, int] = {}
    if not settings.database_url.startswith("sqlite"):
        pool = {"pool_size": settings.database_pool_size,
                "max_overflow": settings.database_max_overflow}  # fmt: skip
    engine = make_engine(settings.database_url, **pool)
    if upgrade and not migrate.up_to_date(engine):
        # Migrations run as the schema's owner when one is configured; the bot never does.
        migrate.upgrade(settings.database_owner_url or settings.database_url)
    return Runtime(settings=settings, engine=engine, sessions=session_factory(engine))
