"""A new message while a draft is open never merges into it: the bot names what is pending
and offers save, discard or later; questions are answered with the draft left waiting; and
the many ways staff say yes all save."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Concern, ConcernPupil
from tests.conversation.test_dialogue import Chat
from tests.worlds import World

MAYA = "worried about Maya in 2C, she isn't following two-step instructions"
AMIRA = "Amira in 3B is really struggling with reading and spelling this term"


def concerns(sessions: sessionmaker[Session], world: World) -> list[tuple[str, str]]:
    names = {pid: name for name, pid in world.pupils.items()}
    with sessions() as session:
        rows = session.execute(
            select(ConcernPupil.pupil_id, Concern.observed)
            .join(Concern, Concern.id == ConcernPupil.concern_id)
            .order_by(Concern.id)
        ).all()
    return [(names[pid], observed) for pid, observed in rows]


def test_a_new_message_after_no_is_not_merged_and_the_refused_draft_waits(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(MAYA)
    chat.say("no")
    taken = chat.say(AMIRA)
    assert "Kept your concern about Maya Patel (2C) (you said no to it) for later." in (
        taken.reply.text()
    )
    assert taken.reply.title.endswith("Log this concern?")
    assert ("Pupil(s)", "Amira Hassan (3B)") in taken.reply.fields
    saved = chat.say("yes")
    assert "Back to your earlier concern about Maya Patel (2C)" in saved.reply.text()
    assert chat.say("cancel").reply.title == "Cancelled: the concern was not saved."
    assert concerns(sessions, world) == [("amira", AMIRA)]


def test_the_refused_draft_can_still_be_saved_when_it_comes_back(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(MAYA)
    chat.say("no")
    chat.say(AMIRA)
    chat.say("yes")
    assert chat.say("yes").ok
    assert concerns(sessions, world) == [("amira", AMIRA), ("maya", MAYA)]


def test_discard_drops_the_open_draft_and_takes_the_new_message(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(MAYA)
    chat.say(AMIRA)
    summary = chat.say("discard")
    assert summary.reply.title.endswith("Log this concern?")
    assert ("Pupil(s)", "Amira Hassan (3B)") in summary.reply.fields
    assert chat.say("yes").ok
    assert concerns(sessions, world) == [("amira", AMIRA)]


def test_save_keeps_each_childs_words_on_their_own_record(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(MAYA)
    chat.say(AMIRA)
    both = chat.say("save")
    assert "C-00001" in both.reply.text() and "Log this concern?" in both.reply.text()
    assert chat.say("yes").ok
    assert concerns(sessions, world) == [("maya", MAYA), ("amira", AMIRA)]


def test_later_parks_the_draft_and_brings_it_back(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(MAYA)
    chat.say(AMIRA)
    chat.say("later")
    saved = chat.say("yes")
    assert "Back to your earlier concern about Maya Patel (2C)" in saved.reply.text()
    assert chat.say("yes").ok
    assert concerns(sessions, world) == [("amira", AMIRA), ("maya", MAYA)]


def test_a_question_mid_draft_is_answered_and_the_draft_waits(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(MAYA)
    answer = chat.say("what have I logged this week?")
    assert "still waiting" in answer.reply.text()
    assert chat.say("yes").ok
    assert concerns(sessions, world) == [("maya", MAYA)]


@pytest.mark.parametrize(
    "yes", ["yes please", "send", "go for it", "sounds good", "👍", "that's fine", "submit"]
)
def test_every_way_of_saying_yes_saves(
    yes: str, world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "sendco")
    chat.say(MAYA)
    assert chat.say(yes).ok
    assert concerns(sessions, world) == [("maya", MAYA)]
