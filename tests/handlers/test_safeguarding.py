"""Safeguarding is not SEND: the member of staff is sent to the procedure and the DSL at once,
the DSL is alerted privately, and nothing but that alert is kept."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.safeguarding import report_safeguarding, safeguarding_form
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from storage.codes import Role
from storage.models import Staff, StaffRole
from tests.handlers.test_concerns import NOW, audits, counts, outbox
from tests.worlds import STAFF, World

DISCLOSURE = "Maya told me her uncle hit her last night and she is scared to go home."


def report(sessions: sessionmaker[Session], world: World, who: str, text: str) -> Outcome:
    return perform(
        sessions, report_safeguarding, actor=world.actor(who), data={"text": text}, now=NOW
    )


def add_staff(sessions: sessionmaker[Session], school_id: int, name: str, role: Role) -> int:
    with sessions.begin() as session:
        staff = Staff(
            school_id=school_id,
            email=f"{name}@example.org",
            display_name=name.replace("_", " ").title(),
            roles=[StaffRole(role=role.value)],
        )
        session.add(staff)
        session.flush()
        return staff.id


def test_a_disclosure_sends_the_teacher_to_the_dsl_and_alerts_the_dsl_at_once(
    world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)

    outcome = report(sessions, world, "teacher_2c", DISCLOSURE)

    assert outcome.ok
    said = outcome.reply.text()
    assert "This sounds like a safeguarding concern, not a SEND concern." in said
    assert "Follow the school's safeguarding procedure now." in said
    assert "Speak to the designated safeguarding lead in person today: Dsl." in said
    assert outcome.reply.privacy == "private"

    [alert] = outbox(sessions)
    assert (alert.recipient_id, alert.rule, alert.channel) == (
        world.actor("dsl").staff_id,
        "safeguarding.alert",
        "",
    )
    assert "contact Teacher 2C now" in alert.message and DISCLOSURE in alert.message
    assert alert.payload["privacy"] == "private"

    after = counts(sessions)
    assert after == before | {"outbox": 1, "audit_events": 1}  # no concern, no pupil link
    [event] = audits(sessions)
    assert (event.action, event.entity, event.entity_id) == ("create", "safeguarding_alert", None)
    assert "uncle" not in str(event.detail) and "Maya" not in str(event.detail)
    assert event.detail == {"alerted": 1, "to_role": "dsl"}
    assert alert.subject == f"SG-{event.id:05d}"


def test_every_dsl_is_named_and_alerted(world: World, sessions: sessionmaker[Session]) -> None:
    second = add_staff(sessions, world.school_ids["a"], "deputy_dsl", Role.DSL)

    outcome = report(sessions, world, "ta", DISCLOSURE)

    assert "designated safeguarding leads in person today: Deputy Dsl and Dsl." in (
        outcome.reply.text()
    )
    alerts = outbox(sessions, rule="safeguarding.alert")
    assert sorted(a.recipient_id or 0 for a in alerts) == sorted(
        [world.actor("dsl").staff_id, second]
    )
    assert len({a.key for a in alerts}) == 2


def test_a_school_with_no_dsl_sends_staff_to_the_head_and_alerts_the_head(
    world: World, sessions: sessionmaker[Session]
) -> None:
    nobody = report(sessions, world, "teacher_b", DISCLOSURE)
    assert "No designated safeguarding lead is set up" in nobody.reply.text()
    assert "go to the head teacher in person now" in nobody.reply.text()
    assert outbox(sessions) == []

    head_b = add_staff(sessions, world.school_ids["b"], "head_b", Role.HEAD)
    outcome = report(sessions, world, "ta_b", DISCLOSURE)

    assert "go to the head teacher (Head B) in person now" in outcome.reply.text()
    [alert] = outbox(sessions)
    assert alert.recipient_id == head_b and alert.school_id == world.school_ids["b"]


def test_a_dsl_reporting_is_not_alerted_about_their_own_report(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = report(sessions, world, "dsl", DISCLOSURE)

    assert outcome.ok and outbox(sessions) == []


def test_an_empty_report_asks_for_words_and_writes_nothing(
    world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)

    outcome = report(sessions, world, "teacher_3b", "   ")

    assert set(outcome.errors) == {"text"} and "DSL" in outcome.errors["text"]
    assert counts(sessions) == before


def test_the_form_asks_for_the_text(world: World, sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        form = safeguarding_form(session=session, actor=world.actor("admin"))
    assert [f.name for f in form.fields] == ["text"]


DSLS_BY_SCHOOL = {"a": 1, "b": 0}


@pytest.mark.parametrize("who", sorted(STAFF))
def test_every_member_of_staff_may_report_to_their_own_schools_dsl(
    who: str, world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = report(sessions, world, who, DISCLOSURE)

    assert outcome.ok, outcome.reply.title
    school = STAFF[who][0]
    alerts = outbox(sessions)
    expected = 0 if who == "dsl" else DSLS_BY_SCHOOL[school]
    assert len(alerts) == expected
    assert all(a.school_id == world.school_ids[school] for a in alerts)
    [event] = audits(sessions)
    assert (event.action, event.actor_id) == ("create", world.actor(who).staff_id)
    assert audits(sessions, action="deny") == []
