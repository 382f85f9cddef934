"""Finding the school a command acts on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import School


def get_or_create_school(session: Session, *, name: str, timezone: str = "Europe/London") -> School:
    """The school called `name`, created on first use (imports and the demo rely on this)."""
    school = session.scalar(select(School).where(School.name == name))
    if school is None:
        school = School(name=name, timezone=timezone)
        session.add(school)
        session.flush()
    return school
