"""Absences are absences: a TA who says who was not there gets exactly that stored, with the
reason, and the rest of the group as present — never the absent pupil as the only one there."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import InterventionSession, SessionAttendance
from tests.conversation.test_dialogue import Chat
from tests.worlds import World


def stored(sessions: sessionmaker[Session], world: World) -> dict[str, tuple[bool, str]]:
    names = {world.pupils["ravi"]: "ravi", world.pupils["noah"]: "noah"}
    with sessions() as session:
        [held] = session.scalars(select(InterventionSession)).all()
        rows = session.scalars(
            select(SessionAttendance).where(SessionAttendance.session_id == held.id)
        ).all()
        return {names[r.pupil_id]: (r.present, r.absence_reason) for r in rows}


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "plus one today 20 mins, Noah was absent",
            {"ravi": (True, ""), "noah": (False, "absent")},
        ),
        ("plus one 20 mins, everyone except Noah", {"ravi": (True, ""), "noah": (False, "absent")}),
        ("plus one 20 mins, everyone but Noah", {"ravi": (True, ""), "noah": (False, "absent")}),
        ("plus one 20 mins, all but Noah", {"ravi": (True, ""), "noah": (False, "absent")}),
        ("plus one 20 mins, both there", {"ravi": (True, ""), "noah": (True, "")}),
        (
            "plus one 20 mins, just Ravi",
            {"ravi": (True, ""), "noah": (False, "not in the session")},
        ),
        (
            "plus one 20 mins, Noah was on a school trip",
            {"ravi": (True, ""), "noah": (False, "on a school trip")},
        ),
        (
            "plus one 20 mins, all there apart from Noah who was at the dentist",
            {"ravi": (True, ""), "noah": (False, "at the dentist")},
        ),
        ("plus one 20 mins Noah off sick", {"ravi": (True, ""), "noah": (False, "off sick")}),
        ("plus one 20 mins, Noah didn't come", {"ravi": (True, ""), "noah": (False, "absent")}),
        (
            "plus one 20 mins only Ravi",
            {"ravi": (True, ""), "noah": (False, "not in the session")},
        ),
        ("plus one 20 mins with Ravi and Noah", {"ravi": (True, ""), "noah": (True, "")}),
    ],
)
def test_who_was_not_there_is_stored_as_absent(
    message: str,
    expected: dict[str, tuple[bool, str]],
    world: World,
    sessions: sessionmaker[Session],
) -> None:
    chat = Chat(sessions, world, "ta")
    summary = chat.say(message)
    assert summary.reply.title == "Log this session?", summary.reply.text()
    if not all(present for present, _ in expected.values()):
        assert any(label == "Absent" for label, _ in summary.reply.fields)
    saved = chat.say("yes")
    assert saved.ok, saved.reply.text()
    assert stored(sessions, world) == expected


def test_saying_one_named_pupil_was_not_there_corrects_only_that_pupil(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "ta")
    chat.say("plus one 20 mins with Ravi and Noah")
    corrected = chat.say("Noah wasn't there actually")
    assert corrected.reply.title == "Log this session?"
    assert chat.say("yes go on").ok
    assert stored(sessions, world) == {"ravi": (True, ""), "noah": (False, "absent")}
