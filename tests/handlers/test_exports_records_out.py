"""Records out, figure by figure against hand-computed expectations: intervention impact (no
exit score yet, no sessions, a pupil leaving mid-term) and its chart; the governors' summary
(counts of 4 withheld, 5 shown); a pupil's chronology, transfer pack and subject access copy.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.exports import ExportOutcome, run_export
from handlers.exports.kinds import ExportOptions
from handlers.exports.suppression import share, suppress_parts
from handlers.pupils.leavers import record_leaver
from handlers.unit_of_work import perform
from storage.models import (
    AuditEvent,
    Concern,
    ConcernPupil,
    Intervention,
    InterventionMember,
    InterventionSession,
    Plan,
    PlanTarget,
    Pupil,
    PupilNeed,
    Review,
    SessionAttendance,
)
from tests.worlds import World, world_upn

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
HELD = [date(2026, 9, d) for d in (8, 15, 22, 29)] + [
    date(2026, 10, 6), date(2026, 10, 13), date(2026, 10, 20), date(2026, 11, 3)
]  # fmt: skip


def export(
    world: World, sessions: sessionmaker[Session], kind: str, fmt: str = "json",
    who: str = "sendco", **options: Any,
) -> ExportOutcome:  # fmt: skip
    options.setdefault("reason", "termly review")
    outcome = perform(sessions, run_export, actor=world.actor(who), kind=kind, now=NOW,
                      format=fmt, options=ExportOptions(**options))  # fmt: skip
    assert isinstance(outcome, ExportOutcome), outcome.reply.title
    return outcome


@pytest.fixture
def toe_by_toe(world: World, sessions: sessionmaker[Session]) -> int:
    """Reading ages (months) in Toe by Toe, £6.00 a session, 10 planned, 8 held:
    Maya 84 -> 90 over 60 days, all 8 sessions; Ravi 80, no exit yet, all 8; Amira 70, at
    none of the 8; Noah 75 -> 78 by 29 Sept, 3 of the 4 sessions before he left on 1 Oct."""
    p = world.pupils
    with sessions.begin() as session:
        group = Intervention(
            school_id=world.school_ids["a"], name="Toe by Toe", programme="Toe by Toe",
            measure="reading_age_months", planned_sessions=10, session_minutes=20,
            cost_per_session_pence=600, start_on=date(2026, 9, 7), weekdays="tue",
            members=[
                InterventionMember(pupil_id=p["maya"], joined_on=date(2026, 9, 7),
                                   entry_score=Decimal(84), entry_on=date(2026, 9, 7),
                                   exit_score=Decimal(90), exit_on=date(2026, 11, 6)),
                InterventionMember(pupil_id=p["ravi"], joined_on=date(2026, 9, 7),
                                   entry_score=Decimal(80), entry_on=date(2026, 9, 7)),
                InterventionMember(pupil_id=p["amira"], joined_on=date(2026, 9, 7),
                                   entry_score=Decimal(70), entry_on=date(2026, 9, 7)),
                InterventionMember(pupil_id=p["noah"], joined_on=date(2026, 9, 7),
                                   entry_score=Decimal(75), entry_on=date(2026, 9, 7),
                                   exit_score=Decimal(78), exit_on=date(2026, 9, 29)),
            ],
        )  # fmt: skip
        session.add(group)
        for index, day in enumerate(HELD):
            attendance = [
                SessionAttendance(pupil_id=p["maya"], present=True),
                SessionAttendance(pupil_id=p["ravi"], present=True),
                SessionAttendance(pupil_id=p["amira"], present=False, absence_reason="unwell"),
            ]
            if index < 4:
                there = index != 2
                reason = "" if there else "trip"
                attendance.append(
                    SessionAttendance(pupil_id=p["noah"], present=there, absence_reason=reason)
                )
            session.add(InterventionSession(intervention=group, held_on=day, duration_minutes=20,
                                            attendance=attendance))  # fmt: skip
        session.flush()
        group_id = group.id
    left = perform(sessions, record_leaver, actor=world.actor("sendco"), pupil_id=p["noah"],
                   left_on=date(2026, 10, 1), now=NOW, destination="Elm Academy")  # fmt: skip
    assert left.reply.ok, left.reply.title
    return group_id


def test_impact_rows_match_the_hand_computed_figures(
    world: World, sessions: sessionmaker[Session], toe_by_toe: int
) -> None:
    rows = json.loads(str(export(world, sessions, "impact", group="toe by toe").content))
    by_upn = {row["upn"]: row for row in rows}
    upn = {name: world_upn(serial) for serial, name in enumerate(
        ("maya", "ravi", "amira", "noah"), start=1)}  # fmt: skip
    common = {"group": "Toe by Toe", "programme": "Toe by Toe", "measure": "reading_age_months",
              "score_change": None, "effect_size": None, "cost": 12.0,
              "entry_on": "2026-09-07"}  # fmt: skip
    assert by_upn[upn["maya"]] == {
        **common, "upn": upn["maya"], "entry_score": 84.0, "exit_score": 90.0,
        "exit_on": "2026-11-06", "ratio_gain": 3.04, "band": "substantial",
        "sessions_attended": 8, "sessions_planned": 10, "attendance_rate": 1.0,
        "counts_for_impact": "yes", "note": "",
    }  # fmt: skip
    assert by_upn[upn["ravi"]] == {
        **common, "upn": upn["ravi"], "entry_score": 80.0, "exit_score": None,
        "exit_on": None, "ratio_gain": None, "band": None, "sessions_attended": 8,
        "sessions_planned": 10, "attendance_rate": 1.0, "counts_for_impact": "yes",
        "note": "No exit score yet.",
    }  # fmt: skip
    assert by_upn[upn["amira"]] == {
        **common, "upn": upn["amira"], "entry_score": 70.0, "exit_score": None,
        "exit_on": None, "ratio_gain": None, "band": None, "sessions_attended": 0,
        "sessions_planned": 10, "attendance_rate": 0.0, "counts_for_impact": "no",
        "note": "Too few sessions to judge: 0 attended, 6 needed. No exit score yet.",
    }  # fmt: skip
    # 3 months in 22 days (0.72 months): RG 4.15, but 3 sessions are too few to count.
    assert by_upn[upn["noah"]] == {
        **common, "upn": upn["noah"], "entry_score": 75.0, "exit_score": 78.0,
        "exit_on": "2026-09-29", "ratio_gain": 4.15, "band": "substantial",
        "sessions_attended": 3, "sessions_planned": 4, "attendance_rate": 0.75,
        "counts_for_impact": "no", "note": "Too few sessions to judge: 3 attended, 6 needed.",
    }  # fmt: skip
    assert len(rows) == 4


def test_the_impact_chart_is_a_png_of_entry_and_exit_per_pupil(
    world: World, sessions: sessionmaker[Session], toe_by_toe: int
) -> None:
    outcome = export(world, sessions, "impact", group="Toe by Toe")
    assert outcome.report is not None and outcome.report.chart is not None
    image = Image.open(io.BytesIO(outcome.report.chart))
    assert image.format == "PNG" and image.size[0] > 300
    series = json.loads(image.info["Series"])
    assert len(series) == 1 and series[0]["group"] == "Toe by Toe"
    # Ordered by name: Amira, Maya, Noah, Ravi; labelled by the UPN's last four characters.
    assert series[0]["pupils"] == [world_upn(n)[-4:] for n in (3, 1, 4, 2)]
    assert series[0]["entry"] == [70.0, 84.0, 75.0, 80.0]
    assert series[0]["exit"] == [None, 90.0, 78.0, None]
    assert series[0]["counts"] == [False, True, False, True]
    assert series[0]["summary"] == (
        "4 pupils, 2 counted; mean RG 3.04; attendance 68%; £12.00 per pupil"
    )  # attendance: 19 present of 28 recorded (8 + 8 + 0 + 3 of 8 + 8 + 8 + 4)
    assert "Maya" not in outcome.report.chart.decode("latin-1")


def test_an_unknown_group_is_named(world: World, sessions: sessionmaker[Session]) -> None:
    outcome = perform(sessions, run_export, actor=world.actor("sendco"), kind="impact", now=NOW,
                      options=ExportOptions(group="Lego club", reason="x"))  # fmt: skip
    assert outcome.errors == {"group": "No intervention group is called 'Lego club'."}


def test_impact_as_a_workbook_has_typed_cells(
    world: World, sessions: sessionmaker[Session], toe_by_toe: int
) -> None:
    content = export(world, sessions, "impact", fmt="xlsx", group="Toe by Toe").content
    assert isinstance(content, bytes)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["impact"]
    header = [c.value for c in sheet[1]]
    maya = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == world_upn(1))
    row = dict(zip(header, maya, strict=True))
    assert row["ratio_gain"] == 3.04 and row["sessions_attended"] == 8
    assert row["entry_on"] == datetime(2026, 9, 7)  # a real date cell
    assert row["cost"] == 12.0


def test_suppression_withholds_1_to_4_and_the_part_a_total_gives_away() -> None:
    assert suppress_parts([5, 0]) == [5, 0]
    assert suppress_parts([4, 5]) == [None, 5]
    assert suppress_parts([6, 6, 4], total=16) == [None, 6, None]  # 4 = 16 - 6 - 6
    assert suppress_parts([6, 3, 4], total=13) == [6, None, None]  # two withheld: enough
    assert suppress_parts([1, 0], total=1) == [None, 0]  # the total is withheld too
    assert share(None, 20) is None and share(5, 20) == 25.0 and share(5, 0) is None


@pytest.fixture
def bigger_school(world: World, sessions: sessionmaker[Session]) -> None:
    """School A grows to 16 on roll: N 6 (Maya + 5), K 6 (Ravi SPLD, Amira SLCN, 4 more
    SPLD), E 4 (Noah ASD, 3 more ASD); the newcomers are in Year 4."""
    extra = [("N", None)] * 5 + [("K", "SPLD")] * 4 + [("E", "ASD")] * 3
    with sessions.begin() as session:
        for serial, (status, need) in enumerate(extra, start=20):
            session.add(Pupil(
                school_id=world.school_ids["a"], upn=world_upn(serial), first_name=f"Kid{serial}",
                last_name="Example", date_of_birth=date(2018, 1, serial - 19), year_group=4,
                class_name="4A", sen_status=status,
                needs=[PupilNeed(need_code=need, rank=1)] if need else [],
            ))  # fmt: skip
        for month in range(1, 6):  # five EHCP annual reviews due this year, all on time
            session.add(Review(school_id=world.school_ids["a"], pupil_id=world.pupils["noah"],
                               kind="ehcp_annual", status="held", outcome="continue",
                               due_on=date(2026, month, 20),
                               held_on=date(2026, month, 10)))  # fmt: skip


def test_the_governors_summary_withholds_small_counts(
    world: World, sessions: sessionmaker[Session], bigger_school: None
) -> None:
    tables = {t["table"]: t for t in json.loads(str(export(world, sessions, "summary").content))}
    assert set(tables) == {
        "sen_status", "primary_need", "year_group", "provision", "trends_by_term",
        "ehcp_timeliness", "sen_information_report",
    }  # fmt: skip
    assert all("Counts from 1 to 4 are withheld" in t["note"] for t in tables.values())
    status = {r["code"]: (r["pupils"], r["percent_of_roll"]) for r in tables["sen_status"]["rows"]}
    # E = 4 is withheld; with the total shown, N (6) is withheld too so E can't be worked out.
    assert status == {"N": (None, None), "K": (6, 37.5), "E": (None, None), "all": (16, 100.0)}
    needs = {r["need_code"]: (r["sen_support"], r["ehcp"], r["total"])
             for r in tables["primary_need"]["rows"]}  # fmt: skip
    assert needs == {"SPLD": (5, 0, 5), "SLCN": (None, 0, None), "ASD": (0, None, None)}
    years = {r["year_group"]: (r["sen_support"], r["ehcp"], r["total"])
             for r in tables["year_group"]["rows"]}  # fmt: skip
    assert years == {"2": (None, 0, None), "3": (None, None, None), "4": (None, None, 7)}
    assert tables["ehcp_timeliness"]["rows"] == [{
        "period": "2025-11-21 to 2026-11-20", "reviews_due": 5, "held_on_time": 5,
        "held_late": 0, "not_yet_held": 0, "percent_on_time": 100.0,
    }]  # fmt: skip
    report = {r["figure"]: r["value"] for r in tables["sen_information_report"]["rows"]}
    assert report["Pupils on roll"] == 16
    assert report["Pupils with SEN (SEN support or EHC plan)"] == 10
    assert report["Pupils with an EHC plan"] is None
    assert "Kid20" not in str(tables) and world_upn(20) not in str(tables)


def test_the_summary_needs_no_reason_and_is_open_to_the_head_not_teachers(
    world: World, sessions: sessionmaker[Session]
) -> None:
    ok = perform(sessions, run_export, actor=world.actor("head"), kind="summary", now=NOW)
    assert ok.reply.ok, ok.reply.title
    refused = perform(sessions, run_export, actor=world.actor("teacher_2c"), kind="summary",
                      now=NOW)  # fmt: skip
    assert "can't export records" in refused.reply.title


def test_a_named_export_without_a_reason_is_refused(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = perform(sessions, run_export, actor=world.actor("sendco"), kind="register", now=NOW)
    assert "reason" in outcome.errors


@pytest.fixture
def ravi_record(world: World, sessions: sessionmaker[Session]) -> None:
    """Ravi: a support plan with one outcome, and a concern Teacher 2C raised about Ravi and
    Maya together."""
    p = world.pupils
    with sessions.begin() as session:
        session.add(Plan(school_id=world.school_ids["a"], pupil_id=p["ravi"], kind="sen_support",
                         started_on=date(2026, 9, 14),
                         targets=[PlanTarget(outcome="Reads 40 tricky words",
                                             provision="Precision teaching 3x10 min")],
                         ))  # fmt: skip
        session.add(Concern(
            school_id=world.school_ids["a"], raised_by_id=world.actor("teacher_2c").staff_id,
            observed_on=date(2026, 10, 1), raised_at=datetime(2026, 10, 1, 15, tzinfo=UTC),
            observed="Ravi and Maya Patel both lose their place when copying from the board; "
                     "maya squints.",
            pupils=[ConcernPupil(pupil_id=p["ravi"]), ConcernPupil(pupil_id=p["maya"])],
        ))  # fmt: skip


def test_the_chronology_export_is_everything_in_date_order_in_full(
    world: World, sessions: sessionmaker[Session], ravi_record: None
) -> None:
    upn = world_upn(2)
    rows = json.loads(str(export(world, sessions, "chronology", pupil_upn=upn).content))
    assert {r["upn"] for r in rows} == {upn}
    assert [(r["on"], r["kind"]) for r in rows] == [
        ("2026-09-07", "intervention"),
        ("2026-09-14", "plan"),
        ("2026-10-01", "concern"),
    ]
    assert rows[2]["entry"].startswith("Concern raised by Teacher 2C: Ravi and Maya Patel")
    assert "maya squints" in rows[2]["entry"]  # whole, not cut to a summary


def test_the_transfer_pack_holds_the_whole_sen_file_and_its_sending_is_audited(
    world: World, sessions: sessionmaker[Session], ravi_record: None
) -> None:
    outcome = export(world, sessions, "transfer", fmt="xlsx", pupil_id=world.pupils["ravi"],
                     recipient="Oakfield Primary, SENCO", reason="moving school")  # fmt: skip
    assert isinstance(outcome.content, bytes)
    book = openpyxl.load_workbook(io.BytesIO(outcome.content))
    assert book.sheetnames == ["pupil", "plans", "outcomes", "reviews", "needs_assessments",
                               "concerns", "interventions", "advice", "chronology"]  # fmt: skip
    assert [c.value for c in book["pupil"][2]][:3] == [world_upn(2), "Ravi", "Shah"]
    assert book["pupil"]["E2"].value == datetime(2018, 3, 1)
    assert book["outcomes"]["B2"].value == "Reads 40 tricky words"
    concern = {h.value: c.value for h, c in zip(book["concerns"][1], book["concerns"][2],
                                                strict=True)}  # fmt: skip
    assert concern["raised_by"] == "teacher_2c@school-a.example"
    assert concern["other_pupils"] == world_upn(1)
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "export:transfer")
        ).one()
    assert event.entity_id == world.pupils["ravi"]
    assert event.detail["recipient"] == "Oakfield Primary, SENCO"
    assert event.detail["reason"] == "moving school" and event.detail["format"] == "xlsx"


def test_the_subject_access_copy_withholds_other_pupils_and_names_staff_by_role(
    world: World, sessions: sessionmaker[Session], ravi_record: None
) -> None:
    tables = {t["table"]: t for t in json.loads(str(
        export(world, sessions, "sar", pupil_upn=world_upn(2), who="head").content))}  # fmt: skip
    concern = tables["concerns"]["rows"][0]
    assert concern["raised_by"] == "a teacher"
    assert concern["other_pupils"] == "1 other pupil(s), withheld"
    assert concern["observed"] == (
        "Ravi and [another pupil] both lose their place when copying from the board; "
        "[another pupil] squints."
    )
    everything = json.dumps(tables)
    for withheld in ("Maya", "maya", "Patel", world_upn(1), "Teacher 2C", "teacher_2c@"):
        assert withheld not in everything
    assert "subject access request" in tables["pupil"]["note"]


@pytest.mark.parametrize("who", ["teacher_2c", "ta", "dsl"])
def test_transfer_and_sar_are_for_the_sendco_and_head(
    world: World, sessions: sessionmaker[Session], who: str
) -> None:
    for kind in ("transfer", "sar"):
        options = ExportOptions(pupil_id=world.pupils["ravi"], reason="x")
        outcome = perform(
            sessions, run_export, actor=world.actor(who), kind=kind, now=NOW, options=options
        )
        assert "can't send transfer packs" in outcome.reply.title


def test_a_per_pupil_export_needs_a_pupil_of_this_school(
    world: World, sessions: sessionmaker[Session]
) -> None:
    none = perform(sessions, run_export, actor=world.actor("sendco"), kind="chronology",
                   now=NOW, options=ExportOptions(reason="x"))  # fmt: skip
    assert "Say which pupil" in none.errors["pupil"]
    other = perform(sessions, run_export, actor=world.actor("sendco"), kind="chronology",
                    now=NOW, options=ExportOptions(pupil_upn=world_upn(5), reason="x"))  # fmt: skip
    assert "No pupil" in other.errors["pupil"]
