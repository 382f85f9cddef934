"""Who sees which pupil: the visibility routes of handlers.access, on a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers import access
from handlers.errors import Denied
from handlers.vocabulary import Actor
from storage.models import Pupil
from tests.worlds import World

EXPECTED_VISIBLE = {
    "sendco": {"maya", "ravi", "amira", "noah"},
    "head": {"maya", "ravi", "amira", "noah"},
    "dsl": set(),
    "admin": set(),
    "teacher_2c": {"maya", "ravi"},
    "teacher_3b": {"amira", "noah"},
    "ta": {"ravi", "noah"},
    "ta_other": {"amira"},
    "sendco_b": {"zara"},
    "teacher_b": {"zara"},
    "ta_b": {"zara"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED_VISIBLE))
def test_each_role_sees_exactly_its_pupils(
    who: str, world: World, sessions: sessionmaker[Session]
) -> None:
    names_by_id = {pid: name for name, pid in world.pupils.items()}
    with sessions() as session:
        visible = session.scalars(
            select(Pupil.id).where(access.visible_pupils_clause(world.actor(who)))
        ).all()
    assert {names_by_id[pid] for pid in visible} == EXPECTED_VISIBLE[who]


def test_nobody_reaches_another_schools_pupil(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        for who in ("sendco", "head", "teacher_2c", "ta"):
            assert not access.can_see_pupil(session, world.actor(who), world.pupils["zara"])
        assert not access.can_see_pupil(session, world.actor("sendco_b"), world.pupils["maya"])


def test_denial_names_the_roles_needed(world: World) -> None:
    teacher: Actor = world.actor("teacher_2c")
    with pytest.raises(Denied, match="sendco"):
        access.require(teacher, access.Permission.TRIAGE_CONCERN)
    with pytest.raises(Denied, match="another school"):
        access.require(
            world.actor("sendco"), access.Permission.EXPORT, school_id=world.school_ids["b"]
        )
