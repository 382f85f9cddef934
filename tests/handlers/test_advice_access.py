"""The denial matrix for advice requests: each member of staff of both schools × each action
on a question school A's teacher asked. Refusals are audited as DENY and write nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.advice import (
    advice_form,
    answer_advice,
    claim_advice,
    close_advice,
    follow_up_advice,
    get_advice,
    list_advice_queue,
)
from handlers.errors import Denied
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from tests.handlers.test_advice import ask
from tests.handlers.test_concerns import NOW, audits, counts
from tests.worlds import EVERY_STAFF_ROLE_IN_A, SCHOOL_B, STAFF, World

Action = Callable[[sessionmaker[Session], World, str, int], Outcome]


def _ask(sessions: sessionmaker[Session], world: World, who: str, _: int) -> Outcome:
    return ask(sessions, world, who, pupil_id=world.pupils["maya"])


def _on_request(handler: Callable[..., Outcome], **kwargs: Any) -> Action:
    def run(sessions: sessionmaker[Session], world: World, who: str, request_id: int) -> Outcome:
        return perform(sessions, handler, actor=world.actor(who), request_id=request_id, **kwargs)

    return run


ACTIONS: dict[str, Action] = {
    "ask_advice": _ask,
    "list_advice_queue": lambda sessions, world, who, _: perform(
        sessions, list_advice_queue, actor=world.actor(who), now=NOW
    ),
    "get_advice": _on_request(get_advice),
    "claim_advice": _on_request(claim_advice, now=NOW),
    "answer_advice": _on_request(answer_advice, data={"body": "Try a timer."}, now=NOW),
    "follow_up_advice": _on_request(follow_up_advice, data={"body": "Any news?"}, now=NOW),
    "close_advice": _on_request(close_advice, now=NOW),
}

ALLOWED: dict[str, set[str]] = {
    "ask_advice": EVERY_STAFF_ROLE_IN_A,
    "list_advice_queue": EVERY_STAFF_ROLE_IN_A | SCHOOL_B,
    "get_advice": {"sendco", "teacher_2c"},
    "claim_advice": {"sendco"},
    "answer_advice": {"sendco"},
    "follow_up_advice": {"sendco", "teacher_2c"},
    "close_advice": {"sendco", "teacher_2c"},
}
# School B's staff asking about school A's pupil: that pupil is unknown to them (field error).
INVALID: dict[str, set[str]] = {"ask_advice": SCHOOL_B}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who", sorted(STAFF))
def test_each_member_of_staff_may_do_only_what_their_role_allows(
    who: str, action: str, world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = ask(sessions, world, "teacher_2c").record_id
    assert request_id is not None
    before = counts(sessions)

    outcome = ACTIONS[action](sessions, world, who, request_id)

    if who in ALLOWED[action]:
        assert outcome.ok, outcome.reply.title
        assert audits(sessions, action="deny") == []
        if action == "list_advice_queue":
            listed = " ".join(outcome.reply.lines)
            assert ("A-00001" in listed) is (who in {"sendco", "teacher_2c"})
        return
    assert not outcome.ok
    assert outcome.reply.title
    if who in INVALID.get(action, set()):
        assert set(outcome.errors) == {"pupil_id"}
        assert counts(sessions) == before
        return
    [deny] = audits(sessions, action="deny")
    assert deny.actor_id == world.actor(who).staff_id
    assert counts(sessions) == before | {"audit_events": before["audit_events"] + 1}
    if who == "sendco_b" and action != "ask_advice":
        assert "another school" in outcome.reply.title
        assert (deny.entity, deny.entity_id) == ("advice_request", request_id)


def test_the_admin_is_not_offered_the_ask_form(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session, pytest.raises(Denied, match="ask the SENDCO"):
        advice_form(session=session, actor=world.actor("admin"))
