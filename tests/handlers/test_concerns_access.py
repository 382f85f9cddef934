"""The denial matrix for concerns: each member of staff of both schools × each action on a
concern school A's teacher raised. Refusals are audited as DENY and write nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.concerns import (
    ask_for_more_information,
    assign_concern,
    change_concern_status,
    concern_form,
    concern_status_form,
    get_concern,
    list_concerns,
    log_concern,
)
from handlers.errors import Denied
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from tests.handlers.test_concerns import NOW, audits, counts, raise_concern
from tests.worlds import EVERY_STAFF_ROLE_IN_A, SCHOOL_B, STAFF, World

Action = Callable[[sessionmaker[Session], World, str, int], Outcome]


def _log(sessions: sessionmaker[Session], world: World, who: str, concern_id: int) -> Outcome:
    data = {"pupils": [world.pupils["maya"]], "observed": "Maya cries at every transition."}
    return perform(sessions, log_concern, actor=world.actor(who), data=data, now=NOW)


def _on_concern(handler: Callable[..., Outcome], **kwargs: Any) -> Action:
    def run(sessions: sessionmaker[Session], world: World, who: str, concern_id: int) -> Outcome:
        return perform(sessions, handler, actor=world.actor(who), concern_id=concern_id, **kwargs)

    return run


ACTIONS: dict[str, Action] = {
    "log_concern": _log,
    "list_concerns": lambda sessions, world, who, _: perform(
        sessions, list_concerns, actor=world.actor(who)
    ),
    "get_concern": _on_concern(get_concern),
    "change_concern_status": _on_concern(
        change_concern_status, data={"to_status": "acknowledged"}, now=NOW
    ),
    "ask_for_more_information": _on_concern(
        ask_for_more_information, data={"note": "Which lessons?"}, now=NOW
    ),
    "assign_concern": _on_concern(assign_concern, now=NOW),
}

# Who may: everyone else is denied. Another school's pupil is not "denied" but unknown to
# them: log_concern answers school B's staff with a field error on `pupils` (nothing written).
ALLOWED: dict[str, set[str]] = {
    "log_concern": EVERY_STAFF_ROLE_IN_A,
    "list_concerns": EVERY_STAFF_ROLE_IN_A | SCHOOL_B,
    "get_concern": {"sendco", "head", "teacher_2c"},
    "change_concern_status": {"sendco"},
    "ask_for_more_information": {"sendco"},
    "assign_concern": {"sendco"},
}
INVALID: dict[str, set[str]] = {"log_concern": SCHOOL_B}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who", sorted(STAFF))
def test_each_member_of_staff_may_do_only_what_their_role_allows(
    who: str, action: str, world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world, "teacher_2c").record_id
    assert concern_id is not None
    before = counts(sessions)

    outcome = ACTIONS[action](sessions, world, who, concern_id)

    if who in ALLOWED[action]:
        assert outcome.ok, outcome.reply.title
        assert audits(sessions, action="deny") == []
        if action == "list_concerns":
            listed = " ".join(outcome.reply.lines)
            assert ("C-00001" in listed) is (who in {"sendco", "head", "teacher_2c"})
        return
    assert not outcome.ok
    assert outcome.reply.title
    if who in INVALID.get(action, set()):
        assert set(outcome.errors) == {"pupils"}
        assert counts(sessions) == before
        return
    [deny] = audits(sessions, action="deny")
    assert deny.actor_id == world.actor(who).staff_id
    assert deny.school_id == world.actor(who).school_id
    assert counts(sessions) == before | {"audit_events": before["audit_events"] + 1}
    if who == "sendco_b" and action != "log_concern":
        assert "another school" in outcome.reply.title
        assert (deny.entity, deny.entity_id) == ("concern", concern_id)


def test_the_forms_are_refused_like_the_actions(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    assert concern_id is not None
    with sessions() as session:
        with pytest.raises(Denied):
            concern_form(session=session, actor=world.actor("admin"))
        with pytest.raises(Denied, match="sendco"):
            concern_status_form(session=session, actor=world.actor("head"), concern_id=concern_id)
        with pytest.raises(Denied, match="another school"):
            concern_status_form(
                session=session, actor=world.actor("sendco_b"), concern_id=concern_id
            )
