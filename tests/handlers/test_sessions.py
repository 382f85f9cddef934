"""Logging intervention sessions end to end, and the schedule rules behind the reminder
"planned session not logged by the end of the day"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers import interventions
from handlers import sessions as handlers
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from storage.models import (
    AuditEvent,
    Base,
    Intervention,
    InterventionSession,
    SessionAttendance,
)
from tests.worlds import World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # Monday 5 October 2026, 10:00 in London


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def log(
    sessions: sessionmaker[Session],
    world: World,
    who: str = "ta",
    group: str = "plus_one",
    now: datetime = NOW,
    **data: Any,
) -> Outcome:
    given = {"intervention_id": world.interventions[group], **data}
    return perform(sessions, handlers.log_session, actor=world.actor(who), data=given, now=now)


def stored(sessions: sessionmaker[Session], session_id: int | None) -> InterventionSession:
    with sessions() as session:
        row = session.get(InterventionSession, session_id)
        assert row is not None
        _ = row.attendance
        return row


def attendance_of(row: InterventionSession, world: World) -> dict[str, tuple[bool, str]]:
    names = {pid: name for name, pid in world.pupils.items()}
    return {names[a.pupil_id]: (a.present, a.absence_reason) for a in row.attendance}


def test_ta_logs_twenty_minutes_of_plus_one_and_the_whole_group_is_present_by_default(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = log(sessions, world, duration_minutes=20, notes="Number bonds to 10", rating=4)

    assert outcome.ok, outcome.errors
    row = stored(sessions, outcome.record_id)
    assert row.held_on == date(2026, 10, 5)
    assert row.duration_minutes == 20
    assert row.logged_by_id == world.actor("ta").staff_id
    assert row.notes == "Number bonds to 10" and row.rating == 4
    assert row.source == "console"
    assert attendance_of(row, world) == {"ravi": (True, ""), "noah": (True, "")}
    fields = dict(outcome.reply.fields)
    assert fields["Present"] == "Ravi Shah, Noah Wright"
    assert fields["Sessions so far"] == "1 of 30 planned"
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "intervention_session")
        ).one()
    assert event.action == "create"
    assert event.entity_id == row.id
    assert event.detail["present"] == 2 and event.detail["absent"] == 0
    assert "Ravi" not in str(event.detail)


def test_an_absence_with_its_reason_is_recorded(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = log(
        sessions,
        world,
        duration_minutes=20,
        attendance=[
            {"pupil_id": world.pupils["ravi"], "present": True},
            {"pupil_id": world.pupils["noah"], "present": False, "absence_reason": "ill"},
        ],
    )
    assert outcome.ok, outcome.errors
    row = stored(sessions, outcome.record_id)
    assert attendance_of(row, world) == {"ravi": (True, ""), "noah": (False, "ill")}
    assert dict(outcome.reply.fields)["Absent"] == "Noah Wright (ill)"


def test_a_form_sends_who_was_there_and_who_was_absent_with_one_reason(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = log(
        sessions,
        world,
        duration_minutes="20",
        attendance=[str(world.pupils["ravi"])],
        absent=[world.pupils["noah"]],
        absence_reason="school trip",
        held_on="2026-10-02",
        rating="",
    )
    assert outcome.ok, outcome.errors
    row = stored(sessions, outcome.record_id)
    assert row.held_on == date(2026, 10, 2)
    assert row.rating is None
    assert attendance_of(row, world) == {"ravi": (True, ""), "noah": (False, "school trip")}


def test_a_session_for_one_pupil_of_the_group_records_only_that_pupil(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = log(sessions, world, duration_minutes=20, attendance=[world.pupils["ravi"]])
    assert outcome.ok
    assert attendance_of(stored(sessions, outcome.record_id), world) == {"ravi": (True, "")}


def test_duration_defaults_to_the_groups_session_length_and_source_is_kept(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = perform(
        sessions,
        handlers.log_session,
        actor=world.actor("ta"),
        data={"intervention_id": world.interventions["plus_one"]},
        now=NOW,
        source="slack",
    )
    assert outcome.ok, outcome.errors
    row = stored(sessions, outcome.record_id)
    assert row.duration_minutes == 20
    assert row.source == "slack"


def test_the_school_date_is_londons(sessions: sessionmaker[Session], world: World) -> None:
    late = datetime(2026, 10, 4, 23, 30, tzinfo=UTC)  # 00:30 on Monday 5 October in London
    outcome = log(sessions, world, now=late, held_on="2026-10-05", duration_minutes=20)
    assert outcome.ok, outcome.errors
    default = log(sessions, world, now=late, duration_minutes=25)
    assert stored(sessions, default.record_id).held_on == date(2026, 10, 5)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"duration_minutes": 0}, "duration_minutes", "Duration must be between 1 and 480 minutes"),
        ({"duration_minutes": 481}, "duration_minutes", "between 1 and 480 minutes"),
        ({"duration_minutes": "a while"}, "duration_minutes", "between 1 and 480 minutes"),
        ({"held_on": "2026-10-06"}, "held_on", "The session date can't be in the future."),
        ({"held_on": "2026-09-04"}, "held_on", "Plus One started on Mon 7 Sep 2026"),
        ({"rating": 6}, "rating", "Give a rating from 1 to 5"),
        ({"intervention_id": None}, "intervention_id", "Choose the intervention group"),
        ({"intervention_id": 9999}, "intervention_id", "There is no intervention group"),
        ({"attendance": [{"pupil_id": 1}, {"pupil_id": 1}]}, "attendance", "only once"),
        ({"attendance": []}, "attendance", "Say who was there"),
    ],
)
def test_bad_session_details_come_back_per_field_and_nothing_is_written(
    sessions: sessionmaker[Session],
    world: World,
    data: dict[str, Any],
    field: str,
    message: str,
) -> None:
    before = row_counts(sessions)
    given = {"intervention_id": world.interventions["plus_one"], "duration_minutes": 20, **data}
    outcome = perform(sessions, handlers.log_session, actor=world.actor("ta"), data=given, now=NOW)
    assert not outcome.ok
    assert message in outcome.errors[field]
    assert row_counts(sessions) == before


def test_an_absence_needs_a_reason_naming_the_pupil(
    sessions: sessionmaker[Session], world: World
) -> None:
    before = row_counts(sessions)
    outcome = log(
        sessions,
        world,
        duration_minutes=20,
        attendance=[{"pupil_id": world.pupils["noah"], "present": False}],
    )
    assert outcome.errors == {"attendance": "Say why Noah Wright was absent."}
    outcome = log(sessions, world, duration_minutes=20, absent=[world.pupils["noah"]])
    assert outcome.errors == {"absence_reason": "Say why Noah Wright was absent."}
    both = log(
        sessions,
        world,
        duration_minutes=20,
        attendance=[world.pupils["noah"]],
        absent=[world.pupils["noah"]],
        absence_reason="ill",
    )
    assert both.errors == {"absent": "Noah Wright is marked both present and absent."}
    assert row_counts(sessions) == before


def test_the_sendco_is_told_to_add_a_pupil_to_the_group_first(
    sessions: sessionmaker[Session], world: World
) -> None:
    before = row_counts(sessions)
    outcome = log(
        sessions, world, who="sendco", duration_minutes=20, attendance=[world.pupils["maya"]]
    )
    assert outcome.errors == {
        "attendance": "Maya Patel is not in Plus One: add them to the group first."
    }
    assert row_counts(sessions) == before


def test_a_ta_naming_a_pupil_they_cant_see_is_denied_and_it_is_audited(
    sessions: sessionmaker[Session], world: World
) -> None:
    before = row_counts(sessions)
    outcome = log(sessions, world, duration_minutes=20, attendance=[world.pupils["maya"]])
    assert not outcome.ok
    assert "You can't see that pupil's record" in outcome.reply.title
    after = row_counts(sessions)
    assert after["audit_events"] == before["audit_events"] + 1
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }
    with sessions() as session:
        deny = session.scalars(select(AuditEvent)).all()[-1]
    assert (deny.action, deny.entity, deny.entity_id) == ("deny", "pupil", world.pupils["maya"])


def test_a_pupil_of_another_school_is_a_field_error(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = log(sessions, world, duration_minutes=20, attendance=[world.pupils["zara"]])
    assert outcome.errors == {"attendance": f"There is no pupil with id {world.pupils['zara']}."}


def test_a_pupil_who_left_is_not_in_later_sessions_but_is_in_earlier_ones(
    sessions: sessionmaker[Session], world: World
) -> None:
    perform(
        sessions,
        interventions.remove_member,
        actor=world.actor("sendco"),
        data={
            "intervention_id": world.interventions["plus_one"],
            "pupil_id": world.pupils["noah"],
            "left_on": "2026-10-01",
        },
        now=NOW,
    )
    later = log(sessions, world, duration_minutes=20)
    assert attendance_of(stored(sessions, later.record_id), world) == {"ravi": (True, "")}
    earlier = log(sessions, world, duration_minutes=20, held_on="2026-09-30")
    assert set(attendance_of(stored(sessions, earlier.record_id), world)) == {"ravi", "noah"}
    named = log(sessions, world, duration_minutes=20, attendance=[world.pupils["noah"]])
    assert named.errors == {"attendance": "Noah Wright was not in Plus One on Mon 5 Oct 2026."}


def test_a_repeated_submission_adds_nothing(sessions: sessionmaker[Session], world: World) -> None:
    first = log(sessions, world, duration_minutes=20)
    before = row_counts(sessions)
    again = log(sessions, world, duration_minutes=20)
    assert again.ok
    assert again.record_id == first.record_id
    assert "already logged" in again.reply.title
    assert row_counts(sessions) == before
    longer = log(sessions, world, duration_minutes=30)
    assert longer.record_id != first.record_id


def test_any_ta_may_log_for_a_group_without_a_lead(
    sessions: sessionmaker[Session], world: World
) -> None:
    created = perform(
        sessions,
        interventions.create_intervention,
        actor=world.actor("sendco"),
        data={
            "name": "Lego therapy",
            "programme": "Lego-based therapy",
            "start_on": "2026-09-07",
            "session_minutes": 30,
        },
        now=NOW,
    )
    assert created.record_id is not None
    perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={"intervention_id": created.record_id, "pupil_ids": [world.pupils["amira"]]},
        now=NOW,
    )
    given = {"intervention_id": created.record_id}
    for who, ok in (("ta_other", True), ("teacher_2c", True), ("head", False), ("dsl", False)):
        outcome = perform(
            sessions, handlers.log_session, actor=world.actor(who), data=given, now=NOW
        )
        assert outcome.ok is ok, (who, outcome.reply.title)


def test_the_lead_lists_the_sessions_with_attendance(
    sessions: sessionmaker[Session], world: World
) -> None:
    log(sessions, world, duration_minutes=20, held_on="2026-09-30", rating=5)
    log(
        sessions,
        world,
        duration_minutes=15,
        held_on="2026-10-02",
        attendance=[world.pupils["ravi"]],
        absent=[world.pupils["noah"]],
        absence_reason="ill",
    )
    outcome = perform(
        sessions,
        handlers.list_sessions,
        actor=world.actor("ta"),
        intervention_id=world.interventions["plus_one"],
    )
    assert outcome.ok
    assert outcome.reply.lines[0] == "Fri 2 Oct 2026, 15 min: Ravi Shah; absent Noah Wright (ill)"
    assert outcome.reply.lines[1].startswith("Wed 30 Sep 2026, 20 min: ")
    assert outcome.reply.lines[1].endswith("; rated 5/5")
    with sessions() as session:
        views = handlers.sessions_of(
            session, world.actor("sendco"), world.interventions["plus_one"]
        )
        reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "read")).all()
    assert [v.held_on for v in views] == [date(2026, 10, 2), date(2026, 9, 30)]
    assert views[0].logged_by == "Ta"
    assert [r.detail["view"] for r in reads] == ["sessions"]


def test_the_session_form_offers_the_groups_the_actor_may_log_for_with_members_ticked(
    sessions: sessionmaker[Session], world: World
) -> None:
    with sessions() as session:
        blank = handlers.session_form(session=session, actor=world.actor("ta"), now=NOW)
        assert [f.name for f in blank.fields] == list(handlers.SessionInput.model_fields)
        assert [c.label for c in blank.fields[0].choices] == ["Plus One"]
        filled = handlers.session_form(
            session=session,
            actor=world.actor("ta"),
            now=NOW,
            intervention_id=world.interventions["plus_one"],
        )
        other = handlers.session_form(session=session, actor=world.actor("teacher_2c"), now=NOW)
    attendance = next(f for f in filled.fields if f.name == "attendance")
    assert {c.label for c in attendance.choices} == {"Ravi Shah", "Noah Wright"}
    assert sorted(attendance.initial or []) == sorted(
        str(world.pupils[n]) for n in ("ravi", "noah")
    )
    assert next(f for f in filled.fields if f.name == "duration_minutes").initial == "20"
    assert other.fields[0].choices == ()


# --- the schedule rules (pure) ---


@dataclass
class Group:
    weekdays: str = "mon,wed,fri"
    start_on: date = date(2026, 9, 7)
    end_on: date | None = None
    status: str = "active"
    planned_sessions: int | None = None


def test_planned_dates_are_the_groups_weekdays_within_its_dates() -> None:
    group = Group(end_on=date(2026, 9, 18))
    assert handlers.planned_session_dates(group, date(2026, 9, 1), date(2026, 9, 30)) == [
        date(2026, 9, 7),
        date(2026, 9, 9),
        date(2026, 9, 11),
        date(2026, 9, 14),
        date(2026, 9, 16),
        date(2026, 9, 18),
    ]


def test_planned_dates_skip_days_the_school_is_closed() -> None:
    closed = {date(2026, 9, 9)}
    dates = handlers.planned_session_dates(
        Group(), date(2026, 9, 7), date(2026, 9, 11), school_days=lambda d: d not in closed
    )
    assert dates == [date(2026, 9, 7), date(2026, 9, 11)]


def test_a_stopped_group_or_one_without_days_has_no_planned_sessions() -> None:
    assert (
        handlers.planned_session_dates(Group(status="stopped"), date(2026, 9, 7), date(2026, 9, 30))
        == []
    )
    assert (
        handlers.planned_session_dates(Group(weekdays=""), date(2026, 9, 7), date(2026, 9, 30))
        == []
    )


def test_a_planned_session_not_logged_by_the_end_of_the_day_is_noticed() -> None:
    group = Group()
    monday, tuesday = date(2026, 10, 5), date(2026, 10, 6)
    assert handlers.sessions_not_logged(group, set(), monday) is True
    assert handlers.sessions_not_logged(group, {monday}, monday) is False
    assert handlers.sessions_not_logged(group, set(), tuesday) is False  # not a session day
    assert handlers.sessions_not_logged(group, set(), date(2026, 9, 4)) is False  # before start
    assert handlers.sessions_not_logged(group, set(), monday, school_days=lambda d: False) is False


def test_a_group_that_ran_all_its_sessions_is_not_nudged() -> None:
    group = Group(planned_sessions=2)
    done = {date(2026, 9, 7), date(2026, 9, 9)}
    assert handlers.sessions_not_logged(group, done, date(2026, 9, 11)) is False
    assert handlers.sessions_not_logged(group, {date(2026, 9, 7)}, date(2026, 9, 11)) is True


def test_the_intervention_model_satisfies_the_schedule_rules(
    sessions: sessionmaker[Session], world: World
) -> None:
    with sessions() as session:
        plus_one = session.get(Intervention, world.interventions["plus_one"])
        assert plus_one is not None
        dates = handlers.planned_session_dates(plus_one, date(2026, 9, 7), date(2026, 9, 13))
        count = session.scalar(select(func.count(SessionAttendance.id)))
    assert dates == [date(2026, 9, 7), date(2026, 9, 9), date(2026, 9, 11)]
    assert count == 0
