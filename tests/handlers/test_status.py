"""The school summary counts exactly what is in the database, for one school only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.demo_school import build_demo_school
from handlers.identity import actor_by_email
from handlers.overview import reviews_due
from handlers.reminders.calendar import load_calendar
from handlers.reminders.due import due_reminders
from handlers.reminders.facts import load_facts
from handlers.status import all_school_summaries, school_summary
from storage.codes import ConcernStatus, ReviewStatus, Role, SenProvision
from storage.models import (
    AdviceRequest,
    Concern,
    Intervention,
    InterventionSession,
    Plan,
    Pupil,
    Review,
    School,
    Staff,
    StaffRole,
)
from tests.factories import make_upn

TODAY = date(2026, 11, 23)
REVIEW_RULES = {"sen_support_review", "ehcp_annual_review", "health_care_review", "pep_review"}


def add_staff(
    session: Session, school: School, email: str, *roles: Role, active: bool = True
) -> Staff:
    staff = Staff(school_id=school.id, email=email, display_name=email.split("@")[0], active=active)
    staff.roles = [StaffRole(role=role.value) for role in roles]
    session.add(staff)
    session.flush()
    return staff


def add_pupil(
    session: Session, school: School, n: int, sen: SenProvision, *, on_roll: bool = True
) -> Pupil:
    pupil = Pupil(
        school_id=school.id,
        upn=make_upn(n),
        first_name=f"Pupil{n}",
        last_name="Testington",
        date_of_birth=date(2018, 5, 4),
        year_group=3,
        class_name="3B",
        sen_status=sen.value,
        on_roll=on_roll,
    )
    session.add(pupil)
    session.flush()
    return pupil


def _support_plan(school: School, pupil: Pupil, *, due: date) -> Plan:
    return Plan(
        school_id=school.id,
        pupil_id=pupil.id,
        kind="sen_support",
        started_on=TODAY - timedelta(days=60),
        review_due_on=due,
    )


@pytest.fixture
def tiny(session: Session) -> School:
    """A hand-built school with one of everything, and things just outside each window."""
    school = School(name="Little Brook Primary")
    session.add(school)
    session.flush()
    teacher = add_staff(session, school, "teacher@brook.example", Role.TEACHER)
    add_staff(session, school, "head@brook.example", Role.HEAD, Role.DSL)
    add_staff(session, school, "left@brook.example", Role.TA, active=False)
    pupils = [
        add_pupil(session, school, 1, SenProvision.NONE),
        add_pupil(session, school, 2, SenProvision.SUPPORT),
        add_pupil(session, school, 3, SenProvision.EHCP),
        add_pupil(session, school, 4, SenProvision.SUPPORT, on_roll=False),
    ]
    for status in (ConcernStatus.NEW, ConcernStatus.MONITORING, ConcernStatus.CLOSED):
        session.add(
            Concern(
                school_id=school.id,
                raised_by_id=teacher.id,
                observed_on=TODAY,
                observed="Finds reading hard.",
                status=status.value,
            )
        )
    for status in ("open", "claimed", "answered", "closed"):
        session.add(
            AdviceRequest(
                school_id=school.id, asked_by_id=teacher.id, question="Ideas?", status=status
            )
        )
    active = Intervention(
        school_id=school.id, name="Toe by Toe", programme="Toe by Toe", start_on=TODAY
    )
    done = Intervention(
        school_id=school.id,
        name="Plus One",
        programme="Plus One",
        start_on=TODAY,
        status="completed",
    )
    active.sessions = [
        InterventionSession(held_on=TODAY + timedelta(days=d), duration_minutes=20)
        for d in (0, -6, -7, 1)  # counted: today and 6 days ago; not a week ago, nor tomorrow
    ]
    done.sessions = [InterventionSession(held_on=TODAY - timedelta(days=2), duration_minutes=20)]
    session.add_all([active, done])
    # Reviews count per active plan, dated as the reminders date them (the earliest
    # scheduled review, else the plan's own due date).
    session.add(Plan(school_id=school.id, pupil_id=pupils[2].id, kind="ehcp", started_on=TODAY))
    for n, days in ((5, 0), (6, 42), (7, 43)):
        pupil = add_pupil(session, school, n, SenProvision.SUPPORT)
        session.add(_support_plan(school, pupil, due=TODAY + timedelta(days=days)))
    session.add(_support_plan(school, pupils[3], due=TODAY))  # off roll: not counted
    for days, status in (
        (0, "scheduled"),
        (42, "scheduled"),
        (43, "scheduled"),
        (-1, "scheduled"),
        (5, "cancelled"),
    ):
        session.add(
            Review(
                school_id=school.id,
                pupil_id=pupils[2].id,
                kind="ehcp_annual",
                status=status,
                due_on=TODAY + timedelta(days=days),
            )
        )
    session.add(
        Review(
            school_id=school.id,
            pupil_id=pupils[1].id,
            kind="sen_support",
            status=ReviewStatus.HELD.value,
            due_on=TODAY,
            held_on=TODAY,
            outcome="continue",
        )
    )
    session.flush()
    return school


def test_tiny_school_counts(session: Session, tiny: School) -> None:
    summary = school_summary(session, school_id=tiny.id, today=TODAY)
    assert summary.school_name == "Little Brook Primary"
    assert summary.pupils_on_roll == 6
    assert (summary.sen_support, summary.ehcp) == (4, 1)
    assert summary.open_concerns == 2
    assert summary.open_advice_requests == 2
    assert summary.active_interventions == 1
    assert summary.sessions_last_7_days == 3  # two of the active group's, one of the other's
    assert summary.reviews_due_next_6_weeks == 2
    assert summary.reviews_overdue == 1
    assert summary.staff_total == 2
    assert summary.staff_by_role == {
        "teacher": 1,
        "ta": 0,
        "sendco": 0,
        "dsl": 1,
        "head": 1,
        "admin": 0,
    }


def test_other_schools_do_not_count(session: Session, tiny: School) -> None:
    build_demo_school(session, today=TODAY)
    summary = school_summary(session, school_id=tiny.id, today=TODAY)
    assert summary.pupils_on_roll == 6
    assert summary.staff_total == 2
    names = [s.school_name for s in all_school_summaries(session, today=TODAY)]
    assert names == ["Little Brook Primary", "Oakfield Primary (demo)"]


def test_demo_school_summary_matches_the_records(session: Session) -> None:
    school = build_demo_school(session, today=TODAY)
    summary = school_summary(session, school_id=school.id, today=TODAY)

    pupils = list(session.scalars(select(Pupil).where(Pupil.school_id == school.id)))
    assert summary.pupils_on_roll == len(pupils)
    assert summary.sen_support == sum(p.sen_status == "K" for p in pupils)
    assert summary.ehcp == sum(p.sen_status == "E" for p in pupils)
    concerns = session.scalars(select(Concern).where(Concern.school_id == school.id)).all()
    assert summary.open_concerns == sum(c.status != "closed" for c in concerns)
    advice = session.scalars(
        select(AdviceRequest).where(AdviceRequest.school_id == school.id)
    ).all()
    assert summary.open_advice_requests == sum(a.status in ("open", "claimed") for a in advice)
    interventions = session.scalars(
        select(Intervention).where(Intervention.school_id == school.id)
    ).all()
    assert summary.active_interventions == sum(i.status == "active" for i in interventions)
    week = [s for i in interventions for s in i.sessions if TODAY - s.held_on < timedelta(days=7)]
    assert summary.sessions_last_7_days == len(week) > 0
    # The same dates as the review reminders: every overdue review is one of their reminders.
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    calendar = load_calendar(session, school_id=school.id)
    reminded = due_reminders(
        load_facts(session, school_id=school.id), now=moment, calendar=calendar
    )
    overdue = {r.ref for r in reminded if r.rule in REVIEW_RULES and r.due < TODAY}
    assert summary.reviews_overdue == len(overdue) > 0
    assert summary.reviews_due_next_6_weeks > 0
    staff = session.scalars(select(Staff).where(Staff.school_id == school.id)).all()
    assert summary.staff_total == len(staff)
    for role in Role:
        assert summary.staff_by_role[role.value] == sum(role.value in s.role_names for s in staff)


def test_unknown_school(session: Session) -> None:
    with pytest.raises(LookupError):
        school_summary(session, school_id=999, today=TODAY)
    assert all_school_summaries(session, today=TODAY) == []


def test_sendcos_reviews_question_agrees_with_status(session: Session) -> None:
    school = build_demo_school(session, today=TODAY)
    summary = school_summary(session, school_id=school.id, today=TODAY)
    sendco = actor_by_email(session, "sendco@oakfield.example", school_id=school.id)
    assert sendco is not None
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    reply = reviews_due(session=session, actor=sendco, now=moment).reply
    assert reply.title.startswith(f"Reviews: {summary.reviews_overdue} overdue")
    assert reply.lines[0] == f"Overdue: {summary.reviews_overdue}"
