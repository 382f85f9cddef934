"""The denial matrix for intervention groups and sessions: every member of staff in both
schools x every action on school A's Plus One group. A denial is a clear message, one DENY
audit event, and nothing else written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers import interventions
from handlers import sessions as session_handlers
from handlers.errors import Denied
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from storage.models import AuditEvent, Base
from tests.worlds import STAFF, World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)

Action = Callable[[sessionmaker[Session], World, str], Outcome]


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def _with_data(
    handler: Callable[..., Outcome], data: Callable[[World, str], dict[str, Any]]
) -> Action:
    def run(sessions: sessionmaker[Session], world: World, who: str) -> Outcome:
        return perform(sessions, handler, actor=world.actor(who), data=data(world, who), now=NOW)

    return run


def _on_group(handler: Callable[..., Outcome], group: str = "plus_one") -> Action:
    def run(sessions: sessionmaker[Session], world: World, who: str) -> Outcome:
        return perform(
            sessions, handler, actor=world.actor(who), intervention_id=world.interventions[group]
        )

    return run


def _list_my_groups(sessions: sessionmaker[Session], world: World, who: str) -> Outcome:
    return perform(sessions, interventions.list_my_groups, actor=world.actor(who))


ACTIONS: dict[str, Action] = {
    "create_intervention": _with_data(
        interventions.create_intervention,
        lambda w, who: {"name": f"Group of {who}", "programme": "ELSA", "start_on": "2026-09-07"},
    ),
    "add_members": _with_data(
        interventions.add_members,
        lambda w, who: {
            "intervention_id": w.interventions["plus_one"],
            "pupil_ids": [w.pupils["maya"]],
        },
    ),
    "remove_member": _with_data(
        interventions.remove_member,
        lambda w, who: {
            "intervention_id": w.interventions["plus_one"],
            "pupil_id": w.pupils["noah"],
        },
    ),
    "record_scores": _with_data(
        interventions.record_scores,
        lambda w, who: {
            "intervention_id": w.interventions["plus_one"],
            "pupil_id": w.pupils["ravi"],
            "stage": "entry",
            "score": 92,
        },
    ),
    "log_session": _with_data(
        session_handlers.log_session,
        lambda w, who: {"intervention_id": w.interventions["plus_one"], "duration_minutes": 20},
    ),
    "list_my_groups": _list_my_groups,
    "get_intervention": _on_group(interventions.get_intervention),
    "intervention_impact": _on_group(interventions.intervention_impact),
    "list_sessions": _on_group(session_handlers.list_sessions),
}

EVERYONE = set(STAFF)
ALLOWED: dict[str, set[str]] = {
    "create_intervention": {"sendco", "sendco_b"},  # each in their own school
    "add_members": {"sendco"},
    "remove_member": {"sendco"},
    "record_scores": {"sendco", "ta"},
    "log_session": {"sendco", "ta"},
    "list_my_groups": EVERYONE,  # each sees only their own school's groups
    "get_intervention": {"sendco", "head", "ta"},
    "intervention_impact": {"sendco", "head", "ta"},
    "list_sessions": {"sendco", "head", "ta"},
}


def without_audit(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k != "audit_events"}


@pytest.mark.parametrize("who", sorted(STAFF))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_member_of_staff_may_do_only_what_their_role_allows(
    action: str, who: str, sessions: sessionmaker[Session], world: World
) -> None:
    before = row_counts(sessions)
    outcome = ACTIONS[action](sessions, world, who)
    after = row_counts(sessions)
    with sessions() as session:
        denials = session.scalars(select(AuditEvent).where(AuditEvent.action == "deny")).all()

    if who in ALLOWED[action]:
        assert outcome.ok, (action, who, outcome.reply.title, outcome.errors)
        assert denials == []
        assert after["audit_events"] > before["audit_events"]  # every call is on record
    else:
        assert not outcome.ok
        assert not outcome.errors
        assert outcome.reply.title.startswith(("You can't", "That ", "Only "))
        assert [(d.actor_id, d.school_id) for d in denials] == [
            (world.actor(who).staff_id, world.school_ids[STAFF[who][0]])
        ]
        assert after["audit_events"] == before["audit_events"] + 1
        assert without_audit(after) == without_audit(before)


@pytest.mark.parametrize(
    "action",
    sorted(a for a in ACTIONS if a not in {"create_intervention", "list_my_groups"}),
)
def test_school_b_staff_reach_nothing_of_school_a_and_are_told_so(
    action: str, sessions: sessionmaker[Session], world: World
) -> None:
    outcome = ACTIONS[action](sessions, world, "sendco_b")
    assert outcome.reply.title == "That intervention belongs to another school."
    with sessions() as session:
        deny = session.scalars(select(AuditEvent).where(AuditEvent.action == "deny")).one()
    assert (deny.entity, deny.entity_id) == ("intervention", world.interventions["plus_one"])


@pytest.mark.parametrize("who", ["sendco", "head", "ta", "teacher_2c"])
def test_school_a_staff_reach_nothing_of_school_b(
    who: str, sessions: sessionmaker[Session], world: World
) -> None:
    group = world.interventions["talk_boost_b"]
    for handler in (
        interventions.get_intervention,
        interventions.intervention_impact,
        session_handlers.list_sessions,
    ):
        outcome = perform(sessions, handler, actor=world.actor(who), intervention_id=group)
        assert not outcome.ok
    logged = perform(
        sessions,
        session_handlers.log_session,
        actor=world.actor(who),
        data={"intervention_id": group, "duration_minutes": 20},
        now=NOW,
    )
    assert not logged.ok and not logged.errors
    with sessions() as session:
        assert session.scalar(select(func.count()).where(AuditEvent.action == "deny")) == 4


FORMS: dict[str, tuple[Callable[..., Any], set[str]]] = {
    "intervention_form": (
        lambda s, a, w: interventions.intervention_form(session=s, actor=a),
        {"sendco", "sendco_b"},
    ),
    "members_form": (
        lambda s, a, w: interventions.members_form(
            session=s, actor=a, intervention_id=w.interventions["plus_one"], now=NOW
        ),
        {"sendco"},
    ),
    "remove_member_form": (
        lambda s, a, w: interventions.remove_member_form(
            session=s, actor=a, intervention_id=w.interventions["plus_one"]
        ),
        {"sendco"},
    ),
    "scores_form": (
        lambda s, a, w: interventions.scores_form(
            session=s, actor=a, intervention_id=w.interventions["plus_one"]
        ),
        {"sendco", "ta"},
    ),
    "session_form": (
        lambda s, a, w: session_handlers.session_form(
            session=s, actor=a, now=NOW, intervention_id=w.interventions["plus_one"]
        ),
        {"sendco", "ta"},
    ),
}


@pytest.mark.parametrize("who", sorted(STAFF))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_forms_are_offered_only_to_those_who_may_submit_them(
    form: str, who: str, sessions: sessionmaker[Session], world: World
) -> None:
    build, allowed = FORMS[form]
    with sessions() as session:
        if who in allowed:
            assert build(session, world.actor(who), world).fields
        else:
            with pytest.raises(Denied):
                build(session, world.actor(who), world)
