"""A pupil's record: the profile, the register history and a chronology of everything recorded
about the pupil, each read audited, each member of staff seeing only what they may."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.errors import Denied, NotFound
from handlers.plans.create import create_support_plan
from handlers.plans.ehcp import record_ehcp
from handlers.plans.reviews import record_review_outcome
from handlers.pupils.chronology import pupil_chronology
from handlers.pupils.labels import needs_text, provision_label, year_label
from handlers.pupils.record import PupilRecord, get_pupil_record
from handlers.pupils.search import find_pupils
from handlers.register import set_sen_provision
from handlers.unit_of_work import perform
from storage.models import (
    AdviceRequest,
    AuditEvent,
    Base,
    Concern,
    ConcernArea,
    ConcernPupil,
    ConcernStatusChange,
    InterventionMember,
    InterventionSession,
    KeyAdult,
    Pupil,
    Review,
    SessionAttendance,
)
from tests.worlds import STAFF, World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def at(day: int, hour: int = 10, month: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def record_of(outcome: Any) -> PupilRecord:
    record = getattr(outcome, "record", None)
    assert isinstance(record, PupilRecord), outcome.reply.title
    return record


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def concern(
    session: Session,
    world: World,
    by: str,
    pupil: str,
    observed: str,
    when: datetime,
    changes: tuple[tuple[str, str, str, datetime, str], ...] = (),
) -> Concern:
    row = Concern(
        school_id=world.school_ids["a"],
        raised_by_id=world.actor(by).staff_id,
        raised_at=when,
        observed_on=when.date(),
        observed=observed,
        urgency="high",
        status=changes[-1][1] if changes else "new",
        pupils=[ConcernPupil(pupil_id=world.pupils[pupil])],
        areas=[ConcernArea(area="cognition_and_learning")],
        history=[ConcernStatusChange(changed_at=when, from_status=None, to_status="new")],
    )
    for from_status, to_status, who, changed_at, note in changes:
        row.history.append(
            ConcernStatusChange(
                changed_at=changed_at,
                from_status=from_status,
                to_status=to_status,
                changed_by_id=world.actor(who).staff_id,
                note=note,
            )
        )
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def history(world: World, sessions: sessionmaker[Session]) -> dict[str, str]:
    """Ravi's autumn: two concerns, advice requests, Plus One sessions, a support plan."""
    refs: dict[str, str] = {}
    with sessions.begin() as session:
        own = concern(
            session,
            world,
            "teacher_2c",
            "ravi",
            "Reverses b and d in writing",
            at(8),
            (("new", "acknowledged", "sendco", at(9), "Screener booked"),),
        )
        other = concern(
            session,
            world,
            "sendco",
            "ravi",
            "Struggles to settle after lunch",
            at(10),
            (("new", "monitoring", "sendco", at(11), "Watch for a term"),),
        )
        refs["own"], refs["other"] = own.reference, other.reference
        mine = AdviceRequest(
            school_id=world.school_ids["a"],
            asked_by_id=world.actor("teacher_2c").staff_id,
            pupil_id=world.pupils["ravi"],
            question="Coloured overlays?",
            asked_at=at(12),
        )
        theirs = AdviceRequest(
            school_id=world.school_ids["a"],
            asked_by_id=world.actor("ta").staff_id,
            pupil_id=world.pupils["ravi"],
            question="Sit him at the front?",
            asked_at=at(13),
        )
        session.add_all([mine, theirs])
        member = session.scalars(
            select(InterventionMember).where(InterventionMember.pupil_id == world.pupils["ravi"])
        ).one()
        member.entry_score, member.entry_on = Decimal("84.00"), date(2026, 9, 7)
        for day, present in ((14, True), (16, False)):
            held = InterventionSession(
                intervention_id=world.interventions["plus_one"],
                held_on=date(2026, 9, day),
                duration_minutes=20,
                logged_by_id=world.actor("ta").staff_id,
                created_at=at(day, 15),
                attendance=[
                    SessionAttendance(
                        pupil_id=world.pupils["ravi"],
                        present=present,
                        absence_reason="" if present else "ill",
                    )
                ],
            )
            session.add(held)
        session.flush()
        refs["mine"], refs["theirs"] = mine.reference, theirs.reference
    perform(
        sessions,
        set_sen_provision,
        actor=world.actor("sendco"),
        pupil_id=world.pupils["ravi"],
        now=at(18),
        data={
            "sen_status": "K",
            "primary_need": "SPLD",
            "secondary_need": "SLCN",
            "reason": "Screener results",
        },
    )
    perform(
        sessions,
        create_support_plan,
        actor=world.actor("sendco"),
        now=at(21),
        data={
            "pupil": world.pupils["ravi"],
            "targets": ["Spells CVC words | Toe by Toe", "Reads a page aloud"],
        },
    )
    return refs


def test_the_sendco_opens_ravis_record_with_profile_plans_and_everything_in_date_order(
    world: World, sessions: sessionmaker[Session], history: dict[str, str]
) -> None:
    outcome = perform(
        sessions,
        get_pupil_record,
        actor=world.actor("sendco"),
        pupil_id=world.pupils["ravi"],
        now=NOW,
    )

    record = record_of(outcome)
    assert (record.known_as, record.year_label, record.class_name) == ("Ravi Shah", "2", "2C")
    assert (record.sen_status, record.sen_label) == ("K", "K — SEN support")
    assert [(n.rank, n.code, n.name) for n in record.needs] == [
        (1, "SPLD", "Specific learning difficulty"),
        (2, "SLCN", "Speech, language and communication needs"),
    ]
    [plan] = record.plans
    assert (plan.kind, plan.started_on, plan.next_review_due) == (
        "sen_support",
        date(2026, 9, 21),
        date(2026, 12, 14),
    )
    assert plan.outcomes == ("Spells CVC words", "Reads a page aloud")
    assert [(e.from_status, e.to_status, e.needs, e.reason) for e in record.register_history] == [
        ("K", "K", "SPLD;SLCN", "Screener results")
    ]
    assert [(e.on.day, e.kind) for e in record.chronology] == [
        (7, "intervention"),
        (7, "score"),
        (8, "concern"),
        (9, "concern_status"),
        (10, "concern"),
        (11, "concern_status"),
        (12, "advice"),
        (13, "advice"),
        (14, "session"),
        (16, "session"),
        (18, "register"),
        (21, "plan"),
    ]
    summaries = [e.summary for e in record.chronology]
    assert "Entry score 84 (standardised score) in Plus One" in summaries
    assert "Missed Plus One: ill" in summaries
    assert f"{history['own']} new → acknowledged by Sendco: Screener booked" in summaries
    text = outcome.reply.text()
    assert "SEN provision: K — SEN support" in text
    assert "SEN support review" in text and "2026-12-14" in text
    with sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "read")).one()
    assert (event.entity, event.entity_id, event.detail) == (
        "pupil",
        world.pupils["ravi"],
        {"view": "record"},
    )
    assert event.actor_id == world.actor("sendco").staff_id


def test_a_class_teacher_sees_their_own_concern_in_full_and_only_the_status_of_a_colleagues(
    world: World, sessions: sessionmaker[Session], history: dict[str, str]
) -> None:
    outcome = perform(
        sessions,
        get_pupil_record,
        actor=world.actor("teacher_2c"),
        pupil_id=world.pupils["ravi"],
        now=NOW,
    )

    entries = {(e.kind, e.reference): e.summary for e in record_of(outcome).chronology}
    assert "Reverses b and d" in entries[("concern", history["own"])]
    assert ("concern_status", history["own"]) in entries
    redacted = entries[("concern", history["other"])]
    assert redacted == f"Concern {history['other']} raised by a colleague; status now monitoring"
    assert ("concern_status", history["other"]) not in entries
    assert ("advice", history["mine"]) in entries
    assert ("advice", history["theirs"]) not in entries  # the TA's question is the TA's
    assert "settle after lunch" not in outcome.reply.text()
    assert "Watch for a term" not in outcome.reply.text()


def test_a_ta_sees_ravis_sessions_and_plan_but_no_colleagues_concerns(
    world: World, sessions: sessionmaker[Session], history: dict[str, str]
) -> None:
    outcome = perform(
        sessions, get_pupil_record, actor=world.actor("ta"), pupil_id=world.pupils["ravi"], now=NOW
    )

    kinds = [(e.kind, e.reference) for e in record_of(outcome).chronology]
    assert not [k for k in kinds if k[0].startswith("concern")]
    assert ("advice", history["theirs"]) in kinds
    assert ("advice", history["mine"]) not in kinds
    assert {"session", "plan", "register", "intervention"} <= {k for k, _ in kinds}
    assert not [b for b in outcome.reply.buttons if b.action == "register.set_provision"]


def test_the_head_sees_every_concern(
    world: World, sessions: sessionmaker[Session], history: dict[str, str]
) -> None:
    outcome = perform(
        sessions,
        get_pupil_record,
        actor=world.actor("head"),
        pupil_id=world.pupils["ravi"],
        now=NOW,
    )
    summaries = " ".join(e.summary for e in record_of(outcome).chronology)
    assert "Reverses b and d" in summaries and "settle after lunch" in summaries


def test_the_chronology_alone_is_audited_as_a_read(
    world: World, sessions: sessionmaker[Session], history: dict[str, str]
) -> None:
    with sessions.begin() as session:
        entries = pupil_chronology(
            session=session, actor=world.actor("sendco"), pupil_id=world.pupils["ravi"], now=NOW
        )
    assert len(entries) == 12
    assert entries == sorted(entries, key=lambda e: e.on)
    with sessions() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert (event.action, event.detail) == ("read", {"view": "chronology"})


def test_reviews_held_and_ehcps_appear_in_the_chronology_and_record(
    world: World, sessions: sessionmaker[Session]
) -> None:
    sendco = world.actor("sendco")
    perform(
        sessions,
        record_ehcp,
        actor=sendco,
        now=NOW,
        data={"pupil": world.pupils["noah"], "issued_on": "2025-10-01", "local_authority": "Leeds"},
    )
    with sessions() as session:
        review_id = session.scalars(select(Review.id)).one()
    perform(
        sessions,
        record_review_outcome,
        actor=sendco,
        now=NOW,
        review_id=review_id,
        data={"held_on": "2026-09-28", "outcome": "continue"},
    )
    with sessions.begin() as session:
        session.add(KeyAdult(pupil_id=world.pupils["noah"], staff_id=world.actor("ta").staff_id))

    outcome = perform(
        sessions, get_pupil_record, actor=sendco, pupil_id=world.pupils["noah"], now=NOW
    )
    record = record_of(outcome)
    assert [(e.on, e.kind, e.summary) for e in record.chronology] == [
        (date(2025, 10, 1), "plan", "EHC plan started by Leeds"),
        (date(2026, 9, 7), "intervention", "Joined Plus One (Plus One)"),
        (date(2026, 9, 28), "review", "EHCP annual review held: continue"),
    ]
    assert record.plans[0].next_review_due == date(2027, 9, 27)  # held 28 Sep 2026
    assert record.key_adults == ("Ta",)


@pytest.mark.parametrize("who", sorted(STAFF))
@pytest.mark.parametrize("pupil", ["ravi", "zara"])
def test_who_may_open_a_pupils_record(
    who: str, pupil: str, world: World, sessions: sessionmaker[Session]
) -> None:
    may = {
        "ravi": {"sendco", "head", "teacher_2c", "ta"},
        "zara": {"sendco_b", "teacher_b", "ta_b"},
    }[pupil]
    before = counts(sessions)
    outcome = perform(
        sessions, get_pupil_record, actor=world.actor(who), pupil_id=world.pupils[pupil], now=NOW
    )

    with sessions() as session:
        [event] = session.scalars(select(AuditEvent)).all()
    assert (event.entity, event.entity_id, event.actor_id) == (
        "pupil",
        world.pupils[pupil],
        world.actor(who).staff_id,
    )
    after = counts(sessions)
    assert after.pop("audit_events") == before.pop("audit_events") + 1
    assert after == before
    if who in may:
        assert outcome.ok and event.action == "read"
    else:
        assert not outcome.ok and event.action == "deny"
        assert "can't see that pupil's record" in outcome.reply.title


def test_an_unknown_pupil_is_not_found(world: World, sessions: sessionmaker[Session]) -> None:
    outcome = perform(
        sessions, get_pupil_record, actor=world.actor("sendco"), pupil_id=987654, now=NOW
    )
    assert not outcome.ok
    assert "no pupil with that id" in outcome.reply.title
    with sessions() as session, pytest.raises(NotFound):
        pupil_chronology(session=session, actor=world.actor("sendco"), pupil_id=987654, now=NOW)
    with sessions() as session, pytest.raises(Denied):
        pupil_chronology(
            session=session, actor=world.actor("dsl"), pupil_id=world.pupils["ravi"], now=NOW
        )


# --- Search --------------------------------------------------------------------------------


def names(world: World, sessions: sessionmaker[Session], who: str, query: str) -> list[str]:
    with sessions() as session:
        return [
            m.known_as for m in find_pupils(session=session, actor=world.actor(who), query=query)
        ]


def test_staff_find_pupils_by_name_upn_or_class_among_those_they_may_see(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        ravi_upn = session.get_one(Pupil, world.pupils["ravi"]).upn
    assert names(world, sessions, "sendco", "ravi") == ["Ravi Shah"]
    assert names(world, sessions, "sendco", "SHAH ravi") == ["Ravi Shah"]
    assert names(world, sessions, "sendco", ravi_upn.lower()) == ["Ravi Shah"]
    assert names(world, sessions, "sendco", "3b") == ["Amira Hassan", "Noah Wright"]
    assert names(world, sessions, "sendco", "a") == [
        "Amira Hassan",
        "Maya Patel",
        "Ravi Shah",
        "Noah Wright",
    ]
    assert names(world, sessions, "teacher_2c", "a") == ["Maya Patel", "Ravi Shah"]
    assert names(world, sessions, "ta", "2C") == ["Ravi Shah"]
    assert names(world, sessions, "sendco", "zara") == []
    assert names(world, sessions, "sendco_b", "2C") == ["Zara Okafor"]
    assert names(world, sessions, "dsl", "ravi") == []
    assert names(world, sessions, "sendco", "  ") == []
    assert names(world, sessions, "sendco", "%") == []


def test_preferred_names_are_searched_and_shown(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.get_one(Pupil, world.pupils["amira"]).preferred_name = "Mira"
    assert names(world, sessions, "sendco", "mira hass") == ["Mira Hassan"]


def test_labels_read_as_the_census_writes_them() -> None:
    assert [year_label(y) for y in (-2, -1, 0, 1, 13)] == ["N1", "N2", "R", "1", "13"]
    assert provision_label("E") == "E — EHC plan"
    assert needs_text(["ASD"]) == "1. ASD Autistic spectrum disorder"
    assert needs_text([]) == "none recorded"
