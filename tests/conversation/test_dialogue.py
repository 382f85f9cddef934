"""Conversations through the engine on a real database: slot filling, corrections,
confirmation, cancel, restart mid-conversation and expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.conversation.dialogue import ChatContext, handle_message
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from storage.codes import Platform
from storage.models import (
    AdviceRequest,
    Concern,
    ConcernPupil,
    ConversationState,
    InterventionSession,
    OutboxNotice,
    SessionAttendance,
)
from tests.worlds import World

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class Chat:
    """One member of staff typing to the bot, with a clock the test moves."""

    def __init__(self, sessions: sessionmaker[Session], world: World, who: str) -> None:
        self.sessions = sessions
        self.actor = world.actor(who)
        self.now = MONDAY

    def say(self, text: str) -> Outcome:
        context = ChatContext(
            platform=Platform.CONSOLE, conversation_key=f"test:{self.actor.email}", now=self.now
        )
        return perform(self.sessions, handle_message, actor=self.actor, text=text, context=context)


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_teacher_logs_a_concern_in_one_message_and_confirms(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    summary = chat.say("worried about Maya in 2C, she isn't following two-step instructions")
    assert summary.reply.title == "Log this concern?"
    assert ("Pupil(s)", "Maya Patel (2C)") in summary.reply.fields
    assert count(sessions, Concern) == 0  # nothing saved before "yes"

    saved = chat.say("yes")

    assert saved.ok and "C-00001" in saved.reply.text()
    with sessions() as session:
        concern = session.scalars(select(Concern)).one()
        assert concern.observed.startswith("worried about Maya")
        assert [a.area for a in concern.areas] == ["communication_and_interaction"]
        assert session.scalars(select(ConcernPupil.pupil_id)).all() == [world.pupils["maya"]]
        assert session.scalar(select(func.count()).select_from(ConversationState)) == 0
        assert session.scalars(select(OutboxNotice.channel)).all() == ["triage"]


def test_the_bot_asks_for_what_is_missing_one_thing_at_a_time(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_3b")
    assert "Which pupil" in chat.say("I'm worried about one of mine").reply.title
    assert "What have you noticed" in chat.say("amira").reply.title
    summary = chat.say("she hasn't said a word in class all week and hides at carpet time")
    assert ("Pupil(s)", "Amira Hassan (3B)") in summary.reply.fields
    assert chat.say("yes").ok
    assert count(sessions, Concern) == 1


def test_a_ta_logs_a_session_and_corrects_the_duration(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "ta")
    first = chat.say("20 mins Plus One with Ravi")
    assert ("Duration", "20 minutes") in first.reply.fields
    corrected = chat.say("no, it was 30 minutes")
    assert ("Duration", "30 minutes") in corrected.reply.fields
    assert chat.say("yes").ok
    with sessions() as session:
        sitting = session.scalars(select(InterventionSession)).one()
        assert sitting.duration_minutes == 30
        assert sitting.held_on.isoformat() == "2026-11-23"
        marks = session.scalars(select(SessionAttendance)).all()
        assert [(m.pupil_id, m.present) for m in marks] == [(world.pupils["ravi"], True)]


def test_a_group_session_yesterday_records_every_member(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "ta")
    summary = chat.say("did plus one with the group yesterday")
    assert "How long" in summary.reply.title
    summary = chat.say("half an hour")
    assert ("Pupil(s)", "the whole group") in summary.reply.fields
    assert chat.say("yep").ok
    with sessions() as session:
        sitting = session.scalars(select(InterventionSession)).one()
        assert sitting.held_on.isoformat() == "2026-11-22"
        assert sitting.duration_minutes == 30
        present = session.scalars(select(SessionAttendance.pupil_id)).all()
        assert sorted(present) == sorted([world.pupils["ravi"], world.pupils["noah"]])


def test_cancel_at_any_point_saves_nothing(world: World, sessions: sessionmaker[Session]) -> None:
    chat = Chat(sessions, world, "ta")
    chat.say("20 mins plus one with ravi")
    reply = chat.say("cancel")
    assert "not saved" in reply.reply.title
    assert count(sessions, InterventionSession) == 0
    assert count(sessions, ConversationState) == 0


def test_a_restart_mid_conversation_loses_nothing(
    world: World, sessions: sessionmaker[Session]
) -> None:
    Chat(sessions, world, "teacher_2c").say("worried about ravi")
    # A new process: a fresh Chat object, the same database.
    again = Chat(sessions, world, "teacher_2c")
    summary = again.say("he can't blend cvc words and guesses from the first letter")
    assert ("Pupil(s)", "Ravi Shah (2C)") in summary.reply.fields
    assert again.say("yes").ok
    assert count(sessions, Concern) == 1


def test_an_idle_conversation_expires(world: World, sessions: sessionmaker[Session]) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    chat.say("worried about ravi")
    chat.now = MONDAY + timedelta(hours=2)
    reply = chat.say("yes")
    assert "expired" in reply.reply.title
    assert count(sessions, Concern) == 0


def test_two_pupils_with_one_name_are_never_guessed(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        from storage.models import Pupil
        from tests.worlds import world_upn

        session.add(
            Pupil(
                school_id=world.school_ids["a"], upn=world_upn(50), first_name="Maya",
                last_name="Brook", date_of_birth=MONDAY.date().replace(year=2018),
                year_group=3, class_name="3B",
            )
        )  # fmt: skip
    chat = Chat(sessions, world, "sendco")
    question = chat.say("maya was in tears at lunch again")
    assert "Which pupil" in question.reply.title
    assert (
        "1. Maya Brook (3B)" in question.reply.lines or "2. Maya Brook (3B)" in question.reply.lines
    )
    summary = chat.say("the one in 2C")
    assert ("Pupil(s)", "Maya Patel (2C)") in summary.reply.fields


def test_an_unknown_name_is_reported_not_forced(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    reply = chat.say("worried about Jaxon, he keeps running out of class")
    assert "couldn't find a pupil called Jaxon" in reply.reply.title
    assert "Which pupil" in reply.reply.title


def test_safeguarding_wins_even_mid_conversation_and_keeps_no_send_record(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "ta")
    chat.say("20 mins plus one with ravi")
    reply = chat.say("ravi just told me his dad hits him when he gets home")
    assert "safeguarding" in reply.reply.text().lower()
    assert count(sessions, Concern) == 0
    with sessions() as session:
        recipients = session.scalars(select(OutboxNotice.recipient_id)).all()
    assert recipients == [world.actor("dsl").staff_id]


def test_an_advice_request_is_queued_after_confirmation(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_3b")
    summary = chat.say("any tips for helping Noah with transitions after lunch?")
    assert summary.reply.title == "Send this to the SENDCO?"
    assert chat.say("yes").ok
    with sessions() as session:
        request = session.scalars(select(AdviceRequest)).one()
        assert request.pupil_id == world.pupils["noah"]
        assert request.status == "open"


def test_a_handler_refusal_keeps_the_answers_and_asks_again(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "ta")
    chat.say("plus one with ravi, 20 mins, on 16/11/2027")  # a date in the future
    reply = chat.say("yes")
    assert not reply.ok
    assert count(sessions, InterventionSession) == 0
    assert count(sessions, ConversationState) == 1
