"""A small fictional school in the database, for the sweep, digest and year-walk tests.

Its records are chosen so that each kind of reminder falls due once in the 2026-27 school
year, on a date the test can name (see EXPECTED_FIRST_DELIVERY).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from handlers.identity import actor_for
from handlers.vocabulary import Actor
from storage.models import (
    AdviceRequest,
    AssessmentRequest,
    CalendarPeriod,
    Concern,
    ConcernPupil,
    Intervention,
    InterventionSession,
    Plan,
    Pupil,
    RoleRequirement,
    School,
    Staff,
    StaffClass,
    StaffRole,
    TrainingCourse,
    TrainingRecord,
)
from tests.factories import make_upn
from tests.handlers.reminders.builders import TERM_DATES, at

D = date.fromisoformat

# (rule, whom it is about: a key of SmallSchool.subjects) -> when it goes out in 2026-27
EXPECTED_DELIVERIES: dict[tuple[str, str], tuple[date, str]] = {
    ("training_missing", "teacher"): (D("2026-09-03"), "08:00"),  # first day pupils are in
    ("sen_support_review", "amira"): (D("2026-09-09"), "08:00"),  # due 23 Sep: 2 weeks ahead
    ("under_five_review", "nia"): (D("2026-09-15"), "08:00"),  # 3 months after the plan
    ("phase_transfer_review", "olu"): (D("2026-09-28"), "08:00"),  # for 15 Feb 2027
    ("health_care_review", "amira"): (D("2026-10-23"), "08:00"),  # due 20 Nov: 4 weeks ahead
    ("concern_not_acknowledged", "amira"): (D("2026-11-02"), "08:00"),  # raised 22 Oct
    ("session_not_logged", "ta"): (D("2026-11-18"), "16:00"),  # after 15:30
    ("training_expiring", "ta"): (D("2026-12-11"), "08:00"),  # expires 10 Jan 2027
    ("advice_unanswered", "teacher"): (D("2027-01-07"), "08:00"),  # asked 18 Dec, 18:30
    ("ehcp_annual_review", "olu"): (D("2027-01-12"), "08:00"),  # due 9 Mar 2027 (s.44)
    ("assessment_decision", "amira"): (D("2027-02-12"), "08:00"),  # 16 Feb is half term
    ("assessment_no_plan_decision", "amira"): (D("2027-04-27"), "08:00"),
    ("ehcp_annual_review", "nia"): (D("2027-04-19"), "08:00"),  # due 14 Jun 2027
    ("assessment_final_plan", "amira"): (D("2027-05-25"), "08:00"),
}


@dataclass
class SmallSchool:
    school_id: int
    actors: dict[str, Actor] = field(default_factory=dict)
    subjects: dict[str, str] = field(default_factory=dict)  # name -> UPN or email


def london(day: str, clock: str) -> datetime:
    return at(day, clock).astimezone(UTC)


def build_small_school(session: Session, *, name: str = "Small School") -> SmallSchool:
    school = School(name=name)
    session.add(school)
    session.flush()
    sid = school.id
    for kind, title, starts, ends in TERM_DATES:
        session.add(CalendarPeriod(school_id=sid, kind=kind.value, name=title,
                                   starts_on=D(starts), ends_on=D(ends)))  # fmt: skip

    def person(key: str, roles: list[str], classes: list[str] = []) -> Staff:  # noqa: B006
        staff = Staff(
            school_id=sid, email=f"{key}@small.example", display_name=key.title(),
            roles=[StaffRole(role=r) for r in roles],
            classes=[StaffClass(class_name=c) for c in classes],
        )  # fmt: skip
        session.add(staff)
        return staff

    sendco, teacher, ta = (
        person("sendco", ["sendco"]),
        person("teacher", ["teacher"], ["6A"]),
        (person("ta", ["ta"])),
    )
    session.flush()

    def pupil(n: int, first: str, year: int, born: str, sen: str, cls: str) -> Pupil:
        row = Pupil(
            school_id=sid, upn=make_upn(n), first_name=first, last_name="Example",
            date_of_birth=D(born), year_group=year, class_name=cls, sen_status=sen,
        )  # fmt: skip
        session.add(row)
        return row

    olu = pupil(1, "Olu", 6, "2015-02-01", "E", "6A")
    amira = pupil(2, "Amira", 3, "2018-05-04", "K", "3B")
    nia = pupil(3, "Nia", -1, "2022-10-01", "E", "N")
    session.flush()
    session.add_all([
        Plan(school_id=sid, pupil_id=olu.id, kind="ehcp", started_on=D("2024-03-12"),
             last_reviewed_on=D("2026-03-10")),
        Plan(school_id=sid, pupil_id=amira.id, kind="sen_support", started_on=D("2026-07-01"),
             last_reviewed_on=D("2026-07-01")),
        Plan(school_id=sid, pupil_id=amira.id, kind="health_care", started_on=D("2025-11-20")),
        Plan(school_id=sid, pupil_id=nia.id, kind="ehcp", started_on=D("2026-06-15")),
        AssessmentRequest(school_id=sid, pupil_id=amira.id, requested_on=D("2027-01-05")),
    ])  # fmt: skip

    team_teach = TrainingCourse(school_id=sid, name="Team Teach", valid_months=36)
    autism = TrainingCourse(school_id=sid, name="Autism awareness")
    session.add_all([team_teach, autism])
    session.flush()
    session.add_all([
        RoleRequirement(school_id=sid, role="ta", course_id=team_teach.id),
        RoleRequirement(school_id=sid, role="teacher", course_id=autism.id),
        TrainingRecord(staff_id=ta.id, course_id=team_teach.id, completed_on=D("2024-01-10"),
                       expires_on=D("2027-01-10")),
    ])  # fmt: skip

    group = Intervention(school_id=sid, name="Toe by Toe", programme="Toe by Toe",
                         lead_id=ta.id, weekdays="wed", start_on=D("2026-11-04"),
                         end_on=D("2026-11-25"), planned_sessions=4)  # fmt: skip
    session.add(group)
    session.flush()
    for day in ("2026-11-04", "2026-11-11", "2026-11-25"):  # 18 November is missed
        session.add(InterventionSession(intervention_id=group.id, held_on=D(day),
                                        duration_minutes=20, logged_by_id=ta.id))  # fmt: skip

    concern = Concern(
        school_id=sid, raised_by_id=teacher.id, raised_at=london("2026-10-22", "15:40"),
        observed_on=D("2026-10-22"), observed="Finds copying from the board hard.",
    )  # fmt: skip
    concern.pupils = [ConcernPupil(pupil_id=amira.id)]
    session.add(concern)
    session.add(AdviceRequest(school_id=sid, asked_by_id=teacher.id, question="Reading ideas?",
                              asked_at=london("2026-12-18", "18:30")))  # fmt: skip
    session.flush()

    built = SmallSchool(school_id=sid)
    for key, staff in (("sendco", sendco), ("teacher", teacher), ("ta", ta)):
        session.refresh(staff)
        built.actors[key] = actor_for(staff)
        built.subjects[key] = staff.email
    for key, row in (("olu", olu), ("amira", amira), ("nia", nia)):
        built.subjects[key] = row.upn
    return built
