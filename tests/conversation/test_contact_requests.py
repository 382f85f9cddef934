"""Asking to be contacted is a request to the SENDCO, not a concern about the pupil named:
"can the SENDCO ring me back about Maya" becomes an advice request, and "when you get a
minute" is not a one-minute session."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import AdviceRequest, Concern, InterventionSession
from tests.conversation.test_dialogue import Chat, count
from tests.worlds import World


@pytest.mark.parametrize(
    "text",
    [
        "can the SENDCO ring me back about Maya",
        "could you give me a call about Maya when you get a minute",
        "can I grab you about Maya's reading",
        "please email me about Maya's review",
    ],
)
def test_a_request_to_be_contacted_goes_to_the_sendco(
    text: str, world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    asked = chat.say(text)
    assert asked.reply.title == "Send this to the SENDCO?", asked.reply
    assert chat.say("yes").ok
    with sessions() as session:
        [request] = session.scalars(select(AdviceRequest)).all()
        assert request.pupil_id == world.pupils["maya"]
    assert count(sessions, Concern) == 0 and count(sessions, InterventionSession) == 0


def test_asking_for_a_word_is_asked_what_about(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    assert chat.say("can we have a quick word about Maya").reply.title == (
        "What would you like to ask the SENDCO?"
    )
    assert chat.say("her reading has stalled since October").reply.title == (
        "Send this to the SENDCO?"
    )
    assert chat.say("yes").ok
    with sessions() as session:
        [request] = session.scalars(select(AdviceRequest)).all()
        assert request.pupil_id == world.pupils["maya"]
        assert "reading has stalled" in request.question
    assert count(sessions, Concern) == 0
