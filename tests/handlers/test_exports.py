"""Records out: the SEN register, concerns and sessions, one row per record, pupils by UPN,
each export audited and open only to the SENDCO and the head of the school."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.exports import (
    FORMATS,
    KINDS,
    ExportOutcome,
    ExportTable,
    export_rows,
    run_export,
    to_csv,
    to_json,
)
from handlers.exports.kinds import ExportOptions
from handlers.plans.create import create_support_plan
from handlers.plans.ehcp import record_ehcp
from handlers.plans.reviews import record_review_outcome
from handlers.unit_of_work import perform
from storage.models import (
    AuditEvent,
    Base,
    Concern,
    ConcernArea,
    ConcernPupil,
    ConcernStatusChange,
    InterventionSession,
    Plan,
    Pupil,
    Review,
    SessionAttendance,
)
from tests.worlds import SCHOOL_B, STAFF, World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def upns(world: World, sessions: sessionmaker[Session]) -> dict[str, str]:
    with sessions() as session:
        return {name: session.get_one(Pupil, pid).upn for name, pid in world.pupils.items()}


def export(
    world: World, sessions: sessionmaker[Session], kind: str, who: str = "sendco", **extra: Any
) -> ExportOutcome:
    extra.setdefault("options", ExportOptions(reason="termly SEN review"))
    outcome = perform(sessions, run_export, actor=world.actor(who), kind=kind, now=NOW, **extra)
    assert isinstance(outcome, ExportOutcome), outcome.reply.title
    return outcome


def rows_of(outcome: ExportOutcome) -> list[dict[str, Any]]:
    assert outcome.table is not None
    return outcome.table.records()


def test_the_register_export_lists_pupils_on_the_register_with_census_codes_and_review_dates(
    world: World, sessions: sessionmaker[Session]
) -> None:
    sendco = world.actor("sendco")
    perform(
        sessions,
        record_ehcp,
        actor=sendco,
        now=NOW,
        data={"pupil": world.pupils["noah"], "issued_on": "2025-11-20", "local_authority": "Leeds"},
    )
    perform(
        sessions,
        create_support_plan,
        actor=sendco,
        now=NOW,
        data={"pupil": world.pupils["ravi"], "targets": "Reads CVC words"},
    )
    with sessions() as session:
        ravi_review = session.scalars(
            select(Review.id).where(Review.pupil_id == world.pupils["ravi"])
        ).one()
    perform(
        sessions,
        record_review_outcome,
        actor=sendco,
        now=NOW,
        review_id=ravi_review,
        data={"held_on": "2026-10-05", "outcome": "continue"},
    )
    # Amira's SEN support plan came from the import: a last review date and no review rows.
    with sessions.begin() as session:
        session.add(
            Plan(
                school_id=world.school_ids["a"],
                pupil_id=world.pupils["amira"],
                kind="sen_support",
                started_on=date(2026, 4, 20),
                last_reviewed_on=date(2026, 7, 6),
            )
        )

    outcome = export(world, sessions, "register")

    codes = upns(world, sessions)
    assert outcome.table is not None
    assert outcome.table.columns == (
        "upn",
        "first_name",
        "last_name",
        "year_group",
        "class_name",
        "sen_status",
        "primary_need",
        "secondary_need",
        "ehcp_issued_on",
        "last_review_on",
        "next_review_due",
    )
    assert rows_of(outcome) == [
        {
            "upn": codes["ravi"],
            "first_name": "Ravi",
            "last_name": "Shah",
            "year_group": "2",  # the census writes years as text: N1, N2, R, 1 …
            "class_name": "2C",
            "sen_status": "K",
            "primary_need": "SPLD",
            "secondary_need": None,
            "ehcp_issued_on": None,
            "last_review_on": date(2026, 10, 5),
            "next_review_due": date(2026, 12, 28),
        },
        {
            "upn": codes["amira"],
            "first_name": "Amira",
            "last_name": "Hassan",
            "year_group": "3",
            "class_name": "3B",
            "sen_status": "K",
            "primary_need": "SLCN",
            "secondary_need": None,
            "ehcp_issued_on": None,
            "last_review_on": date(2026, 7, 6),
            "next_review_due": date(2026, 9, 28),
        },
        {
            "upn": codes["noah"],
            "first_name": "Noah",
            "last_name": "Wright",
            "year_group": "3",
            "class_name": "3B",
            "sen_status": "E",
            "primary_need": "ASD",
            "secondary_need": None,
            "ehcp_issued_on": date(2025, 11, 20),
            "last_review_on": None,
            "next_review_due": date(2026, 11, 19),  # issued 20 Nov 2025: s.44(1)
        },
    ]
    with sessions() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert (event.action, event.entity, event.actor_id) == (
        "export",
        "export:register",
        sendco.staff_id,
    )
    assert event.detail == {
        "rows": 3, "on": "2026-10-05", "format": "csv", "reason": "termly SEN review"
    }  # fmt: skip


def test_the_concerns_export_has_one_row_per_concern_with_its_status_history(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        raised = datetime(2026, 9, 8, 10, 0, tzinfo=UTC)
        session.add(
            Concern(
                school_id=world.school_ids["a"],
                raised_by_id=world.actor("teacher_2c").staff_id,
                assigned_to_id=world.actor("sendco").staff_id,
                raised_at=raised,
                observed_on=date(2026, 9, 7),
                observed='Both struggle to copy from the board; one says it is "blurry"',
                tried="Moved nearer the front",
                urgency="medium",
                status="acknowledged",
                pupils=[
                    ConcernPupil(pupil_id=world.pupils["ravi"]),
                    ConcernPupil(pupil_id=world.pupils["maya"]),
                ],
                areas=[
                    ConcernArea(area="sensory_and_physical"),
                    ConcernArea(area="cognition_and_learning"),
                ],
                history=[
                    ConcernStatusChange(
                        changed_at=raised,
                        to_status="new",
                        changed_by_id=world.actor("teacher_2c").staff_id,
                    ),
                    ConcernStatusChange(
                        changed_at=datetime(2026, 9, 9, 8, 0, tzinfo=UTC),
                        from_status="new",
                        to_status="acknowledged",
                        changed_by_id=world.actor("sendco").staff_id,
                        note="Eye test first; then a screener",
                    ),
                ],
            )
        )
        session.add(
            Concern(
                school_id=world.school_ids["b"],
                raised_by_id=world.actor("teacher_b").staff_id,
                observed_on=date(2026, 9, 7),
                observed="School B's concern",
                pupils=[ConcernPupil(pupil_id=world.pupils["zara"])],
            )
        )

    outcome = export(world, sessions, "concerns")

    codes = upns(world, sessions)
    [row] = rows_of(outcome)
    assert row["reference"].startswith("C-")
    assert row["raised_at"] == datetime(2026, 9, 8, 10, 0, tzinfo=UTC)
    assert row["observed_on"] == date(2026, 9, 7)
    assert row["raised_by"] == "teacher_2c@school-a.example"
    assert row["assigned_to"] == "sendco@school-a.example"
    assert row["pupils"] == ";".join(sorted([codes["ravi"], codes["maya"]]))
    assert row["areas"] == "cognition_and_learning;sensory_and_physical"
    assert (row["urgency"], row["status"], row["tried"]) == (
        "medium",
        "acknowledged",
        "Moved nearer the front",
    )
    assert json.loads(row["status_history"]) == [
        {
            "at": "2026-09-08T10:00:00+00:00",
            "from": None,
            "to": "new",
            "by": "teacher_2c@school-a.example",
            "note": "",
        },
        {
            "at": "2026-09-09T08:00:00+00:00",
            "from": "new",
            "to": "acknowledged",
            "by": "sendco@school-a.example",
            "note": "Eye test first; then a screener",
        },
    ]
    assert "Ravi" not in json.dumps(row, default=str)


def test_the_sessions_export_shows_attendance_by_upn_with_reasons(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.add(
            InterventionSession(
                intervention_id=world.interventions["plus_one"],
                held_on=date(2026, 9, 14),
                duration_minutes=20,
                logged_by_id=world.actor("ta").staff_id,
                notes="Number bonds to 10",
                rating=4,
                attendance=[
                    SessionAttendance(pupil_id=world.pupils["ravi"], present=True),
                    SessionAttendance(
                        pupil_id=world.pupils["noah"],
                        present=False,
                        absence_reason="ill; sent home",
                    ),
                ],
            )
        )
        session.add(
            InterventionSession(
                intervention_id=world.interventions["talk_boost_b"],
                held_on=date(2026, 9, 14),
                duration_minutes=30,
            )
        )

    outcome = export(world, sessions, "sessions")

    codes = upns(world, sessions)
    [row] = rows_of(outcome)
    assert row == {
        "reference": row["reference"],
        "intervention": "Plus One",
        "programme": "Plus One",
        "held_on": date(2026, 9, 14),
        "duration_minutes": 20,
        "logged_by": "ta@school-a.example",
        "present": codes["ravi"],
        "absent": f"{codes['noah']}: ill, sent home",
        "notes": "Number bonds to 10",
        "rating": 4,
    }
    assert row["reference"].startswith("S-")


def test_a_sendco_in_school_b_exports_only_school_b(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = export(world, sessions, "register", "sendco_b")
    assert [r["upn"] for r in rows_of(outcome)] == [upns(world, sessions)["zara"]]


def test_csv_and_json_render_dates_as_iso_and_empty_values_plainly() -> None:
    table = ExportTable(
        "register",
        ("upn", "year_group", "reviewed", "at", "note"),
        [
            ("A123", 0, date(2026, 3, 1), datetime(2026, 3, 1, 9, 30, tzinfo=UTC), None),
            ("B456", 11, None, None, 'says "hi", then; leaves'),
        ],
    )
    parsed = list(csv.reader(io.StringIO(to_csv(table))))
    assert parsed == [
        ["upn", "year_group", "reviewed", "at", "note"],
        ["A123", "0", "2026-03-01", "2026-03-01T09:30:00+00:00", ""],
        ["B456", "11", "", "", 'says "hi", then; leaves'],
    ]
    assert json.loads(to_json(table)) == [
        {
            "upn": "A123",
            "year_group": 0,
            "reviewed": "2026-03-01",
            "at": "2026-03-01T09:30:00+00:00",
            "note": None,
        },
        {
            "upn": "B456",
            "year_group": 11,
            "reviewed": None,
            "at": None,
            "note": 'says "hi", then; leaves',
        },
    ]
    assert to_json(ExportTable("register", ("upn",), [])) == "[]\n"


def test_new_kinds_and_formats_are_registry_entries() -> None:
    assert set(KINDS) == {
        "register", "concerns", "sessions", "provision-map", "impact", "summary", "chronology",
        "transfer", "sar",
    }  # fmt: skip
    assert set(FORMATS) == {"csv", "json", "xlsx"}
    assert all(callable(kind.build) and kind.description for kind in KINDS.values())


def test_an_unknown_kind_or_format_is_named_and_nothing_is_audited(
    world: World, sessions: sessionmaker[Session]
) -> None:
    kind = perform(sessions, run_export, actor=world.actor("sendco"), kind="pupils", now=NOW)
    assert "register, concerns, sessions" in kind.errors["kind"]
    fmt = perform(
        sessions, run_export, actor=world.actor("sendco"), kind="register", now=NOW, format="pdf"
    )
    assert "csv, json" in fmt.errors["format"]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_export_rows_is_the_plain_table_for_other_callers(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        table = export_rows(session=session, actor=world.actor("head"), kind="sessions", now=NOW)
    assert (table.kind, list(table.rows)) == ("sessions", [])
    with sessions() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.entity, event.detail) == (
        "export",
        "export:sessions",
        {"rows": 0, "on": "2026-10-05", "reason": "not given"},
    )


EXPORTERS = {"sendco", "head", "sendco_b"}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("who", sorted(STAFF))
def test_only_the_sendco_and_head_export_and_a_refusal_is_audited(
    who: str, kind: str, world: World, sessions: sessionmaker[Session]
) -> None:
    def table_counts() -> dict[str, int]:
        with sessions() as session:
            return {
                t.name: session.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables
            }

    before = table_counts()
    own_pupil = world.pupils["zara" if who in SCHOOL_B else "ravi"]
    outcome = perform(
        sessions, run_export, actor=world.actor(who), kind=kind, now=NOW,
        options=ExportOptions(reason="governors' meeting", pupil_id=own_pupil),
    )  # fmt: skip

    after = table_counts()
    assert after.pop("audit_events") == before.pop("audit_events") + 1
    assert after == before
    with sessions() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert event.actor_id == world.actor(who).staff_id
    assert event.school_id == world.actor(who).school_id
    if who in EXPORTERS:
        assert outcome.ok
        assert (event.action, event.entity) == ("export", f"export:{kind}")
    else:
        assert not outcome.ok
        assert KINDS[kind].permission.value in outcome.reply.title
        assert event.action == "deny"
        assert not isinstance(outcome, ExportOutcome)


def test_the_register_writes_nursery_and_reception_as_the_census_does(
    world: World, sessions: sessionmaker[Session]
) -> None:
    from handlers.imports.pupil_rows import parse_year_group

    assert [parse_year_group(t) for t in ("N1", "N2", "N", "Nursery", "R")] == [-2, -1, -1, -1, 0]
    with sessions.begin() as session:
        for name, year in (("ravi", -2), ("amira", -1), ("noah", 0)):
            session.get_one(Pupil, world.pupils[name]).year_group = year
    with sessions() as session:
        table = export_rows(session=session, actor=world.actor("sendco"), kind="register", now=NOW)
    years = {r["first_name"]: r["year_group"] for r in table.records()}
    assert years == {"Ravi": "N1", "Amira": "N2", "Noah": "R"}
