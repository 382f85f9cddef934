"""Conversation repair, as ready-made patterns in every flow: "say that again", hand-off to
the SENDCO when the bot cannot help, a new request never merged into a draft however short,
and a choice between same-name pupils limited to the session's group."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import AdviceRequest, Concern, InterventionSession, Pupil, SessionAttendance
from tests.conversation.test_dialogue import Chat, count
from tests.worlds import World


def test_say_that_again_repeats_the_question_and_changes_nothing(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    asked = chat.say("worried about Maya")
    again = chat.say("say that again")
    assert again.reply.title == asked.reply.title
    chat.say("she can't follow two-step instructions")
    summary = chat.say("pardon?")
    assert summary.reply.title == "Log this concern?"
    assert chat.say("yes").ok
    with sessions() as session:
        [concern] = session.scalars(select(Concern)).all()
        assert concern.observed == "she can't follow two-step instructions"


def test_repeat_in_a_catalogue_form(world: World, sessions: sessionmaker[Session]) -> None:
    chat = Chat(sessions, world, "sendco")
    first = chat.say("set up a new Toe by Toe group")
    assert chat.say("repeat that").reply.title == first.reply.title


def test_asking_for_a_person_hands_off_to_the_sendco_and_keeps_the_draft(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    chat.say("worried about Maya, she can't follow two-step instructions")
    handed = chat.say("this isn't working, I need to talk to a person")
    assert "I've asked the SENDCO to contact you (A-00001)" in handed.reply.title
    assert "still here" in " ".join(handed.reply.lines)
    with sessions() as session:
        [request] = session.scalars(select(AdviceRequest)).all()
        assert "talk to a person" in request.question and "log a concern" in request.question
        assert request.pupil_id == world.pupils["maya"]
    assert chat.say("yes").ok  # the draft was kept
    assert count(sessions, Concern) == 1


def test_a_short_new_concern_over_a_session_draft_is_never_merged(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "ta")
    chat.say("20 mins Plus One with Ravi")
    interrupted = chat.say("worried about Maya in 2C")
    assert "waiting to be saved" in interrupted.reply.title
    chat.say("save")
    with sessions() as session:
        [held] = session.scalars(select(InterventionSession)).all()
        present = session.scalars(
            select(SessionAttendance.pupil_id).where(SessionAttendance.session_id == held.id)
        ).all()
        assert world.pupils["maya"] not in present
    assert count(sessions, Concern) == 0  # the concern is being asked for, not yet saved


def test_two_noahs_one_in_the_group_the_session_is_with_that_one(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        noah = session.get_one(Pupil, world.pupils["noah"])
        session.add(
            Pupil(
                school_id=noah.school_id, upn="A123456789012", first_name="Noah",
                last_name="Zed", date_of_birth=noah.date_of_birth, year_group=5,
                class_name="5C", sen_status="N",
            )
        )  # fmt: skip
    chat = Chat(sessions, world, "ta")
    summary = chat.say("20 mins Plus One with Noah")
    assert summary.reply.title == "Log this session?", summary.reply  # no list: one is in it
    assert "Zed" not in summary.reply.text()
    assert chat.say("yes").ok
    with sessions() as session:
        present = session.scalars(select(SessionAttendance.pupil_id)).all()
        assert list(present) == [world.pupils["noah"]]


def test_a_bare_what_repeats_the_question_and_is_not_taken_as_the_answer(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    asked = chat.say("worried about Maya")
    for puzzled in ("what?", "eh?", "sorry, say again?", "what do you mean?"):
        assert chat.say(puzzled).reply.title == asked.reply.title
    chat.say("she can't follow two-step instructions")
    assert chat.say("yes").ok
    with sessions() as session:
        [concern] = session.scalars(select(Concern)).all()
        assert concern.observed == "she can't follow two-step instructions"


def test_asking_for_the_sendco_about_a_pupil_with_no_draft_names_the_pupil(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    handed = chat.say("this bot is useless, can I speak to the SENDCO about Ravi")
    assert "I've asked the SENDCO to contact you" in handed.reply.title
    with sessions() as session:
        [request] = session.scalars(select(AdviceRequest)).all()
        assert request.pupil_id == world.pupils["ravi"]
        assert "this bot is useless" in request.question
    assert count(sessions, Concern) == 0


def test_a_role_that_cannot_record_it_is_told_before_any_question(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "head")
    refused = chat.say("plus one 20 mins with Ravi")
    assert refused.reply.title == (
        "You can't log intervention sessions: that needs one of these roles: sendco, ta, "
        "teacher. Nothing was saved."
    )
    chat.say("yes")
    assert count(sessions, InterventionSession) == 0
