"""The SEN register: a SENDCO moves pupils on, off and across it under the census rules;
the SENDCO and head read it; each change is kept in the pupil's register history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.pupils.census import ProvisionInput, census_problems
from handlers.register import provision_form, sen_register, set_sen_provision
from handlers.unit_of_work import perform
from storage.codes import NeedType, SenProvision
from storage.models import AuditEvent, Base, OutboxNotice, Pupil, PupilNeed, RegisterChange
from tests.worlds import STAFF, World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
ON_SUPPORT = {
    "sen_status": "K",
    "primary_need": "SPLD",
    "secondary_need": "slcn",
    "reason": "Dyslexia screener and SALT report, Oct 2026",
}


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def audit_events(sessions: sessionmaker[Session]) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def set_provision(
    world: World, sessions: sessionmaker[Session], who: str, pupil: str, data: dict[str, Any]
) -> Any:
    return perform(
        sessions,
        set_sen_provision,
        actor=world.actor(who),
        pupil_id=world.pupils[pupil],
        data=data,
        now=NOW,
    )


def test_sendco_puts_maya_on_sen_support_with_ranked_needs_and_her_teacher_is_told(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = set_provision(world, sessions, "sendco", "maya", ON_SUPPORT)

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        maya = session.get_one(Pupil, world.pupils["maya"])
        assert maya.sen_status == "K"
        assert [(n.rank, n.need_code) for n in maya.needs] == [(1, "SPLD"), (2, "SLCN")]
        change = session.scalars(
            select(RegisterChange).where(RegisterChange.pupil_id == maya.id)
        ).one()
        assert (change.from_status, change.to_status, change.needs) == ("N", "K", "SPLD;SLCN")
        assert change.reason == ON_SUPPORT["reason"]
        assert change.changed_by_id == world.actor("sendco").staff_id
        assert change.changed_at == NOW
        notices = session.scalars(select(OutboxNotice)).all()
    # Maya's class teacher (2C) hears; the 2C teacher of school B does not.
    assert [n.recipient_id for n in notices] == [world.actor("teacher_2c").staff_id]
    assert notices[0].key == f"register:{change.id}:staff:{world.actor('teacher_2c').staff_id}"
    assert notices[0].subject == maya.upn
    assert "SEN support" in notices[0].message
    [event] = audit_events(sessions)
    assert (event.action, event.entity, event.entity_id) == ("update", "pupil", maya.id)
    assert event.detail == {"register_change": change.id, "from": "N", "to": "K"}
    assert "Maya" not in str(event.detail)


def test_taking_ravi_off_the_register_clears_his_needs(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = set_provision(
        world, sessions, "sendco", "ravi", {"sen_status": "N", "reason": "Caught up"}
    )

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        ravi = session.get_one(Pupil, world.pupils["ravi"])
        assert ravi.sen_status == "N"
        assert ravi.needs == []
        change = session.scalars(select(RegisterChange)).one()
        assert (change.from_status, change.to_status, change.needs) == ("K", "N", "")


def test_reordering_needs_keeps_the_status_and_records_the_change(
    world: World, sessions: sessionmaker[Session]
) -> None:
    set_provision(world, sessions, "sendco", "maya", ON_SUPPORT)
    swapped = {**ON_SUPPORT, "primary_need": "SLCN", "secondary_need": "SPLD", "reason": "EP"}
    outcome = set_provision(world, sessions, "sendco", "maya", swapped)

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        needs = session.scalars(
            select(PupilNeed).where(PupilNeed.pupil_id == world.pupils["maya"])
        ).all()
        assert sorted((n.rank, n.need_code) for n in needs) == [(1, "SLCN"), (2, "SPLD")]
        history = session.scalars(select(RegisterChange).order_by(RegisterChange.id)).all()
        assert [(c.from_status, c.to_status, c.needs) for c in history] == [
            ("N", "K", "SPLD;SLCN"),
            ("K", "K", "SLCN;SPLD"),
        ]


def test_setting_what_is_already_recorded_changes_nothing(
    world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)
    outcome = set_provision(
        world,
        sessions,
        "sendco",
        "ravi",
        {"sen_status": "K", "primary_need": "SPLD", "reason": "check"},
    )

    assert not outcome.ok
    assert "already recorded as K" in outcome.reply.title
    assert counts(sessions) == before


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"sen_status": "K", "reason": "r"}, "primary_need", "NSA"),
        ({"sen_status": "E", "reason": "r"}, "primary_need", "needs a primary need"),
        ({"sen_status": "E", "primary_need": "NSA", "reason": "r"}, "primary_need", "only valid"),
        ({"sen_status": "N", "primary_need": "ASD", "reason": "r"}, "primary_need", "empty"),
        (
            {"sen_status": "K", "primary_need": "SPLD", "secondary_need": "SPLD", "reason": "r"},
            "secondary_need",
            "must differ",
        ),
        (
            {"sen_status": "K", "primary_need": "SPLD", "secondary_need": "NSA", "reason": "r"},
            "secondary_need",
            "only be a primary",
        ),
        ({"sen_status": "K", "primary_need": "DYS", "reason": "r"}, "primary_need", "census"),
        ({"sen_status": "Q", "reason": "r"}, "sen_status", "Choose N"),
        ({"reason": "r"}, "sen_status", "Choose N"),
        ({"sen_status": "K", "primary_need": "SPLD", "reason": " "}, "reason", "Say why"),
        ({"sen_status": "K", "primary_need": "SPLD"}, "reason", "Say why"),
    ],
)
def test_census_rules_are_refused_field_by_field_and_nothing_is_written(
    data: dict[str, Any], field: str, words: str, world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)
    outcome = set_provision(world, sessions, "sendco", "maya", data)

    assert not outcome.ok
    assert field in outcome.errors, outcome.errors
    assert words in outcome.errors[field]
    assert counts(sessions) == before


def test_census_problems_is_a_pure_rule_set() -> None:
    support, ehcp, none = SenProvision.SUPPORT, SenProvision.EHCP, SenProvision.NONE
    assert census_problems(support, NeedType.NSA, None) == {}
    assert census_problems(ehcp, NeedType.ASD, NeedType.SLCN) == {}
    assert census_problems(none, None, None) == {}
    assert set(census_problems(none, NeedType.ASD, NeedType.SLCN)) == {
        "primary_need",
        "secondary_need",
    }
    assert set(census_problems(support, None, NeedType.SLCN)) == {
        "primary_need",
        "secondary_need",
    }


REGISTER_READERS = {"sendco", "head", "sendco_b"}


@pytest.mark.parametrize("who", sorted(STAFF))
def test_only_the_sendco_changes_the_register_and_never_in_another_school(
    who: str, world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)
    outcome = set_provision(world, sessions, who, "maya", ON_SUPPORT)

    if who == "sendco":
        assert outcome.ok, outcome.reply.title
        return
    assert not outcome.ok
    after = counts(sessions)
    assert after.pop("audit_events") == before.pop("audit_events") + 1
    assert after == before
    [event] = audit_events(sessions)
    assert event.action == "deny"
    assert event.actor_id == world.actor(who).staff_id
    if who == "sendco_b":  # a SENDCO, but Maya is in school A
        assert (event.entity, event.entity_id) == ("pupil", world.pupils["maya"])
        assert "can't see that pupil" in outcome.reply.title
    else:
        assert "manage plans and reviews" in outcome.reply.title


@pytest.mark.parametrize("who", sorted(STAFF))
def test_the_sendco_and_head_read_their_own_schools_register(
    who: str, world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = perform(sessions, sen_register, actor=world.actor(who))

    [event] = audit_events(sessions)
    if who not in REGISTER_READERS:
        assert not outcome.ok
        assert event.action == "deny"
        return
    assert outcome.ok
    rows = getattr(outcome, "rows", None)
    assert rows is not None
    expected = {"zara"} if who == "sendco_b" else {"ravi", "amira", "noah"}
    assert {r.pupil_id for r in rows} == {world.pupils[name] for name in expected}
    assert (event.action, event.entity, event.detail) == ("read", "register", {"rows": len(rows)})


def test_the_register_lists_census_codes_by_year_and_class(
    world: World, sessions: sessionmaker[Session]
) -> None:
    set_provision(
        world,
        sessions,
        "sendco",
        "amira",
        {**ON_SUPPORT, "primary_need": "SLCN", "secondary_need": "SEMH"},
    )
    outcome = perform(sessions, sen_register, actor=world.actor("sendco"))

    rows = getattr(outcome, "rows", [])
    assert [
        (r.first_name, r.year_group, r.sen_status, r.primary_need, r.secondary_need) for r in rows
    ] == [
        ("Ravi", 2, "K", "SPLD", None),
        ("Amira", 3, "K", "SLCN", "SEMH"),
        ("Noah", 3, "E", "ASD", None),
    ]
    assert outcome.reply.title == "SEN register: 3 pupils (2 K, 1 E)"


def test_the_register_form_asks_for_exactly_the_input_fields_filled_with_the_record(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        form = provision_form(
            session=session, actor=world.actor("sendco"), pupil_id=world.pupils["ravi"]
        )
    assert {f.name for f in form.fields} == set(ProvisionInput.model_fields)
    initial = {f.name: f.initial for f in form.fields}
    assert initial["sen_status"] == "K"
    assert initial["primary_need"] == "SPLD"
    assert initial["secondary_need"] is None
