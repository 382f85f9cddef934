"""Leavers and retention: a leaver's record is closed (read-only, whoever writes), kept until
the date of birth + 31 years, then purged exactly - and nothing else with it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.concerns.service import log_concern
from handlers.plans.create import create_support_plan
from handlers.pupils.leavers import record_leaver
from handlers.reminders.facts import load_facts
from handlers.retention import has_expired, purge_expired, purge_records, retained_until
from handlers.unit_of_work import perform
from storage.closed_records import ClosedRecord
from storage.models import (
    AuditEvent,
    Concern,
    ConcernPupil,
    InterventionMember,
    InterventionSession,
    Plan,
    PlanTarget,
    Pupil,
    PupilNeed,
    SessionAttendance,
)
from tests.worlds import World

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def leave(world: World, sessions: sessionmaker[Session], name: str, who: str = "sendco",
          on: date = date(2026, 11, 13), to: str = "Oakfield Primary") -> str:  # fmt: skip
    outcome = perform(
        sessions, record_leaver, actor=world.actor(who), pupil_id=world.pupils[name],
        left_on=on, now=NOW, destination=to,
    )  # fmt: skip
    return outcome.reply.text()


def test_a_leaver_is_recorded_closed_and_their_group_place_ends(
    world: World, sessions: sessionmaker[Session]
) -> None:
    text = leave(world, sessions, "ravi")
    assert "Recorded: Ravi Shah left" in text and "Oakfield Primary" in text
    # Born 1 March 2018 (Year 2): kept until 1 March 2049; transfer pack 15 school days on.
    assert "Kept until 1 March 2049" in text and "by 4 December 2026" in text
    with sessions() as session:
        ravi = session.get_one(Pupil, world.pupils["ravi"])
        assert (ravi.left_on, ravi.destination, ravi.on_roll) == (
            date(2026, 11, 13),
            "Oakfield Primary",
            False,
        )
        place = session.scalars(
            select(InterventionMember).where(InterventionMember.pupil_id == ravi.id)
        ).one()
        assert place.left_on == date(2026, 11, 13)
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "pupil", AuditEvent.entity_id == ravi.id)
        ).one()
        assert event.detail["left_on"] == "2026-11-13" and event.detail["places_ended"] == 1


@pytest.mark.parametrize("who", ["teacher_2c", "ta", "dsl", "admin"])
def test_only_the_sendco_or_head_records_a_leaver(
    world: World, sessions: sessionmaker[Session], who: str
) -> None:
    assert "can't record pupils leaving" in leave(world, sessions, "ravi", who=who)
    with sessions() as session:
        assert session.get_one(Pupil, world.pupils["ravi"]).left_on is None


def test_the_head_may_record_a_leaver(world: World, sessions: sessionmaker[Session]) -> None:
    assert "Recorded" in leave(world, sessions, "ravi", who="head")


def test_a_future_date_or_a_second_leaving_is_refused_and_nothing_changes(
    world: World, sessions: sessionmaker[Session]
) -> None:
    assert "still to come" in leave(world, sessions, "ravi", on=date(2026, 12, 1))
    assert "Recorded" in leave(world, sessions, "ravi")
    again = leave(world, sessions, "ravi", on=date(2026, 11, 16), to="Elm Academy")
    assert "already recorded as leaving on 13 November 2026" in again
    with sessions() as session:
        ravi = session.get_one(Pupil, world.pupils["ravi"])
        assert (ravi.left_on, ravi.destination) == (date(2026, 11, 13), "Oakfield Primary")


def test_a_leavers_record_cannot_be_changed_by_a_handler(
    world: World, sessions: sessionmaker[Session]
) -> None:
    leave(world, sessions, "ravi")
    plan = perform(
        sessions, create_support_plan, actor=world.actor("sendco"), now=NOW,
        data={"pupil": world.pupils["ravi"], "targets": "Read 20 words"},
    )  # fmt: skip
    assert not plan.reply.ok and "closed (read-only)" in plan.reply.title
    with sessions() as session:
        assert session.scalar(select(func.count(Plan.id))) == 0


@pytest.mark.parametrize(
    "change",
    ["rename", "need", "attendance", "delete", "concern status", "plan target"],
)
def test_a_leavers_record_cannot_be_changed_by_any_write(
    world: World, sessions: sessionmaker[Session], change: str
) -> None:
    ravi_id = world.pupils["ravi"]
    with sessions() as session, session.begin():
        concern = Concern(school_id=world.school_ids["a"], raised_by_id=world.actor("sendco")
                          .staff_id, observed_on=date(2026, 11, 2), observed="Finds phonics hard",
                          pupils=[ConcernPupil(pupil_id=ravi_id)])  # fmt: skip
        plan = Plan(school_id=world.school_ids["a"], pupil_id=ravi_id, kind="sen_support",
                    started_on=date(2026, 9, 10))  # fmt: skip
        held = InterventionSession(intervention_id=world.interventions["plus_one"],
                                   held_on=date(2026, 11, 2), duration_minutes=20)  # fmt: skip
        session.add_all([concern, plan, held])
    leave(world, sessions, "ravi")
    with sessions() as session, pytest.raises(ClosedRecord, match="closed"):
        ravi = session.get_one(Pupil, ravi_id)
        if change == "rename":
            ravi.first_name = "Ravinder"
        elif change == "need":
            session.add(PupilNeed(pupil_id=ravi_id, need_code="SLCN", rank=2))
        elif change == "attendance":
            session.add(SessionAttendance(session_id=held.id, pupil_id=ravi_id, present=True))
        elif change == "delete":
            session.delete(ravi)
        elif change == "concern status":
            session.get_one(Concern, concern.id).status = "closed"
        else:
            session.add(PlanTarget(plan_id=plan.id, outcome="Reads 20 words"))
        session.flush()


def test_others_records_stay_open_and_reminders_skip_the_leaver(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session, session.begin():
        for name in ("ravi", "noah"):
            session.add(Plan(school_id=world.school_ids["a"], pupil_id=world.pupils[name],
                             kind="sen_support", started_on=date(2026, 9, 10)))  # fmt: skip
    leave(world, sessions, "ravi")
    concern = perform(
        sessions, log_concern, actor=world.actor("teacher_2c"), now=NOW,
        data={"pupils": [world.pupils["maya"]], "observed": "Not following two-step "
              "instructions", "areas": ["cognition_and_learning"]},
    )  # fmt: skip
    assert concern.reply.ok, concern.reply.title
    with sessions() as session:
        facts = load_facts(session, school_id=world.school_ids["a"])
        assert [plan.pupil.id for plan in facts.plans] == [world.pupils["noah"]]


def test_retention_date_is_birthday_plus_years_and_only_leavers_expire() -> None:
    assert retained_until(date(2010, 5, 4)) == date(2041, 5, 4)
    assert retained_until(date(2008, 2, 29)) == date(2039, 2, 28)
    assert retained_until(date(2010, 5, 4), 40) == date(2050, 5, 4)
    kept = {"date_of_birth": date(2010, 5, 4), "years": 31}
    assert not has_expired(left_on=date(2020, 7, 20), today=date(2041, 5, 4), **kept)
    assert has_expired(left_on=date(2020, 7, 20), today=date(2041, 5, 5), **kept)
    assert not has_expired(left_on=None, today=date(2060, 1, 1), **kept)


def _records_to_purge(world: World, sessions: sessionmaker[Session]) -> None:
    """Ravi (born 1990: his 31 years ended in 2021) and Noah (born 2017) leave; Maya, born
    1980, never left. Ravi has his own concern and one shared with Amira, who stays."""
    school = world.school_ids["a"]
    ravi, noah, amira = world.pupils["ravi"], world.pupils["noah"], world.pupils["amira"]
    sendco = world.actor("sendco").staff_id
    day = date(2026, 10, 2)
    with sessions() as session, session.begin():
        session.get_one(Pupil, ravi).date_of_birth = date(1990, 3, 1)
        session.get_one(Pupil, world.pupils["maya"]).date_of_birth = date(1980, 3, 1)
        session.add_all([
            Concern(school_id=school, raised_by_id=sendco, observed_on=day, observed="a",
                    pupils=[ConcernPupil(pupil_id=ravi)]),
            Concern(school_id=school, raised_by_id=sendco, observed_on=day, observed="b",
                    pupils=[ConcernPupil(pupil_id=ravi), ConcernPupil(pupil_id=amira)]),
            Plan(school_id=school, pupil_id=ravi, kind="sen_support", started_on=day,
                 targets=[PlanTarget(outcome="Reads 20 words")]),
            Plan(school_id=school, pupil_id=noah, kind="sen_support", started_on=day),
            InterventionSession(intervention_id=world.interventions["plus_one"],
                                held_on=day, duration_minutes=20,
                                attendance=[SessionAttendance(pupil_id=ravi, present=True),
                                            SessionAttendance(pupil_id=noah, present=True)]),
        ])  # fmt: skip
    leave(world, sessions, "ravi")
    leave(world, sessions, "noah", on=date(2026, 11, 6))


def _counts(session: Session) -> dict[str, int]:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Pupil, Concern, ConcernPupil, Plan, PlanTarget, SessionAttendance,
                      InterventionMember, InterventionSession)
    }  # fmt: skip


def test_purge_dry_run_lists_and_removes_nothing(
    world: World, sessions: sessionmaker[Session]
) -> None:
    _records_to_purge(world, sessions)
    with sessions() as session, session.begin():
        before = _counts(session)
        report = purge_expired(session, school_id=world.school_ids["a"], today=NOW.date(),
                               dry_run=True)  # fmt: skip
        assert [e.pupil_id for e in report.expired] == [world.pupils["ravi"]]
        assert report.removed == {
            "concerns": 1, "concern links": 2, "plans": 1, "session attendance": 1,
            "intervention places": 1, "need types": 1, "pupils": 1,
        }  # fmt: skip
    with sessions() as session:
        assert _counts(session) == before


def test_purge_removes_exactly_what_has_expired_and_nothing_else(
    world: World, sessions: sessionmaker[Session]
) -> None:
    _records_to_purge(world, sessions)
    with sessions() as session:
        before = _counts(session)
    with sessions() as session, session.begin():
        report = purge_expired(session, school_id=world.school_ids["a"], today=NOW.date())
    with sessions() as session:
        after = _counts(session)
        assert session.get(Pupil, world.pupils["ravi"]) is None
        assert {p.id for p in session.scalars(select(Pupil))} == {
            world.pupils[name] for name in ("maya", "amira", "noah", "zara")
        }
        shared = session.scalars(select(Concern).where(Concern.observed == "b")).one()
        assert [link.pupil_id for link in shared.pupils] == [world.pupils["amira"]]
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "retention purge")
        ).one()
        assert event.action == "delete" and event.actor_id is None
        assert event.detail["pupils"] == [f"pupil:{world.pupils['ravi']}"]
        assert event.detail["removed"] == report.removed
        assert "Ravi" not in str(event.detail)
    assert {k: before[k] - after[k] for k in before} == {
        "Pupil": 1,
        "Concern": 1,
        "ConcernPupil": 2,
        "Plan": 1,
        "PlanTarget": 1,
        "SessionAttendance": 1,
        "InterventionMember": 1,
        "InterventionSession": 0,
    }
    # A second run finds nothing more.
    with sessions() as session, session.begin():
        again = purge_expired(session, school_id=world.school_ids["a"], today=NOW.date())
        assert again.expired == [] and again.removed == {}


@pytest.mark.parametrize(("who", "allowed"), [("sendco", True), ("head", True), ("admin", False),
                                              ("teacher_2c", False), ("ta", False)])  # fmt: skip
def test_the_purge_in_chat_is_for_the_sendco_or_head(
    world: World, sessions: sessionmaker[Session], who: str, allowed: bool
) -> None:
    _records_to_purge(world, sessions)
    outcome = perform(sessions, purge_records, actor=world.actor(who), now=NOW)
    if allowed:
        assert "1 leaver record(s) would be removed" in outcome.reply.title
        assert "left 13 Nov 2026, kept until 1 Mar 2021" in outcome.reply.text()
    else:
        assert "can't purge records" in outcome.reply.title
