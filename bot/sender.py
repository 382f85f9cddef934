"""Who a command-line message comes from, and which school it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.settings import Settings
from handlers.identity import actor_by_email
from handlers.vocabulary import Actor
from storage.models import School


class SenderError(Exception):
    """The sender or school could not be settled; the message says what to do."""


@dataclass(frozen=True)
class Sender:
    school: School
    actor: Actor | None


def ensure_a_school(session: Session, *, today: date) -> bool:
    """An empty database gets the demo school, so a first run has something to talk about."""
    if session.scalar(select(func.count(School.id))):
        return False
    from handlers.demo_school import build_demo_school  # a first run only

    build_demo_school(session, today=today)
    return True


def resolve_sender(session: Session, settings: Settings, *, as_email: str | None) -> Sender:
    if as_email:
        actor = actor_by_email(session, as_email)
        if actor is None:
            raise SenderError(
                f"No active member of staff has the email {as_email!r}. "
                "Import staff with `sendco-bot import staff FILE.csv`, or try one listed by "
                "`sendco-bot demo`."
            )
        school = session.get(School, actor.school_id)
        assert school is not None
        return Sender(school=school, actor=actor)
    schools = session.scalars(select(School).order_by(School.id)).all()
    if len(schools) == 1:
        return Sender(school=schools[0], actor=None)
    named = [s for s in schools if s.name == settings.school_name]
    if named:
        return Sender(school=named[0], actor=None)
    raise SenderError(
        "There are several schools here: say who is writing with --as EMAIL, "
        "or set SCHOOL_NAME to one of: " + ", ".join(s.name for s in schools)
    )
