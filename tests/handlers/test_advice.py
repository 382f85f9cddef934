"""Advice requests end to end: staff ask the SENDCO, who claims, answers and closes; follow-ups
reopen; requests left waiting too long are flagged."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.advice import (
    DEFAULT_MAX_OPEN,
    advice_form,
    answer_advice,
    ask_advice,
    claim_advice,
    close_advice,
    follow_up_advice,
    get_advice,
    list_advice_queue,
    overdue_advice,
    status_after_follow_up,
)
from handlers.unit_of_work import perform
from handlers.vocabulary import Actor, FieldKind, Outcome
from storage.codes import AdviceStatus, Role
from storage.models import AdviceMessage, AdviceRequest
from tests.handlers.test_concerns import NOW, add_staff, audits, counts, outbox
from tests.worlds import World

QUESTION = "How can I help Ravi settle after lunch? He is very unsettled in the afternoons."


def ask(
    sessions: sessionmaker[Session],
    world: World,
    who: str = "teacher_2c",
    *,
    now: datetime = NOW,
    **data: Any,
) -> Outcome:
    payload: dict[str, Any] = {"question": QUESTION, "pupil_id": world.pupils["ravi"]} | data
    return perform(sessions, ask_advice, actor=world.actor(who), data=payload, now=now)


def act(
    sessions: sessionmaker[Session],
    handler: Any,
    actor: Actor,
    request_id: int | None,
    *,
    now: datetime = NOW,
    **kwargs: Any,
) -> Outcome:
    return perform(sessions, handler, actor=actor, request_id=request_id, now=now, **kwargs)


def request_row(sessions: sessionmaker[Session], request_id: int | None) -> AdviceRequest:
    with sessions() as session:
        row = session.get_one(AdviceRequest, request_id)
        _ = row.messages
        return row


# --- asking -------------------------------------------------------------------------------------


def test_a_teacher_asks_about_a_pupil_and_the_triage_channel_hears_without_names(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = ask(sessions, world)

    assert outcome.ok, outcome.reply.title
    assert "A-00001" in outcome.reply.title
    row = request_row(sessions, outcome.record_id)
    assert (row.status, row.pupil_id, row.asked_at, row.question) == (
        "open",
        world.pupils["ravi"],
        NOW,
        QUESTION,
    )
    assert row.asked_by_id == world.actor("teacher_2c").staff_id
    [card] = outbox(sessions)
    assert (card.channel, card.rule, card.subject) == ("triage", "advice.triage", "A-00001")
    assert card.payload["privacy"] == "channel"
    assert "Ravi" not in card.message and "lunch" not in card.message
    assert "Year 2 pupil" in card.message
    assert [b["action"] for b in card.payload["buttons"]] == ["advice.claim", "advice.open"]
    [event] = audits(sessions)
    assert (event.action, event.entity, event.entity_id) == (
        "create",
        "advice_request",
        outcome.record_id,
    )
    assert event.detail["pupil_id"] == world.pupils["ravi"]


def test_a_general_question_about_no_pupil_is_fine_and_any_pupil_of_the_school_may_be_named(
    world: World, sessions: sessionmaker[Session]
) -> None:
    general = ask(sessions, world, "dsl", pupil_id=None)
    # The TA doesn't work with Maya, but may still ask about her (as they may raise a concern).
    about_maya = ask(sessions, world, "ta", pupil_id=str(world.pupils["maya"]))

    assert general.ok and about_maya.ok
    assert request_row(sessions, general.record_id).pupil_id is None
    assert "No particular pupil" in outbox(sessions)[0].message


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "help?"}, "question"),
        ({"pupil_id": "Ravi"}, "pupil_id"),
        ({"pupil_id": 999_999}, "pupil_id"),
        ({"pupil_id": "ZARA"}, "pupil_id"),
        ({"pupil_id": [1, 2]}, "pupil_id"),
    ],
)
def test_bad_questions_name_the_field_and_write_nothing(
    data: dict[str, Any], field: str, world: World, sessions: sessionmaker[Session]
) -> None:
    if data.get("pupil_id") == "ZARA":
        data["pupil_id"] = world.pupils["zara"]
    before = counts(sessions)

    outcome = ask(sessions, world, **data)

    assert set(outcome.errors) == {field} and outcome.errors[field]
    assert counts(sessions) == before


def test_the_ask_form_matches_the_input(world: World, sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        form = advice_form(session=session, actor=world.actor("teacher_3b"))
    assert [f.name for f in form.fields] == ["question", "pupil_id"]
    assert form.fields[1].kind is FieldKind.PUPIL and not form.fields[1].required


# --- claiming and answering ---------------------------------------------------------------------


def test_the_sendco_claims_and_answers_and_the_asker_is_told_each_time(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world).record_id
    sendco, teacher = world.actor("sendco"), world.actor("teacher_2c")

    claimed = act(sessions, claim_advice, sendco, request_id, now=NOW + timedelta(hours=1))
    answer = "Try a calm-down box and a visual timer after lunch; I'll pop in on Thursday."
    answered = act(
        sessions,
        answer_advice,
        sendco,
        request_id,
        now=NOW + timedelta(hours=3),
        data={"body": answer},
    )

    assert claimed.ok and answered.ok, (claimed.reply.title, answered.reply.title)
    row = request_row(sessions, request_id)
    assert row.status == "answered"
    assert (row.claimed_by_id, row.claimed_at) == (sendco.staff_id, NOW + timedelta(hours=1))
    assert row.answered_at == NOW + timedelta(hours=3)
    [message] = row.messages
    assert (message.author_id, message.body) == (sendco.staff_id, answer)

    told = outbox(sessions, recipient_id=teacher.staff_id)
    assert [n.rule for n in told] == ["advice.claimed", "advice.answered"]
    assert answer in told[1].message and "Ravi Shah" in told[1].message
    assert {b["action"] for b in told[1].payload["buttons"]} == {
        "advice.follow_up",
        "advice.close",
    }
    steps = [e.detail["step"] for e in audits(sessions, action="update")]
    assert steps == ["claim", "answer"]


def test_answering_an_open_request_claims_it_on_the_way(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world).record_id

    outcome = act(
        sessions, answer_advice, world.actor("sendco"), request_id, data={"body": "Yes, do."}
    )

    assert outcome.ok
    row = request_row(sessions, request_id)
    assert (row.status, row.claimed_by_id) == ("answered", world.actor("sendco").staff_id)


def test_a_request_a_colleague_has_claimed_cannot_be_claimed_or_answered_by_another_sendco(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world).record_id
    deputy = add_staff(sessions, world, "deputy_sendco", Role.SENDCO)
    assert act(sessions, claim_advice, world.actor("sendco"), request_id).ok
    before = counts(sessions)

    claim = act(sessions, claim_advice, deputy, request_id)
    answer = act(sessions, answer_advice, deputy, request_id, data={"body": "Try this."})
    again = act(sessions, claim_advice, world.actor("sendco"), request_id)

    assert claim.reply.title == "A-00001 is already claimed by Sendco."
    assert answer.reply.title == "A-00001 is already claimed by Sendco."
    assert again.ok and "already yours" in again.reply.title
    assert counts(sessions) == before


def test_an_empty_answer_is_refused_and_nothing_is_written(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world).record_id
    before = counts(sessions)

    outcome = act(sessions, answer_advice, world.actor("sendco"), request_id, data={"body": " "})

    assert outcome.errors == {"body": "Write your message: it can't be empty."}
    assert counts(sessions) == before
    assert request_row(sessions, request_id).status == "open"


# --- follow-ups and closing ---------------------------------------------------------------------


def test_the_askers_follow_up_reopens_the_request_with_the_sendco_who_answered(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world).record_id
    sendco, teacher = world.actor("sendco"), world.actor("teacher_2c")
    assert act(sessions, answer_advice, sendco, request_id, data={"body": "Try a timer."}).ok

    follow = act(
        sessions,
        follow_up_advice,
        teacher,
        request_id,
        now=NOW + timedelta(days=1),
        data={"body": "The timer helped, but he still struggles on Fridays."},
    )

    assert follow.ok and "open again" in follow.reply.title
    row = request_row(sessions, request_id)
    assert (row.status, row.claimed_by_id) == ("claimed", sendco.staff_id)
    assert [m.author_id for m in row.messages] == [sendco.staff_id, teacher.staff_id]
    [to_sendco] = outbox(sessions, recipient_id=sendco.staff_id)
    assert to_sendco.rule == "advice.message" and "Fridays" in to_sendco.message
    card = outbox(sessions, channel="triage")[-1]
    assert "A-00001: being looked at" in card.message and "Fridays" not in card.message

    again = act(sessions, answer_advice, sendco, request_id, data={"body": "Fridays: PE swap."})
    assert again.ok and request_row(sessions, request_id).status == "answered"


def test_the_sendcos_follow_up_tells_the_asker_and_leaves_the_status(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world).record_id
    sendco, teacher = world.actor("sendco"), world.actor("teacher_2c")
    assert act(sessions, claim_advice, sendco, request_id).ok

    outcome = act(
        sessions, follow_up_advice, sendco, request_id, data={"body": "Which lesson is it?"}
    )

    assert outcome.ok
    assert request_row(sessions, request_id).status == "claimed"
    told = outbox(sessions, recipient_id=teacher.staff_id, rule="advice.message")
    assert len(told) == 1 and "Which lesson" in told[0].message


def test_either_side_may_close_and_the_other_is_told_then_nothing_more_happens(
    world: World, sessions: sessionmaker[Session]
) -> None:
    sendco, teacher = world.actor("sendco"), world.actor("teacher_2c")
    by_asker = ask(sessions, world).record_id
    by_sendco = ask(sessions, world).record_id
    assert act(sessions, answer_advice, sendco, by_asker, data={"body": "Use a timer."}).ok

    assert act(sessions, close_advice, teacher, by_asker, now=NOW + timedelta(hours=5)).ok
    assert act(sessions, close_advice, sendco, by_sendco).ok

    row = request_row(sessions, by_asker)
    assert (row.status, row.closed_at) == ("closed", NOW + timedelta(hours=5))
    [to_sendco] = outbox(sessions, rule="advice.closed", recipient_id=sendco.staff_id)
    assert "closed by Teacher 2C" in to_sendco.message
    [to_teacher] = outbox(sessions, rule="advice.closed", recipient_id=teacher.staff_id)
    assert "A-00002 was closed by Sendco" in to_teacher.message

    before = counts(sessions)
    for outcome in (
        act(sessions, close_advice, teacher, by_asker),
        act(sessions, follow_up_advice, teacher, by_asker, data={"body": "One more thing"}),
        act(sessions, claim_advice, sendco, by_asker),
        act(sessions, answer_advice, sendco, by_asker, data={"body": "Late answer"}),
    ):
        assert not outcome.ok and "closed" in outcome.reply.title
    assert counts(sessions) == before


# --- the queue and overdue requests -------------------------------------------------------------


def test_the_sendcos_queue_holds_open_and_claimed_oldest_first_with_overdue_ones_flagged(
    world: World, sessions: sessionmaker[Session]
) -> None:
    sendco = world.actor("sendco")
    old = ask(sessions, world, "teacher_2c", now=NOW - timedelta(days=3)).record_id
    claimed = ask(sessions, world, "ta", now=NOW - timedelta(hours=30)).record_id
    answered = ask(sessions, world, "teacher_3b", now=NOW - timedelta(hours=20)).record_id
    ask(sessions, world, "teacher_b", pupil_id=world.pupils["zara"])
    assert act(sessions, claim_advice, sendco, claimed).ok
    assert act(sessions, answer_advice, sendco, answered, data={"body": "Done."}).ok

    queue = perform(sessions, list_advice_queue, actor=sendco, now=NOW)

    assert queue.reply.title == "Advice requests (2, 1 overdue)"
    assert [line.split(" · ")[0] for line in queue.reply.lines] == ["A-00001", "A-00002"]
    assert "OVERDUE" in queue.reply.lines[0] and "OVERDUE" not in queue.reply.lines[1]
    tighter = perform(
        sessions, list_advice_queue, actor=sendco, now=NOW, max_open=timedelta(hours=24)
    )
    assert tighter.reply.title == "Advice requests (2, 2 overdue)"

    mine = perform(sessions, list_advice_queue, actor=world.actor("teacher_3b"), now=NOW)
    assert [line.split(" · ")[0] for line in mine.reply.lines] == ["A-00003"]
    [first_read, *_] = audits(sessions, action="read")
    assert first_read.detail == {"view": "queue", "references": ["A-00001", "A-00002"]}
    assert old is not None


def _request(status: AdviceStatus, asked_hours_ago: float, *follow_ups: float) -> AdviceRequest:
    """An unsaved request asked by staff 1, with the asker's follow-ups (hours ago)."""
    request = AdviceRequest(
        id=int(asked_hours_ago * 10),
        asked_by_id=1,
        status=status.value,
        asked_at=NOW - timedelta(hours=asked_hours_ago),
    )
    request.messages = [AdviceMessage(author_id=2, body="answer", sent_at=NOW)]
    request.messages += [
        AdviceMessage(author_id=1, body="more", sent_at=NOW - timedelta(hours=h))
        for h in follow_ups
    ]
    return request


def test_requests_waiting_longer_than_the_limit_are_overdue_longest_first() -> None:
    open_old = _request(AdviceStatus.OPEN, 49)
    claimed_older = _request(AdviceStatus.CLAIMED, 72)
    fresh = _request(AdviceStatus.OPEN, 47)
    answered = _request(AdviceStatus.ANSWERED, 200)
    closed = _request(AdviceStatus.CLOSED, 200)
    reopened_recently = _request(AdviceStatus.CLAIMED, 200, 1)
    reopened_long_ago = _request(AdviceStatus.CLAIMED, 200, 60)
    everything = [open_old, claimed_older, fresh, answered, closed, reopened_recently]
    everything.append(reopened_long_ago)

    assert timedelta(hours=48) == DEFAULT_MAX_OPEN
    assert overdue_advice(everything, NOW) == [claimed_older, reopened_long_ago, open_old]
    assert overdue_advice(everything, NOW, timedelta(hours=100)) == []
    assert fresh in overdue_advice(everything, NOW, timedelta(hours=1))


def test_only_the_askers_follow_up_on_an_answer_reopens_it() -> None:
    reopen = status_after_follow_up(AdviceStatus.ANSWERED, by_asker=True, claimed_by_id=7)
    nobody = status_after_follow_up(AdviceStatus.ANSWERED, by_asker=True, claimed_by_id=None)
    sendco = status_after_follow_up(AdviceStatus.ANSWERED, by_asker=False, claimed_by_id=7)
    waiting = status_after_follow_up(AdviceStatus.OPEN, by_asker=True, claimed_by_id=None)

    assert (reopen, nobody, sendco, waiting) == (
        AdviceStatus.CLAIMED,
        AdviceStatus.OPEN,
        AdviceStatus.ANSWERED,
        AdviceStatus.OPEN,
    )


# --- reading one thread -------------------------------------------------------------------------


def test_the_asker_reads_the_thread_and_the_read_is_audited(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world).record_id
    assert act(sessions, answer_advice, world.actor("sendco"), request_id, data={"body": "Hi"}).ok

    outcome = perform(sessions, get_advice, actor=world.actor("teacher_2c"), request_id=request_id)

    assert outcome.ok
    assert QUESTION in outcome.reply.text() and "Sendco: Hi" in outcome.reply.text()
    [read] = audits(sessions, action="read")
    assert (read.entity, read.entity_id) == ("advice_request", request_id)
