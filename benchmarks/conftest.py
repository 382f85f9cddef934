"""Benchmarks run with `make bench`, never in the test suite: shared machines are noisy.

Each benchmark states its target; a run that misses a target fails, so regressions show.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.demo_school import build_demo_school
from storage import migrate
from storage.database import make_engine, session_factory

# The test suite's database and Teams fixtures, for the request-path benchmarks.
from tests.conftest import _migrated_template, db_url, engine, sessions  # noqa: F401
from tests.teams.conftest import microsoft, world  # noqa: F401

REFERENCE_DAY = date(2026, 11, 25)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write benchmarks/results.json and the table in docs/performance.md."""
    from benchmarks.results import RUN

    RUN.write()


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    migrate.upgrade(url)
    bench_engine = make_engine(url)
    yield session_factory(bench_engine)
    bench_engine.dispose()


@pytest.fixture
def demo_db(fresh_db: sessionmaker[Session]) -> sessionmaker[Session]:
    with fresh_db.begin() as session:
        build_demo_school(session, today=REFERENCE_DAY)
    return fresh_db
