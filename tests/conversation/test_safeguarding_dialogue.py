"""Safeguarding in conversation: a clear sign goes to the DSL at once; a possible sign gets
one question before anything is saved, and both the answer and its reason are audited;
"this is safeguarding" can be said at any point."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import AuditEvent, Concern, ConversationState, OutboxNotice
from tests.conversation.test_dialogue import Chat
from tests.worlds import World

POSSIBLE = "Maya in 2C has worn the same uniform all week and it's filthy"


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def checks(sessions: sessionmaker[Session]) -> list[dict[str, object]]:
    with sessions() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.entity == "safeguarding_check"))
        return [row.detail for row in rows]


def dsl_alerts(sessions: sessionmaker[Session], world: World) -> list[str]:
    with sessions() as session:
        return list(
            session.scalars(
                select(OutboxNotice.message).where(
                    OutboxNotice.recipient_id == world.actor("dsl").staff_id
                )
            )
        )


def test_a_possible_sign_is_asked_about_and_no_carries_on_as_send(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    asked = chat.say(POSSIBLE)
    assert asked.reply.title == (
        "This may be a safeguarding matter: neglect. Is a child at risk of harm?"
    )
    assert count(sessions, Concern) == 0 and dsl_alerts(sessions, world) == []

    summary = chat.say("no")
    assert summary.reply.title == "Log this concern?"
    assert chat.say("yes").ok
    assert count(sessions, Concern) == 1 and dsl_alerts(sessions, world) == []
    assert checks(sessions) == [
        {"answer": "no", "category": "neglect", "signals": ["same dirty clothes"]}
    ]


def test_yes_alerts_the_dsl_and_files_nothing_as_send(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    chat.say(POSSIBLE)
    alerted = chat.say("yes")
    assert "safeguarding" in alerted.reply.text().lower()
    assert count(sessions, Concern) == 0
    [alert] = dsl_alerts(sessions, world)
    assert "same uniform all week" in alert
    assert checks(sessions)[0]["answer"] == "yes"
    assert count(sessions, ConversationState) == 0


def test_an_open_draft_is_put_aside_while_asking_and_comes_back(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    first = chat.say("worried about Maya in 2C, she isn't following two-step instructions")
    assert first.reply.title == "Log this concern?"
    chat.say("Amira in 3B has a bruise on her arm and wouldn't say how")
    chat.say("yes")  # at risk: the DSL is told about Amira
    saved = chat.say("yes")  # the Maya draft is back, waiting for its confirmation
    assert saved.ok and "C-00001" in saved.reply.text()
    with sessions() as session:
        [concern] = session.scalars(select(Concern)).all()
    assert "two-step instructions" in concern.observed and "bruise" not in concern.observed
    assert len(dsl_alerts(sessions, world)) == 1


def test_this_is_safeguarding_takes_the_draft_to_the_dsl(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    chat.say("worried about Maya in 2C, she keeps asking to stay late after school")
    chat.say("actually this is safeguarding")
    assert count(sessions, Concern) == 0 and count(sessions, ConversationState) == 0
    [alert] = dsl_alerts(sessions, world)
    assert "stay late after school" in alert


def test_an_ordinary_send_concern_is_not_asked_about(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    reply = chat.say("Maya in 2C injured her ankle at football and needs a PEEP for fire drills")
    assert reply.reply.title == "Log this concern?"
    assert checks(sessions) == [] and dsl_alerts(sessions, world) == []


def test_a_concern_form_with_a_disclosure_is_refused_with_a_pointer_to_the_dsl(
    world: World, sessions: sessionmaker[Session]
) -> None:
    from datetime import UTC, datetime

    from handlers.concerns import log_concern
    from handlers.unit_of_work import perform

    data = {"pupils": [world.pupils["maya"]], "areas": [], "urgency": "high",
            "observed": "Maya said her step-dad hits her with a belt"}  # fmt: skip
    outcome = perform(sessions, log_concern, actor=world.actor("teacher_2c"),
                      data=data, now=datetime(2026, 11, 23, 10, tzinfo=UTC))  # fmt: skip
    assert "safeguarding matter (physical abuse)" in outcome.errors["observed"]
    assert count(sessions, Concern) == 0


def test_parse_reports_the_safeguarding_verdict(world: World) -> None:
    from datetime import date

    from handlers.conversation.pupils import Roster
    from handlers.conversation.understand import understand

    clear = understand("Tia says her 19 year old boyfriend gives her vodka", roster=Roster([]),
                       today=date(2026, 11, 23)).as_contract()  # fmt: skip
    assert clear["intent"] == "safeguarding"
    assert clear["safeguarding"] == {
        "category": "child_sexual_exploitation",
        "signals": ["an adult boyfriend", "older men: lifts, drink, debts"],
        "certainty": "clear",
    }
    plain = understand("Ravi can't follow two step instructions", roster=Roster([]),
                       today=date(2026, 11, 23)).as_contract()  # fmt: skip
    assert plain["safeguarding"] is None
