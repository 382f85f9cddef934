"""Before saving, the bot says when a near-identical record exists: the same concern by the
same person about the same pupils on the same day, or the same group's session on the same
day by anyone. "yes" still saves (it can be right); "cancel" keeps one."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from storage.models import Concern, InterventionSession
from tests.conversation.test_dialogue import Chat, count
from tests.worlds import World

CONCERN = "worried about Maya in 2C, she isn't following two-step instructions"


def test_the_same_concern_twice_is_pointed_out(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    first = chat.say(CONCERN)
    assert "already logged" not in first.reply.title
    assert chat.say("yes").ok

    again = chat.say(CONCERN)
    assert "You already logged a concern about Maya Patel (2C)" in again.reply.title
    assert "(C-00001)" in again.reply.title
    assert chat.say("cancel").ok
    assert count(sessions, Concern) == 1

    chat.say(CONCERN)
    assert chat.say("yes").ok  # a second one on purpose is still saved
    assert count(sessions, Concern) == 2


def test_a_concern_about_other_pupils_or_by_someone_else_is_not_a_repeat(
    world: World, sessions: sessionmaker[Session]
) -> None:
    teacher = Chat(sessions, world, "teacher_2c")
    teacher.say(CONCERN)
    teacher.say("yes")
    other_pupil = teacher.say("worried about Ravi, he isn't following two-step instructions")
    assert "already logged" not in other_pupil.reply.title
    teacher.say("cancel")
    sendco = Chat(sessions, world, "sendco")
    assert "already logged" not in sendco.say(CONCERN).reply.title


def test_a_groups_session_already_logged_by_anyone_is_pointed_out(
    world: World, sessions: sessionmaker[Session]
) -> None:
    ta = Chat(sessions, world, "ta")
    ta.say("20 mins Plus One with Ravi and Noah")
    assert ta.say("yes").ok
    sendco = Chat(sessions, world, "sendco")
    again = sendco.say("20 mins Plus One with Ravi and Noah")
    assert "A session of Plus One" in again.reply.title
    assert "is already logged (20 minutes, logged by" in again.reply.title
    assert sendco.say("cancel").ok
    assert count(sessions, InterventionSession) == 1


def test_yes_after_the_warning_saves_an_identical_second_session(
    world: World, sessions: sessionmaker[Session]
) -> None:
    """The warning says "yes" saves this one as well: it does, though the same person logged
    the very same session (a group can meet twice in a day)."""
    ta = Chat(sessions, world, "ta")
    ta.say("20 mins Plus One with Ravi")
    assert ta.say("yes").ok
    again = ta.say("20 mins Plus One with Ravi")
    assert "Say “yes” to save this session as well" in again.reply.title
    saved = ta.say("yes")
    assert saved.ok and "Session logged" in saved.reply.title
    assert count(sessions, InterventionSession) == 2
