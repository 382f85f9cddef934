"""A small school in a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.handlers.reminders.small_school import SmallSchool, build_small_school


@pytest.fixture
def small(sessions: sessionmaker[Session]) -> SmallSchool:
    with sessions.begin() as session:
        return build_small_school(session)
