"""Finding the school a command acts on, and creating one (only ever on purpose).

A misspelt school name must never create a second school and copy every pupil into it, so
commands find an existing school (`choose_school`) and `sendco-bot school create` is the one
way to add one.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.errors import HandlerError
from storage.models import School

# The fictional school `make run` builds; never chosen for real records without being named.
DEMO_SCHOOL_NAME = "Oakfield Primary (demo)"


class UnknownSchool(HandlerError):
    """No school matches: the message lists the schools there are and how to add one."""


def get_or_create_school(session: Session, *, name: str, timezone: str = "Europe/London") -> School:
    """The school called `name`, created on first use (the demo and tests rely on this)."""
    school = session.scalar(select(School).where(School.name == name))
    if school is None:
        school = School(name=name, timezone=timezone)
        session.add(school)
        session.flush()
    return school


def create_school(session: Session, *, name: str, timezone: str = "Europe/London") -> School:
    """A new school; refused when the name is empty or already taken (in any letter case)."""
    name = " ".join(name.split())
    if not name:
        raise HandlerError(
            'Give the school\'s name, e.g. sendco-bot school create "Hillside Primary".'
        )
    if len(name) > 200:
        raise HandlerError("A school's name can be at most 200 characters.")
    taken = session.scalar(select(School).where(func.lower(School.name) == name.lower()))
    if taken is not None:
        raise HandlerError(f"There is already a school called '{taken.name}'.")
    return get_or_create_school(session, name=name, timezone=timezone)


def school_names(session: Session) -> list[str]:
    return list(session.scalars(select(School.name).order_by(School.name)))


def choose_school(session: Session, *, named: str | None, default_name: str) -> School:
    """The school a command acts on: the one `named` (--school), which must exist; else the
    configured default (SCHOOL_NAME) when it exists; else the database's only real school.

    Raises UnknownSchool saying which schools exist and how to create one.
    """
    if named is not None:
        school = _by_name(session, named)
        if school is None:
            raise UnknownSchool(f"There is no school called '{named}'. {_existing(session)}")
        return school
    school = _by_name(session, default_name)
    if school is not None:
        return school
    real = [s for s in session.scalars(select(School)) if s.name != DEMO_SCHOOL_NAME]
    if len(real) == 1:
        return real[0]
    if real:
        raise UnknownSchool(f"Say which school with --school. {_existing(session)}")
    raise UnknownSchool(_existing(session))


def _by_name(session: Session, name: str) -> School | None:
    wanted = " ".join(name.split()).lower()
    return session.scalar(select(School).where(func.lower(School.name) == wanted))


def _existing(session: Session) -> str:
    names = school_names(session)
    create = 'Create yours with: sendco-bot school create "Your School Name".'
    if not names:
        return f"There is no school in this database yet. {create}"
    listed = ", ".join(f"'{name}'" for name in names)
    return f"The schools here are: {listed}. {create}"
