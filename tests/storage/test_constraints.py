"""The database itself refuses data that would corrupt the records, whatever code writes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from stdnum.gb import upn as upn_rules

from storage.models import (
    AdviceRequest,
    AssessmentRequest,
    AuditEvent,
    Concern,
    ConcernArea,
    ConcernPupil,
    ConversationState,
    Intervention,
    InterventionMember,
    InterventionSession,
    OutboxNotice,
    Plan,
    PlatformIdentity,
    ProcessedEvent,
    Pupil,
    PupilNeed,
    Review,
    School,
    SessionAttendance,
    Staff,
    StaffRole,
    TrainingCourse,
    TrainingRecord,
)


def valid_upn(serial: int) -> str:
    body = f"2010001{26:02d}{serial:03d}"
    return upn_rules.calc_check_digit(body) + body


@pytest.fixture
def world(session: Session) -> dict[str, int]:
    school = School(name="Constraint Primary")
    other = School(name="Other Primary")
    session.add_all([school, other])
    session.flush()
    staff = Staff(school_id=school.id, email="t@example.org", display_name="T. Teacher")
    pupil = Pupil(
        school_id=school.id,
        upn=valid_upn(1),
        first_name="Ada",
        last_name="Lane",
        date_of_birth=date(2018, 3, 1),
        year_group=3,
    )
    session.add_all([staff, pupil])
    session.flush()
    intervention = Intervention(
        school_id=school.id, name="Toe by Toe Y3", programme="Toe by Toe", start_on=date(2026, 9, 7)
    )
    concern = Concern(
        school_id=school.id, raised_by_id=staff.id, observed_on=date(2026, 11, 2), observed="x"
    )
    session.add_all([intervention, concern])
    session.flush()
    sitting = InterventionSession(
        intervention_id=intervention.id, held_on=date(2026, 11, 2), duration_minutes=20
    )
    session.add(sitting)
    session.commit()
    return {
        "school": school.id,
        "other": other.id,
        "staff": staff.id,
        "pupil": pupil.id,
        "intervention": intervention.id,
        "concern": concern.id,
        "session": sitting.id,
    }


def pupil(w: dict[str, int], **changes: object) -> Pupil:
    fields: dict[str, object] = {
        "school_id": w["school"],
        "upn": valid_upn(2),
        "first_name": "Bea",
        "last_name": "Moss",
        "date_of_birth": date(2019, 5, 1),
        "year_group": 2,
    }
    fields.update(changes)
    return Pupil(**fields)


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

BAD_ROWS: dict[str, Callable[[dict[str, int]], list[object]]] = {
    "sen status outside N/K/E": lambda w: [pupil(w, sen_status="X")],
    "upn of the wrong length": lambda w: [pupil(w, upn="A12345")],
    "year group out of range": lambda w: [pupil(w, year_group=20)],
    "empty first name": lambda w: [pupil(w, first_name="")],
    "same upn twice in a school": lambda w: [pupil(w, upn=valid_upn(1))],
    "pupil in a school that does not exist": lambda w: [pupil(w, school_id=9999)],
    "unknown need code": lambda w: [PupilNeed(pupil_id=w["pupil"], need_code="XYZ", rank=1)],
    "two primary needs": lambda w: [
        PupilNeed(pupil_id=w["pupil"], need_code="SPLD", rank=1),
        PupilNeed(pupil_id=w["pupil"], need_code="MLD", rank=1),
    ],
    "need rank zero": lambda w: [PupilNeed(pupil_id=w["pupil"], need_code="SPLD", rank=0)],
    "unknown role": lambda w: [StaffRole(staff_id=w["staff"], role="janitor")],
    "same role twice": lambda w: [
        StaffRole(staff_id=w["staff"], role="ta"),
        StaffRole(staff_id=w["staff"], role="ta"),
    ],
    "upper-case staff email": lambda w: [
        Staff(school_id=w["school"], email="Big@Example.org", display_name="B")
    ],
    "same staff email twice in a school": lambda w: [
        Staff(school_id=w["school"], email="t@example.org", display_name="Again")
    ],
    "one slack id for two people": lambda w: [
        Staff(school_id=w["school"], email="u@example.org", display_name="U"),
        PlatformIdentity(staff_id=w["staff"], platform="slack", external_id="U1"),
        PlatformIdentity(staff_id=w["staff"] + 1, platform="slack", external_id="U1"),
    ],
    "unknown platform": lambda w: [
        PlatformIdentity(staff_id=w["staff"], platform="myspace", external_id="x")
    ],
    "unknown concern status": lambda w: [
        Concern(
            school_id=w["school"],
            raised_by_id=w["staff"],
            observed_on=date(2026, 11, 2),
            observed="x",
            status="lost",
        )
    ],
    "concern with nothing observed": lambda w: [
        Concern(
            school_id=w["school"],
            raised_by_id=w["staff"],
            observed_on=date(2026, 11, 2),
            observed="",
        )
    ],
    "unknown area of need": lambda w: [ConcernArea(concern_id=w["concern"], area="maths")],
    "same pupil twice on a concern": lambda w: [
        ConcernPupil(concern_id=w["concern"], pupil_id=w["pupil"]),
        ConcernPupil(concern_id=w["concern"], pupil_id=w["pupil"]),
    ],
    "session of zero minutes": lambda w: [
        InterventionSession(
            intervention_id=w["intervention"], held_on=date(2026, 11, 3), duration_minutes=0
        )
    ],
    "session rated 6 of 5": lambda w: [
        InterventionSession(
            intervention_id=w["intervention"],
            held_on=date(2026, 11, 3),
            duration_minutes=20,
            rating=6,
        )
    ],
    "absence without a reason": lambda w: [
        SessionAttendance(session_id=w["session"], pupil_id=w["pupil"], present=False)
    ],
    "pupil twice in one register": lambda w: [
        SessionAttendance(session_id=w["session"], pupil_id=w["pupil"], present=True),
        SessionAttendance(session_id=w["session"], pupil_id=w["pupil"], present=True),
    ],
    "member who left before joining": lambda w: [
        InterventionMember(
            intervention_id=w["intervention"],
            pupil_id=w["pupil"],
            joined_on=date(2026, 10, 1),
            left_on=date(2026, 9, 1),
        )
    ],
    "unknown score measure": lambda w: [
        Intervention(
            school_id=w["school"],
            name="X",
            programme="X",
            start_on=date(2026, 9, 1),
            measure="vibes",
        )
    ],
    "advice request with no question": lambda w: [
        AdviceRequest(school_id=w["school"], asked_by_id=w["staff"], question="")
    ],
    "held review without an outcome": lambda w: [
        Review(
            school_id=w["school"],
            pupil_id=w["pupil"],
            kind="sen_support",
            status="held",
            due_on=date(2026, 12, 1),
            held_on=date(2026, 11, 30),
        )
    ],
    "unknown review kind": lambda w: [
        Review(
            school_id=w["school"], pupil_id=w["pupil"], kind="vibe_check", due_on=date(2026, 12, 1)
        )
    ],
    "training that expires before it was done": lambda w: [
        TrainingCourse(school_id=w["school"], name="Safeguarding"),
        TrainingRecord(
            staff_id=w["staff"],
            course_id=1,
            completed_on=date(2026, 9, 1),
            expires_on=date(2026, 8, 1),
        ),
    ],
    "the same reminder twice": lambda w: [
        OutboxNotice(
            key="k1",
            school_id=w["school"],
            rule="r",
            subject="s",
            due_on=date(2026, 12, 1),
            message="m",
        ),
        OutboxNotice(
            key="k1",
            school_id=w["school"],
            rule="r",
            subject="s",
            due_on=date(2026, 12, 1),
            message="m",
        ),
    ],
    "an event processed twice": lambda w: [
        ProcessedEvent(platform="slack", event_key="Ev1"),
        ProcessedEvent(platform="slack", event_key="Ev1"),
    ],
    "two states for one conversation": lambda w: [
        ConversationState(
            platform="console",
            conversation_key="c",
            staff_id=w["staff"],
            expires_at=NOW + timedelta(hours=1),
        ),
        ConversationState(
            platform="console",
            conversation_key="c",
            staff_id=w["staff"],
            expires_at=NOW + timedelta(hours=1),
        ),
    ],
    "unknown audit action": lambda w: [
        AuditEvent(school_id=w["school"], action="peek", entity="pupil")
    ],
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_database_refuses(case: str, session: Session, world: dict[str, int]) -> None:
    for row in BAD_ROWS[case](world):
        session.add(row)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_same_upn_in_another_school_is_allowed(session: Session, world: dict[str, int]) -> None:
    session.add(pupil(world, school_id=world["other"], upn=valid_upn(1)))
    session.commit()


def test_a_pupil_with_records_cannot_be_deleted_from_under_them(
    session: Session, world: dict[str, int]
) -> None:
    session.add(ConcernPupil(concern_id=world["concern"], pupil_id=world["pupil"]))
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(delete(Pupil).where(Pupil.id == world["pupil"]))
    session.rollback()


@pytest.mark.parametrize("kind", ["plan", "review", "assessment"])
def test_a_pupils_plans_reviews_and_assessments_are_never_deleted_with_them(
    kind: str, session: Session, world: dict[str, int]
) -> None:
    school, pupil_id = world["school"], world["pupil"]
    record: Any = {
        "plan": Plan(school_id=school, pupil_id=pupil_id, kind="sen_support",
                     started_on=date(2026, 9, 1)),
        "review": Review(school_id=school, pupil_id=pupil_id, kind="sen_support",
                         due_on=date(2026, 12, 1)),
        "assessment": AssessmentRequest(school_id=school, pupil_id=pupil_id,
                                        requested_on=date(2026, 10, 1)),
    }[kind]  # fmt: skip
    session.add(record)
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(delete(Pupil).where(Pupil.id == pupil_id))
    session.rollback()
    assert session.get(type(record), record.id) is not None


def test_audit_trail_is_append_only(session: Session, world: dict[str, int]) -> None:
    session.add(AuditEvent(school_id=world["school"], action="read", entity="pupil", entity_id=1))
    session.commit()

    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(update(AuditEvent).values(entity="tampered"))
    session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(delete(AuditEvent))
    session.rollback()

    assert session.execute(text("SELECT entity FROM audit_events")).scalars().all() == ["pupil"]
