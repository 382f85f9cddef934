"""Staff training end to end: courses, records with expiry, role requirements, who is
missing what; and the pure expiry and status rules the reminders will reuse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers import training
from handlers.training import TrainingState
from handlers.unit_of_work import perform
from handlers.vocabulary import Form, Outcome
from storage.models import AuditEvent, Base, RoleRequirement, TrainingCourse, TrainingRecord
from tests.worlds import World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
TODAY = date(2026, 10, 5)


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def act(
    sessions: sessionmaker[Session], world: World, handler: Any, who: str = "sendco", **data: Any
) -> Outcome:
    return perform(sessions, handler, actor=world.actor(who), data=data, now=NOW)


def course(sessions: sessionmaker[Session], world: World, name: str, months: int | None) -> int:
    outcome = act(sessions, world, training.add_course, name=name, valid_months=months)
    assert outcome.ok and outcome.record_id is not None, outcome.errors
    return outcome.record_id


# --- pure rules ---


@pytest.mark.parametrize(
    ("completed", "months", "expires"),
    [
        (date(2026, 3, 15), 36, date(2029, 3, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 10, 5), 12, date(2027, 10, 5)),
        (date(2026, 10, 5), None, None),
    ],
)
def test_expiry_is_counted_in_calendar_months_clamped_to_the_month_end(
    completed: date, months: int | None, expires: date | None
) -> None:
    assert training.expiry_date(completed, months) == expires


def test_expiry_needs_a_positive_number_of_months() -> None:
    with pytest.raises(ValueError):
        training.expiry_date(date(2026, 1, 1), 0)


@dataclass
class Req:
    role: str
    course_id: int


@dataclass
class Rec:
    course_id: int
    completed_on: date
    expires_on: date | None


REQUIREMENTS = [Req("ta", 1), Req("ta", 2), Req("teacher", 3), Req("dsl", 4), Req("ta", 5)]


def test_training_status_says_what_each_required_course_looks_like_on_a_date() -> None:
    records = [
        Rec(1, date(2023, 10, 5), date(2026, 10, 5)),  # expires today: expired
        Rec(2, date(2024, 1, 1), date(2026, 11, 4)),  # within 30 days: expiring
        Rec(3, date(2025, 1, 1), date(2028, 1, 1)),  # current
        Rec(5, date(2020, 1, 1), None),  # never expires
        Rec(4, date(2025, 1, 1), None),  # not required for these roles
    ]
    result = training.training_status(REQUIREMENTS, records, ["ta", "teacher"], TODAY)
    assert [(s.course_id, s.state) for s in result] == [
        (1, TrainingState.EXPIRED),
        (2, TrainingState.EXPIRING),
        (3, TrainingState.CURRENT),
        (5, TrainingState.CURRENT),
    ]
    assert result[0].days_left == 0
    assert result[1].days_left == 30


def test_a_required_course_never_done_is_missing_and_roles_add_up() -> None:
    result = training.training_status(REQUIREMENTS, [], {"teacher", "dsl"}, TODAY)
    assert [(s.course_id, s.state) for s in result] == [
        (3, TrainingState.MISSING),
        (4, TrainingState.MISSING),
    ]
    assert training.training_status(REQUIREMENTS, [], ["head"], TODAY) == []


def test_a_renewal_replaces_the_expired_record_and_future_records_do_not_count() -> None:
    records = [
        Rec(1, date(2022, 1, 1), date(2025, 1, 1)),
        Rec(1, date(2025, 6, 1), date(2028, 6, 1)),
    ]
    [status] = training.training_status([Req("ta", 1)], records, ["ta"], TODAY)
    assert status.state is TrainingState.CURRENT
    assert status.completed_on == date(2025, 6, 1)
    [earlier] = training.training_status([Req("ta", 1)], records, ["ta"], date(2025, 3, 1))
    assert earlier.state is TrainingState.EXPIRED


def test_the_warning_window_is_a_parameter() -> None:
    records = [Rec(1, date(2024, 1, 1), date(2026, 12, 1))]
    [default] = training.training_status([Req("ta", 1)], records, ["ta"], TODAY)
    [wide] = training.training_status([Req("ta", 1)], records, ["ta"], TODAY, warn_days=60)
    assert default.state is TrainingState.CURRENT
    assert wide.state is TrainingState.EXPIRING


# --- handlers ---


def test_sendco_adds_a_course_and_it_is_audited(
    sessions: sessionmaker[Session], world: World
) -> None:
    course_id = course(sessions, world, "Team Teach", 36)
    with sessions() as session:
        row = session.get(TrainingCourse, course_id)
        event = session.scalars(select(AuditEvent)).one()
    assert row is not None and row.valid_months == 36
    assert row.school_id == world.school_ids["a"]
    assert (event.action, event.entity, event.entity_id) == ("create", "training_course", course_id)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "team teach"}, "name", "already has a course called 'Team Teach'"),
        ({"name": ""}, "name", "Give the course a name"),
        ({"name": "Epipen", "valid_months": 0}, "valid_months", "whole number above 0"),
        ({"name": "Epipen", "valid_months": "a year"}, "valid_months", "whole number above 0"),
    ],
)
def test_bad_course_details_are_field_errors_and_nothing_is_written(
    sessions: sessionmaker[Session],
    world: World,
    data: dict[str, Any],
    field: str,
    message: str,
) -> None:
    course(sessions, world, "Team Teach", 36)
    before = row_counts(sessions)
    outcome = act(sessions, world, training.add_course, **data)
    assert message in outcome.errors[field]
    assert row_counts(sessions) == before


def test_recording_training_computes_its_expiry_from_the_course(
    sessions: sessionmaker[Session], world: World
) -> None:
    course_id = course(sessions, world, "Epipen", 12)
    outcome = act(
        sessions,
        world,
        training.record_training,
        who="admin",
        staff_id=world.actor("ta").staff_id,
        course_id=course_id,
        completed_on="2026-01-31",
    )
    assert outcome.ok, outcome.errors
    with sessions() as session:
        record = session.get(TrainingRecord, outcome.record_id)
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert record is not None
    assert record.expires_on == date(2027, 1, 31)
    assert dict(outcome.reply.fields)["Expires"] == "Sun 31 Jan 2027"
    assert event is not None
    assert (event.action, event.entity, event.actor_id) == (
        "create",
        "training_record",
        world.actor("admin").staff_id,
    )


def test_bad_training_records_are_field_errors_and_nothing_is_written(
    sessions: sessionmaker[Session], world: World
) -> None:
    course_id = course(sessions, world, "Epipen", 12)
    ta = world.actor("ta").staff_id
    act(
        sessions,
        world,
        training.record_training,
        staff_id=ta,
        course_id=course_id,
        completed_on="2026-09-01",
    )
    b_course = perform(
        sessions,
        training.add_course,
        actor=world.actor("sendco_b"),
        data={"name": "Epipen"},
        now=NOW,
    ).record_id
    before = row_counts(sessions)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"staff_id": world.actor("ta_b").staff_id}, "staff_id", "no member of staff"),
        ({"staff_id": 9999}, "staff_id", "no member of staff"),
        ({"course_id": b_course}, "course_id", "no course with that id"),
        ({"completed_on": "2026-10-06"}, "completed_on", "can't be in the future"),
        (
            {"completed_on": "2026-09-01"},
            "completed_on",
            "Ta's Epipen on Tue 1 Sep 2026 is already",
        ),
        ({"completed_on": "last week"}, "completed_on", "Give the date the course was completed"),
    ]
    for changes, field, message in cases:
        data = {"staff_id": ta, "course_id": course_id, "completed_on": "2026-10-01", **changes}
        outcome = act(sessions, world, training.record_training, **data)
        assert message in outcome.errors.get(field, ""), (changes, outcome.errors)
    assert row_counts(sessions) == before


def test_requiring_a_course_for_a_role_once(sessions: sessionmaker[Session], world: World) -> None:
    course_id = course(sessions, world, "Team Teach", 36)
    outcome = act(sessions, world, training.require_course_for_role, role="ta", course_id=course_id)
    assert outcome.ok
    assert outcome.reply.title == "Teaching assistants now need Team Teach"
    before = row_counts(sessions)
    again = act(sessions, world, training.require_course_for_role, role="ta", course_id=course_id)
    assert again.errors == {"course_id": "Teaching assistants already need Team Teach."}
    bad_role = act(
        sessions, world, training.require_course_for_role, role="cook", course_id=course_id
    )
    assert "Choose a role" in bad_role.errors["role"]
    assert row_counts(sessions) == before
    with sessions() as session:
        req = session.scalars(select(RoleRequirement)).one()
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "role_requirement")
        ).one()
    assert (req.role, req.course_id) == ("ta", course_id)
    assert event.entity_id == req.id


def test_the_training_report_lists_who_is_missing_what(
    sessions: sessionmaker[Session], world: World
) -> None:
    team_teach = course(sessions, world, "Team Teach", 36)
    safeguarding = course(sessions, world, "Safeguarding L1", 12)
    for role, course_id in (("ta", team_teach), ("teacher", safeguarding), ("ta", safeguarding)):
        act(sessions, world, training.require_course_for_role, role=role, course_id=course_id)
    staff = world.actor
    for who, course_id, done in (
        ("ta", safeguarding, "2025-10-20"),  # expires 20 Oct 2026: expiring
        ("ta_other", team_teach, "2026-01-10"),
        ("ta_other", safeguarding, "2025-09-01"),  # expired 1 Sep 2026
        ("teacher_2c", safeguarding, "2026-09-01"),
        ("teacher_3b", safeguarding, "2026-09-01"),
        ("sendco", safeguarding, "2026-09-01"),
    ):
        outcome = act(
            sessions,
            world,
            training.record_training,
            staff_id=staff(who).staff_id,
            course_id=course_id,
            completed_on=done,
        )
        assert outcome.ok, outcome.errors

    with sessions() as session:
        people = training.school_training(session, world.school_ids["a"], TODAY)
    gaps = {p.name: [(g.name, g.status.state.value) for g in p.gaps] for p in people if p.gaps}
    assert gaps == {
        "Ta": [("Team Teach", "missing"), ("Safeguarding L1", "expiring")],
        "Ta Other": [("Safeguarding L1", "expired")],
    }

    outcome = perform(sessions, training.training_gaps, actor=staff("head"), on=TODAY)
    assert outcome.reply.title == "Training gaps on Mon 5 Oct 2026 (2 staff)"
    assert outcome.reply.lines == (
        "Ta: Team Teach missing; Safeguarding L1 expires Tue 20 Oct 2026",
        "Ta Other: Safeguarding L1 expired Tue 1 Sep 2026",
    )
    quieter = perform(sessions, training.training_gaps, actor=staff("head"), on=TODAY, warn_days=7)
    assert quieter.reply.lines[0] == "Ta: Team Teach missing"
    school_b = perform(sessions, training.training_gaps, actor=staff("sendco_b"), on=TODAY)
    assert school_b.reply.title == "Training: everyone is up to date on Mon 5 Oct 2026."


def test_any_member_of_staff_sees_their_own_training(
    sessions: sessionmaker[Session], world: World
) -> None:
    team_teach = course(sessions, world, "Team Teach", 36)
    first_aid = course(sessions, world, "Paediatric first aid", None)
    act(sessions, world, training.require_course_for_role, role="ta", course_id=team_teach)
    act(
        sessions,
        world,
        training.record_training,
        staff_id=world.actor("ta").staff_id,
        course_id=first_aid,
        completed_on="2026-02-01",
    )
    mine = perform(sessions, training.my_training, actor=world.actor("ta"), on=TODAY)
    assert mine.ok
    assert mine.reply.title == "Your training"
    assert mine.reply.fields == (("Needs attention", "Team Teach missing"),)
    assert mine.reply.lines == ("Paediatric first aid: completed Sun 1 Feb 2026",)
    dsl = perform(sessions, training.my_training, actor=world.actor("dsl"), on=TODAY)
    assert dsl.reply.fields == (("Needs attention", "nothing: all up to date"),)
    assert dsl.reply.lines == ("No courses recorded yet.",)


def test_training_forms_match_their_inputs(sessions: sessionmaker[Session], world: World) -> None:
    course(sessions, world, "Team Teach", 36)
    with sessions() as session:
        actor = world.actor("sendco")
        pairs: list[tuple[Form, type[BaseModel]]] = [
            (training.course_form(session=session, actor=actor), training.CourseInput),
            (
                training.training_record_form(session=session, actor=actor, now=NOW),
                training.TrainingRecordInput,
            ),
            (training.requirement_form(session=session, actor=actor), training.RequirementInput),
        ]
    for form, model in pairs:
        assert [f.name for f in form.fields] == list(model.model_fields)
    staff_field = pairs[1][0].fields[0]
    assert "Ta B" not in {c.label for c in staff_field.choices}
    assert [c.label for c in pairs[1][0].fields[1].choices] == ["Team Teach"]


def test_default_requirements_are_added_once_and_the_npq_is_due_within_three_years(
    world: World, sessions: sessionmaker[Session]
) -> None:
    from handlers.training.records import accept_default_requirements
    from handlers.training.status import TrainingState, training_status
    from storage.models import RoleRequirement, TrainingCourse

    first = perform(sessions, accept_default_requirements, actor=world.actor("sendco"), now=NOW)
    again = perform(sessions, accept_default_requirements, actor=world.actor("sendco"), now=NOW)
    assert first.ok and "SENDCOs: NPQ for SENCOs" in first.reply.lines
    assert again.reply.title == "The defaults were all in place"
    with sessions() as session:
        courses = {c.name: c.valid_months for c in session.scalars(select(TrainingCourse))}
        requirements = list(session.scalars(select(RoleRequirement)))
    assert courses == {"Safeguarding update": 12, "DSL training": 24, "NPQ for SENCOs": None}
    assert len(requirements) == 5 + 1 + 1

    npq = next(r for r in requirements if r.within_months == 36)
    # Appointed 1 Sep 2025: the NPQ is due by 1 Sep 2028, missing only after that.
    on_time = training_status([npq], [], ["sendco"], date(2026, 10, 5),
                              role_since={"sendco": date(2025, 9, 1)})  # fmt: skip
    late = training_status([npq], [], ["sendco"], date(2028, 9, 1),
                           role_since={"sendco": date(2025, 9, 1)})  # fmt: skip
    unknown = training_status([npq], [], ["sendco"], date(2026, 10, 5))
    assert [(s.state, s.expires_on) for s in on_time] == [(TrainingState.DUE, date(2028, 9, 1))]
    assert [s.state for s in late] == [TrainingState.MISSING]
    assert [s.state for s in unknown] == [TrainingState.MISSING]
    assert not on_time[0].is_gap and late[0].is_gap
