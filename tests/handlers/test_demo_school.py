"""The demo school: a believable, entirely fictional primary school, the same every time."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.gb import upn as upn_rules

from handlers.demo.calendar import is_school_day, school_year
from handlers.demo.people import generate_pupils
from handlers.demo_school import DEMO_SCHOOL_NAME, DemoSchoolExists, build_demo_school
from storage.codes import (
    AdviceStatus,
    AuditAction,
    CalendarKind,
    ConcernStatus,
    InterventionStatus,
    MilestoneKind,
    NeedType,
    PlanKind,
    ReviewKind,
    Role,
    SenProvision,
)
from storage.models import (
    AdviceRequest,
    AuditEvent,
    CalendarPeriod,
    Concern,
    Intervention,
    Plan,
    PlatformIdentity,
    Pupil,
    RegisterChange,
    Review,
    RoleRequirement,
    School,
    Staff,
    TrainingCourse,
    TrainingRecord,
)

TODAY = date(2026, 11, 23)  # a Monday in the autumn term of 2026-27


@pytest.fixture
def school(session: Session) -> School:
    school = build_demo_school(session, today=TODAY)
    session.commit()
    return school


def pupils_of(session: Session, school: School) -> list[Pupil]:
    return list(session.scalars(select(Pupil).where(Pupil.school_id == school.id)))


def test_about_two_hundred_pupils_in_two_classes_per_year_group(
    session: Session, school: School
) -> None:
    pupils = pupils_of(session, school)
    assert 190 <= len(pupils) <= 215
    classes = {(p.year_group, p.class_name) for p in pupils}
    assert {year for year, _ in classes} == set(range(7))
    assert Counter(year for year, _ in classes) == dict.fromkeys(range(7), 2)
    assert all(0 < len(p.class_name) <= 32 for p in pupils)


def test_birthdays_fit_the_year_group(session: Session, school: School) -> None:
    for pupil in pupils_of(session, school):
        # Year N in 2026-27: born 1 Sept (2021 - N) to 31 Aug (2022 - N).
        assert date(2021 - pupil.year_group, 9, 1) <= pupil.date_of_birth
        assert pupil.date_of_birth <= date(2022 - pupil.year_group, 8, 31)


def test_upns_are_valid_and_unique(session: Session, school: School) -> None:
    upns = [p.upn for p in pupils_of(session, school)]
    assert len(set(upns)) == len(upns)
    for upn in upns:
        assert upn_rules.validate(upn) == upn
        assert upn[1:4] == "201"


def test_sen_register_proportions_and_needs(session: Session, school: School) -> None:
    pupils = pupils_of(session, school)
    status = Counter(p.sen_status for p in pupils)
    assert 0.12 <= status[SenProvision.SUPPORT] / len(pupils) <= 0.15
    assert 0.02 <= status[SenProvision.EHCP] / len(pupils) <= 0.03
    on_register = [p for p in pupils if p.sen_status != SenProvision.NONE]
    assert all(p.primary_need for p in on_register)
    assert any(len(p.needs) == 2 for p in on_register)
    assert len({p.primary_need for p in on_register}) >= 5
    assert all(not p.needs for p in pupils if p.sen_status == SenProvision.NONE)
    assert all(
        p.sen_status == SenProvision.SUPPORT
        for p in on_register
        if NeedType.NSA in {n.need_code for n in p.needs}
    )
    changed = set(session.scalars(select(RegisterChange.pupil_id)))
    assert {p.id for p in on_register} <= changed


def test_names_that_make_the_parser_ask(session: Session, school: School) -> None:
    pupils = pupils_of(session, school)
    mohammeds = [p for p in pupils if p.first_name == "Mohammed"]
    assert len(mohammeds) == 2
    assert mohammeds[0].class_name != mohammeds[1].class_name
    noahs = {p.last_name[0]: p for p in pupils if p.first_name == "Noah"}
    assert set(noahs) == {"W", "K"}
    assert any(p.preferred_name for p in pupils)


def test_staff_in_every_role_with_easy_addresses(session: Session, school: School) -> None:
    staff = list(session.scalars(select(Staff).where(Staff.school_id == school.id)))
    roles = Counter(role for s in staff for role in s.role_names)
    assert set(roles) == {r.value for r in Role}
    assert roles[Role.TA] >= 8
    assert roles[Role.DSL] >= 2
    assert any(s.role_names == {Role.DSL.value} for s in staff)  # a dedicated DSL
    assert all(s.email.endswith("@oakfield.example") for s in staff)
    emails = {s.email: s for s in staff}
    assert emails["sendco@oakfield.example"].role_names == {Role.SENDCO.value}
    assert [c.class_name for c in emails["teacher.2c@oakfield.example"].classes] == ["2C"]
    classes = {p.class_name for p in pupils_of(session, school)}
    taught = {c.class_name for s in staff for c in s.classes}
    assert taught == classes
    console = set(
        session.scalars(
            select(PlatformIdentity.external_id).where(PlatformIdentity.platform == "console")
        )
    )
    assert {"sendco@oakfield.example", "teacher.2c@oakfield.example"} <= console


def test_plans_and_reviews(session: Session, school: School) -> None:
    pupils = pupils_of(session, school)
    plans = list(session.scalars(select(Plan).where(Plan.school_id == school.id)))
    by_kind: dict[str, list[Plan]] = {}
    for plan in plans:
        by_kind.setdefault(plan.kind, []).append(plan)
    support = {p.id for p in pupils if p.sen_status == SenProvision.SUPPORT}
    ehcp = {p.id for p in pupils if p.sen_status == SenProvision.EHCP}
    assert {p.pupil_id for p in by_kind[PlanKind.SEN_SUPPORT]} == support
    assert all(2 <= len(p.targets) <= 3 and p.review_due_on for p in by_kind[PlanKind.SEN_SUPPORT])
    assert {p.pupil_id for p in by_kind[PlanKind.EHCP]} == ehcp
    assert all(p.started_on < TODAY for p in by_kind[PlanKind.EHCP])
    assert len(by_kind[PlanKind.HEALTH_CARE]) == 1
    (pep,) = by_kind[PlanKind.PEP]
    assert session.get_one(Pupil, pep.pupil_id).looked_after

    annual = list(
        session.scalars(
            select(Review).where(
                Review.kind.in_([ReviewKind.EHCP_ANNUAL.value, ReviewKind.PHASE_TRANSFER.value])
            )
        )
    )
    assert len(annual) >= 2
    assert any(r.due_on <= TODAY + timedelta(weeks=3) for r in annual)
    for review in annual:
        assert review.status == "scheduled" and review.meeting_on
        offsets = {m.kind: (m.due_on - review.meeting_on).days for m in review.milestones}
        assert offsets == {
            MilestoneKind.MEETING_NOTICE: -14,
            MilestoneKind.PAPERS_CIRCULATED: -14,
            MilestoneKind.REPORT_SENT: 14,
            MilestoneKind.LA_DECISION: 28,
        }


def test_interventions_have_a_history_of_sessions(session: Session, school: School) -> None:
    interventions = list(
        session.scalars(select(Intervention).where(Intervention.school_id == school.id))
    )
    active = [i for i in interventions if i.status == InterventionStatus.ACTIVE]
    assert len(active) >= 4
    assert {"Toe by Toe", "Plus One", "Lego therapy", "Talk Boost"} <= {
        i.programme for i in interventions
    }
    pupils = {p.id: p for p in pupils_of(session, school)}
    for intervention in interventions:
        assert intervention.lead_id and intervention.weekdays and intervention.planned_sessions
        assert 3 <= len(intervention.members) <= 6
        members = {m.pupil_id for m in intervention.members}
        on_register = [m for m in members if pupils[m].sen_status != SenProvision.NONE]
        assert len(on_register) * 2 > len(members)
        assert all(m.entry_score is not None for m in intervention.members)
        assert intervention.sessions
        for held in intervention.sessions:
            assert held.held_on < TODAY and is_school_day(held.held_on)
            assert {a.pupil_id for a in held.attendance} == members
            assert all(a.present or a.absence_reason for a in held.attendance)
    toe_by_toe = next(i for i in interventions if i.programme == "Toe by Toe")
    assert toe_by_toe.measure == "reading_age_months"
    attendance = [a for i in interventions for s in i.sessions for a in s.attendance]
    assert any(not a.present for a in attendance)
    assert sum(a.present for a in attendance) > 0.8 * len(attendance)
    earliest = min(s.held_on for i in active for s in i.sessions)
    assert TODAY - timedelta(weeks=9) <= earliest <= TODAY - timedelta(weeks=5)


def test_concerns_and_advice(session: Session, school: School) -> None:
    concerns = list(session.scalars(select(Concern).where(Concern.school_id == school.id)))
    assert {ConcernStatus.NEW, ConcernStatus.ACKNOWLEDGED, ConcernStatus.MONITORING} <= {
        c.status for c in concerns
    }
    for concern in concerns:
        assert concern.pupils and concern.areas
        assert concern.history[0].to_status == ConcernStatus.NEW
        assert concern.history[-1].to_status == concern.status
    term_start = date(2026, 9, 2)
    about: dict[int, set[int]] = {}
    for concern in concerns:
        if concern.raised_at.date() >= term_start:
            for link in concern.pupils:
                about.setdefault(link.pupil_id, set()).add(concern.raised_by_id)
    assert any(len(raisers) >= 2 for raisers in about.values())

    advice = list(
        session.scalars(select(AdviceRequest).where(AdviceRequest.school_id == school.id))
    )
    statuses = {a.status for a in advice}
    assert {AdviceStatus.OPEN, AdviceStatus.CLAIMED, AdviceStatus.ANSWERED} <= statuses
    assert all(a.messages for a in advice if a.status == AdviceStatus.ANSWERED)


def test_training_some_lapsed_some_missing(session: Session, school: School) -> None:
    query = select(TrainingCourse).where(TrainingCourse.school_id == school.id)
    courses = {c.name: c for c in session.scalars(query)}
    assert courses["Epipen and anaphylaxis"].valid_months == 12
    required = {(r.role, r.course_id) for r in session.scalars(select(RoleRequirement))}
    safeguarding = courses["Safeguarding level 1"].id
    assert {(role.value, safeguarding) for role in Role} <= required
    assert (Role.DSL.value, courses["DSL training"].id) in required
    assert (Role.TA.value, courses["Team Teach"].id) in required

    records = list(session.scalars(select(TrainingRecord)))
    expiries = [r.expires_on for r in records if r.expires_on]
    assert any(e < TODAY for e in expiries)
    assert any(TODAY <= e <= TODAY + timedelta(days=30) for e in expiries)
    held = {(r.staff_id, r.course_id) for r in records}
    staff = list(session.scalars(select(Staff).where(Staff.school_id == school.id)))
    owed = {(s.id, c) for s in staff for role, c in required if role in s.role_names}
    assert owed - held  # someone has never done a course their role needs


def test_calendar_for_the_school_year(session: Session, school: School) -> None:
    periods = list(
        session.scalars(select(CalendarPeriod).where(CalendarPeriod.school_id == school.id))
    )
    kinds = Counter(p.kind for p in periods)
    assert kinds == {CalendarKind.TERM: 3, CalendarKind.INSET: 2, CalendarKind.CLOSURE: 3}
    terms = sorted((p for p in periods if p.kind == CalendarKind.TERM), key=lambda p: p.starts_on)
    assert terms[0].starts_on.month == 9 and terms[0].starts_on.year == 2026
    assert terms[-1].ends_on.month == 7 and terms[-1].ends_on.year == 2027
    assert any(p.starts_on <= TODAY <= p.ends_on for p in terms)


def test_audited_and_never_built_twice(session: Session, school: School) -> None:
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "demo_school")).one()
    assert event.action == AuditAction.CREATE and event.school_id == school.id
    with pytest.raises(DemoSchoolExists):
        build_demo_school(session, today=TODAY, name=DEMO_SCHOOL_NAME)


def test_a_second_demo_school_under_another_name(session: Session, school: School) -> None:
    other = build_demo_school(session, today=TODAY, name="Oakfield Primary (training copy)")
    session.commit()
    assert len(pupils_of(session, other)) == len(pupils_of(session, school))


def test_same_seed_same_school() -> None:
    first = generate_pupils(today=TODAY, seed=7)
    again = generate_pupils(today=TODAY, seed=7)
    assert first == again
    other = generate_pupils(today=TODAY, seed=8)
    assert [(p.first_name, p.last_name) for p in other] != [
        (p.first_name, p.last_name) for p in first
    ]


def test_the_database_holds_the_generated_roll(session: Session, school: School) -> None:
    stored = sorted((p.upn, p.first_name, p.last_name) for p in pupils_of(session, school))
    generated = sorted(
        (p.upn, p.first_name, p.last_name) for p in generate_pupils(today=TODAY, seed=7)
    )
    assert stored == generated


@pytest.mark.parametrize(
    "today",
    [date(2026, 9, 4), date(2027, 1, 5), date(2027, 2, 17), date(2027, 7, 30), date(2027, 8, 20)],
)
def test_builds_on_any_day_of_the_year(session: Session, today: date) -> None:
    school = build_demo_school(session, today=today)
    session.commit()
    sessions = [s for i in session.scalars(select(Intervention)) for s in i.sessions]
    assert sessions and all(s.held_on < today and is_school_day(s.held_on) for s in sessions)
    assert any(p.starts_on <= today for p in school_year(2026))
    assert len(pupils_of(session, school)) >= 190
