"""The denial matrix for training: every member of staff in both schools x every action,
against school A's course and staff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers import training
from handlers.errors import Denied
from handlers.unit_of_work import perform
from handlers.vocabulary import Actor, Form, Outcome
from storage.models import AuditEvent, Base
from tests.worlds import STAFF, World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
TODAY = date(2026, 10, 5)

Action = Callable[[sessionmaker[Session], World, str, int], Outcome]


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


ACTIONS: dict[str, Action] = {
    "add_course": lambda s, w, who, c: perform(
        s, training.add_course, actor=w.actor(who), data={"name": f"Course {who}"}, now=NOW
    ),
    "record_training": lambda s, w, who, c: perform(
        s,
        training.record_training,
        actor=w.actor(who),
        data={"staff_id": w.actor("ta").staff_id, "course_id": c, "completed_on": "2026-10-01"},
        now=NOW,
    ),
    "require_course_for_role": lambda s, w, who, c: perform(
        s,
        training.require_course_for_role,
        actor=w.actor(who),
        data={"role": "ta", "course_id": c},
        now=NOW,
    ),
    "training_gaps": lambda s, w, who, c: perform(
        s, training.training_gaps, actor=w.actor(who), on=TODAY
    ),
    "my_training": lambda s, w, who, c: perform(
        s, training.my_training, actor=w.actor(who), on=TODAY
    ),
}

MANAGERS = {"sendco", "head", "admin"}
# "ok": allowed; "invalid": allowed to act, but school A's staff and courses are not theirs.
EXPECTED: dict[str, dict[str, str]] = {
    "add_course": {who: "ok" for who in (*MANAGERS, "sendco_b")},
    "record_training": {**{who: "ok" for who in MANAGERS}, "sendco_b": "invalid"},
    "require_course_for_role": {**{who: "ok" for who in MANAGERS}, "sendco_b": "invalid"},
    "training_gaps": {who: "ok" for who in (*MANAGERS, "sendco_b")},
    "my_training": {who: "ok" for who in STAFF},
}


@pytest.fixture
def course_id(sessions: sessionmaker[Session], world: World) -> int:
    outcome = perform(
        sessions,
        training.add_course,
        actor=world.actor("sendco"),
        data={"name": "Team Teach", "valid_months": 36},
        now=NOW,
    )
    assert outcome.record_id is not None
    return outcome.record_id


@pytest.mark.parametrize("who", sorted(STAFF))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_member_of_staff_may_do_only_what_their_role_allows(
    action: str, who: str, sessions: sessionmaker[Session], world: World, course_id: int
) -> None:
    before = row_counts(sessions)
    outcome = ACTIONS[action](sessions, world, who, course_id)
    after = row_counts(sessions)
    with sessions() as session:
        denials = session.scalars(select(AuditEvent).where(AuditEvent.action == "deny")).all()
    expected = EXPECTED[action].get(who, "denied")

    if expected == "ok":
        assert outcome.ok, (action, who, outcome.reply.title, outcome.errors)
        assert denials == []
    elif expected == "invalid":
        assert not outcome.ok and outcome.errors
        assert after == before
    else:
        assert not outcome.ok and not outcome.errors
        assert outcome.reply.title.startswith("You can't")
        assert [d.actor_id for d in denials] == [world.actor(who).staff_id]
        assert after["audit_events"] == before["audit_events"] + 1
        assert {k: v for k, v in after.items() if k != "audit_events"} == {
            k: v for k, v in before.items() if k != "audit_events"
        }


@pytest.mark.parametrize("who", sorted(STAFF))
def test_training_forms_only_for_those_who_manage_training(
    who: str, sessions: sessionmaker[Session], world: World
) -> None:
    builders: tuple[Callable[[Session, Actor], Form], ...] = (
        lambda s, a: training.course_form(session=s, actor=a),
        lambda s, a: training.training_record_form(session=s, actor=a, now=NOW),
        lambda s, a: training.requirement_form(session=s, actor=a),
    )
    allowed = who in (*MANAGERS, "sendco_b")
    with sessions() as session:
        for build in builders:
            if allowed:
                assert build(session, world.actor(who)).fields
            else:
                with pytest.raises(Denied):
                    build(session, world.actor(who))
