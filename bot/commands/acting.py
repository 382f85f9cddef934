"""Who a command-line command acts as: `--as EMAIL`, or by default the school's SENDCO (then
its head). The command line is a local admin tool, but what it does still goes through the
same access rules and audit trail as chat, against a named member of staff."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.identity import actor_by_email, school_lead
from handlers.vocabulary import Actor
from storage.models import School, Staff

SchoolOpt = Annotated[
    str | None,
    typer.Option("--school", help="The school, when the email is on more than one school's staff."),
]


def acting_as(sessions: sessionmaker[Session], email: str | None, school: str | None) -> Actor:
    """The member of staff acting; a wrong school or email ends the command (exit 2)."""
    if email is None:
        email = default_actor(sessions, school)
        typer.echo(f"Acting as {email}, the school's SENDCO (--as to choose).", err=True)
    with sessions() as session:
        school_id: int | None = None
        if school is not None:
            school_id = session.scalar(select(School.id).where(School.name == school))
            if school_id is None:
                fail(f"No school is called '{school}'.", code=2)
        else:
            schools = session.scalar(
                select(func.count(Staff.id)).where(Staff.email == email.strip().lower())
            )
            if schools and schools > 1:
                fail(f"{email} is on the staff of more than one school: add --school.", code=2)
        actor = actor_by_email(session, email, school_id=school_id)
    if actor is None:
        where = f" at {school}" if school else ""
        fail(f"No active member of staff has the email {email}{where}.", code=2)
    return actor


def default_actor(sessions: sessionmaker[Session], school: str | None) -> str:
    """Whoever runs the command on the server acts as the school's SENDCO (then its head), so
    what they do is still audited against a named member of staff."""
    with sessions() as session:
        schools = session.scalars(
            select(School).where(School.name == school) if school else select(School)
        ).all()
        if len(schools) != 1:
            what = f"No school is called '{school}'." if school else "Say which school: --school."
            fail(what if school or schools else "There is no school in this database yet.", code=2)
        lead = school_lead(session, schools[0].id)
        if lead is not None:
            return lead.email
    fail("This school has no SENDCO or head on record: name who is acting with --as.", code=2)


def fail(message: str, *, code: int) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)
