"""Corrections replace rather than add: "no it was Amira not Ravi", "remove Ravi", "the other
Maya", "actually make it high urgency" — judged on the record finally stored."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Concern, ConcernPupil, InterventionSession, Pupil
from tests.conversation.test_dialogue import Chat
from tests.worlds import World

BOTH = "worried about Maya in 2C and Ravi, both can't follow two-step instructions"


def stored(sessions: sessionmaker[Session]) -> tuple[list[int], str]:
    with sessions() as session:
        [concern] = session.scalars(select(Concern)).all()
        pupils = session.scalars(
            select(ConcernPupil.pupil_id).where(ConcernPupil.concern_id == concern.id)
        ).all()
        return sorted(pupils), concern.urgency


def test_it_was_x_not_y_replaces_the_pupil(world: World, sessions: sessionmaker[Session]) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(BOTH)
    fixed = chat.say("no it was Amira not Ravi")
    assert ("Pupil(s)", "Maya Patel (2C), Amira Hassan (3B)") in fixed.reply.fields
    assert chat.say("yes").ok
    assert stored(sessions)[0] == sorted([world.pupils["maya"], world.pupils["amira"]])


def test_remove_takes_a_pupil_off(world: World, sessions: sessionmaker[Session]) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(BOTH)
    chat.say("remove Ravi")
    assert chat.say("yes").ok
    assert stored(sessions)[0] == [world.pupils["maya"]]


def test_make_it_high_urgency_changes_the_urgency(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(BOTH)
    changed = chat.say("actually make it high urgency")
    assert ("Urgency", "high") in changed.reply.fields
    assert chat.say("yes").ok
    assert stored(sessions)[1] == "high"


def test_the_other_one_swaps_a_same_name_pupil(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        maya = session.get_one(Pupil, world.pupils["maya"])
        other = Pupil(
            school_id=maya.school_id, upn="A123456789012", first_name="Maya",
            last_name="Brown", date_of_birth=maya.date_of_birth, year_group=3,
            class_name="3B", sen_status="N",
        )  # fmt: skip
        session.add(other)
        session.flush()
        other_id = other.id
    chat = Chat(sessions, world, "sendco")
    chat.say("worried about Maya in 2C, she isn't following two-step instructions")
    swapped = chat.say("no, I meant the other Maya")
    assert ("Pupil(s)", "Maya Brown (3B)") in swapped.reply.fields, swapped.reply.text()
    assert chat.say("yes").ok
    assert stored(sessions)[0] == [other_id]


def test_the_value_a_correction_rejects_is_not_the_one_taken(
    world: World, sessions: sessionmaker[Session]
) -> None:
    """ "it was Monday not today" is Monday; "instead of 20 it was 15" is 15 minutes."""
    chat = Chat(sessions, world, "sendco")
    chat.say(BOTH)
    chat.say("it was Monday not today")
    assert chat.say("yes").ok
    with sessions() as session:
        [concern] = session.scalars(select(Concern)).all()
        assert concern.observed_on.weekday() == 0  # the Monday before the test's today
    ta = Chat(sessions, world, "ta")
    ta.say("plus one with Ravi and Noah 20 mins")
    fixed = ta.say("instead of 20 it was 15")
    assert any(value.startswith("15") for _, value in fixed.reply.fields), fixed.reply.fields
    assert ta.say("yes").ok
    with sessions() as session:
        [held] = session.scalars(select(InterventionSession)).all()
        assert held.duration_minutes == 15
