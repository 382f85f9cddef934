"""Loading a school's facts: only what can still lead to a reminder, as the rules expect it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.reminders import load_facts
from storage.models import Plan, Pupil, Review
from tests.handlers.reminders.small_school import SmallSchool


def test_the_small_schools_facts(sessions: sessionmaker[Session], small: SmallSchool) -> None:
    with sessions() as session:
        facts = load_facts(session, school_id=small.school_id)
    assert {p.kind for p in facts.plans} == {"ehcp", "sen_support", "health_care"}
    assert sorted(p.email for p in facts.staff.values()) == [
        "sendco@small.example",
        "ta@small.example",
        "teacher@small.example",
    ]
    [concern] = facts.concerns
    assert concern.raised_on == date(2026, 10, 22) and concern.pupils[0].name == "Amira Example"
    [group] = facts.interventions
    assert len(group.logged_dates) == 3
    assert facts.training.records[small.actors["ta"].staff_id][0].expires_on == date(2027, 1, 10)


def test_reviews_without_a_plan_join_the_active_plan_and_cancelled_ones_are_left_out(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    with sessions.begin() as session:
        olu = session.scalars(select(Pupil).where(Pupil.first_name == "Olu")).one()
        session.add_all([
            Review(school_id=small.school_id, pupil_id=olu.id, kind="ehcp_annual",
                   due_on=date(2027, 3, 10), meeting_on=date(2027, 3, 3)),
            Review(school_id=small.school_id, pupil_id=olu.id, kind="ehcp_annual",
                   status="cancelled", due_on=date(2027, 2, 1)),
        ])  # fmt: skip
    with sessions() as session:
        facts = load_facts(session, school_id=small.school_id)
        olu_plan = session.scalars(select(Plan).where(Plan.pupil_id == olu.id)).one()
    [plan] = [p for p in facts.plans if p.id == olu_plan.id]
    assert [(r.due_on, r.meeting_on) for r in plan.reviews] == [
        (date(2027, 3, 10), date(2027, 3, 3))
    ]


def test_pupils_who_left_are_not_reminded_about(
    sessions: sessionmaker[Session], small: SmallSchool
) -> None:
    with sessions.begin() as session:
        for pupil in session.scalars(select(Pupil)):
            pupil.on_roll = False
    with sessions() as session:
        facts = load_facts(session, school_id=small.school_id)
    assert facts.plans == () and facts.assessments == ()
