"""A TA logs sessions for the pupils of her groups: a pupil she may not see, named in a session
message, is left out, and the bot names them only by the first name she typed — never the
pupil's full name or class, which she may not see."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import InterventionSession, SessionAttendance
from tests.conversation.test_dialogue import Chat
from tests.worlds import World


def test_a_pupil_outside_the_tas_reach_is_left_out_of_her_session(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "ta")
    asked = chat.say("20 mins plus one with Maya")
    text = json.dumps([asked.reply.title, *asked.reply.lines, *asked.reply.fields])
    assert "I couldn't find Maya in the Plus One group, so I left them out." in text
    assert "Patel" not in text and "2C" not in text
    summary = chat.say("Ravi")
    assert ("Pupil(s)", "Ravi Shah (2C)") in summary.reply.fields
    assert chat.say("yes").ok
    with sessions() as session:
        [held] = session.scalars(select(InterventionSession)).all()
        present = session.scalars(
            select(SessionAttendance.pupil_id).where(SessionAttendance.session_id == held.id)
        ).all()
    assert world.pupils["maya"] not in present and world.pupils["ravi"] in present


def test_the_sendco_may_log_a_session_for_any_pupil(
    world: World, sessions: sessionmaker[Session]
) -> None:
    summary = Chat(sessions, world, "sendco").say("20 mins plus one with Ravi and Noah")
    assert "left them out" not in json.dumps([summary.reply.title, *summary.reply.lines])
