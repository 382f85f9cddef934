"""`sendco-bot db ...`: schema migrations on the configured database."""

from __future__ import annotations

import typer

from bot.settings import Settings
from storage import migrate
from storage.database import make_engine

app = typer.Typer(help="Create or migrate the database schema (Alembic).", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Bring the database schema up to date (the bot also does this when it starts)."""
    settings = Settings()
    url = settings.database_owner_url or settings.database_url
    migrate.upgrade(url, revision)
    typer.echo(f"Database is at revision {_current(url)}.")


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base.")) -> None:
    """Step the schema back to REVISION. Data in dropped tables is lost."""
    settings = Settings()
    url = settings.database_owner_url or settings.database_url
    migrate.downgrade(url, revision)
    typer.echo(f"Database is at revision {_current(url) or 'base (empty)'}.")


@app.command()
def current() -> None:
    """Print the schema revision of the database, and the newest one this code knows."""
    settings = Settings()
    typer.echo(f"database: {_current(settings.database_url) or 'empty'}")
    typer.echo(f"code:     {migrate.head_revision()}")


def _current(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return migrate.current_revision(engine)
    finally:
        engine.dispose()
