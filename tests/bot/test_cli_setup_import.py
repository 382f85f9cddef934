"""`sendco-bot import interventions|plans|training`: bulk set-up through the chat's own
handlers, all or nothing, re-importable, acting as a named member of staff."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.cli import app
from storage.models import (
    AuditEvent,
    Intervention,
    Plan,
    Pupil,
    Review,
    TrainingCourse,
    TrainingRecord,
)
from tests.factories import csv_text, make_upn, pupil_row

runner = CliRunner()
SENDCO = "sam.sendco@brook.example"
TA = "tia.assistant@brook.example"
STAFF = [
    {"email": SENDCO, "display_name": "Sam Sendco", "roles": "sendco;teacher"},
    {"email": TA, "display_name": "Tia Assistant", "roles": "ta"},
    {"email": "tom.teacher@brook.example", "display_name": "Tom Teacher", "roles": "teacher"},
]


@pytest.fixture(autouse=True)
def school(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("SCHOOL_NAME", raising=False)
    pupils = [
        pupil_row(1, sen_status="K", primary_need="SPLD", last_review_on="2026-10-01"),
        pupil_row(2, sen_status="K", primary_need="ASD", last_review_on="2026-10-01"),
        pupil_row(3, sen_status="E", primary_need="ASD"),  # EHCP issue date unknown
        pupil_row(4),
    ]
    staff = [row | {"slack_user_id": "", "teams_user_id": ""} for row in STAFF]
    invoke("school", "create", "Brook Primary")
    invoke("import", "pupils", str(write(tmp_path / "pupils.csv", csv_text(pupils))))
    invoke("import", "staff", str(write(tmp_path / "staff.csv", csv_text(staff))))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


GROUPS = [
    {
        "name": "Toe by Toe - Year 3",
        "programme": "Toe by Toe",
        "lead_email": TA,
        "start_on": "2026-11-02",
        "weekdays": "mon;wed;fri",
        "session_minutes": "20",
        "measure": "reading age",
        "area": "cognition and learning",
        "pupils": f"{make_upn(1)};{make_upn(2)}",
    },
    {
        "name": "Plus One - Year 3",
        "programme": "Plus One",
        "lead_email": "",
        "start_on": "2026-11-09",
        "weekdays": "tue",
        "session_minutes": "",
        "measure": "",
        "area": "",
        "pupils": make_upn(4),
    },
]


def test_groups_are_set_up_with_their_pupils_and_re_import_adds_only_new_pupils(
    tmp_path: Path, engine: Engine
) -> None:
    file = write(tmp_path / "groups.csv", csv_text(GROUPS))
    said = invoke("import", "interventions", str(file))
    assert "Imported 2 interventions: 2 new, 0 updated, 0 unchanged" in said
    with Session(engine) as session:
        toe = session.scalars(
            select(Intervention).where(Intervention.programme == "Toe by Toe")
        ).one()
        assert (toe.weekdays, toe.session_minutes, toe.measure) == (
            "mon,wed,fri",
            20,
            "reading_age_months",
        )
        assert toe.area == "cognition_and_learning" and toe.lead_id is not None
        assert sorted(m.joined_on for m in toe.members) == [date(2026, 11, 2)] * 2
        actors = {
            e.actor_id
            for e in session.scalars(select(AuditEvent).where(AuditEvent.entity == "intervention"))
        }
        assert len(actors) == 1 and None not in actors  # the SENDCO, by default
    assert "Imported 2 interventions: 0 new, 0 updated, 2 unchanged" in invoke(
        "import", "interventions", str(file)
    )

    more = [GROUPS[0] | {"pupils": f"{make_upn(1)};{make_upn(3)}"}]
    said = invoke("import", "interventions", str(write(tmp_path / "more.csv", csv_text(more))))
    assert "0 new, 1 updated, 0 unchanged" in said
    with Session(engine) as session:
        toe = session.scalars(
            select(Intervention).where(Intervention.programme == "Toe by Toe")
        ).one()
        assert len(toe.members) == 3


def test_a_file_with_problems_imports_nothing_and_names_every_problem(
    tmp_path: Path, engine: Engine
) -> None:
    bad = GROUPS[1] | {"name": "Broken", "programme": "", "lead_email": "nobody@brook.example",
                       "pupils": "A123"}  # fmt: skip
    file = write(tmp_path / "groups.csv", csv_text([GROUPS[0], bad]))
    said = invoke("import", "interventions", str(file), code=1)
    assert "line 3, pupils: no pupil with UPN A123" in said
    assert "line 3, lead_email: no member of staff with the email nobody@brook.example" in said
    assert "line 3, programme:" in said
    assert "Nothing was imported: the database is unchanged." in said
    assert count(engine, Intervention) == 0
    assert (tmp_path / "import-report-interventions.csv").exists()

    kept = invoke("import", "interventions", str(file), "--skip-invalid")
    assert "Imported 1 intervention: 1 new" in kept and "Skipped 1 row" in kept
    assert count(engine, Intervention) == 1


def test_plans_of_every_kind_and_an_undated_ehcp_gets_its_dates(
    tmp_path: Path, engine: Engine
) -> None:
    rows = [
        {"upn": make_upn(1), "kind": "SEN support", "started_on": "", "review_due_on": "2027-01-20",
         "local_authority": "", "outcomes": "Follow two-step instructions | Visual task board;"
         "Read 30 common words | Toe by Toe"},
        {"upn": make_upn(3), "kind": "ehcp", "started_on": "2026-03-10", "review_due_on": "",
         "local_authority": "Leeds", "outcomes": ""},
        {"upn": make_upn(2), "kind": "health care", "started_on": "2026-09-15", "review_due_on": "",
         "local_authority": "", "outcomes": ""},
        {"upn": make_upn(4), "kind": "pep", "started_on": "2026-10-01", "review_due_on": "",
         "local_authority": "Leeds", "outcomes": ""},
    ]  # fmt: skip
    file = write(tmp_path / "plans.csv", csv_text(rows))
    said = invoke("import", "plans", str(file))
    assert "Imported 4 plans: 3 new, 1 updated, 0 unchanged" in said
    with Session(engine) as session:
        ehcp = session.scalars(select(Plan).where(Plan.kind == "ehcp")).one()
        assert (ehcp.started_on, ehcp.local_authority, ehcp.date_unknown) == (
            date(2026, 3, 10), "Leeds", False)  # fmt: skip
        [review] = session.scalars(select(Review).where(Review.plan_id == ehcp.id)).all()
        assert review.status == "scheduled" and review.due_on.year == 2027
        support = session.scalars(
            select(Plan).where(Plan.kind == "sen_support", Plan.status == "active",
                               Plan.pupil_id == _pupil_id(session, 1))
        ).one()  # fmt: skip
        assert [(t.outcome, t.provision) for t in support.targets] == [
            ("Follow two-step instructions", "Visual task board"),
            ("Read 30 common words", "Toe by Toe"),
        ]
        assert support.review_due_on == date(2027, 1, 20)
    plans_before = count(engine, Plan)
    again = invoke("import", "plans", str(file))
    assert "Imported 4 plans: 0 new, 0 updated, 4 unchanged" in again
    assert count(engine, Plan) == plans_before


def test_a_plan_for_an_unknown_pupil_or_kind_is_refused(tmp_path: Path, engine: Engine) -> None:
    plans_before = count(engine, Plan)
    rows = [{"upn": "X1", "kind": "mystery", "started_on": "2026-01-01"}]
    said = invoke("import", "plans", str(write(tmp_path / "p.csv", csv_text(rows))), code=1)
    assert "line 2, upn: no pupil with UPN X1" in said
    assert "line 2, kind: 'mystery' is not a kind of plan" in said
    assert count(engine, Plan) == plans_before


def test_training_adds_courses_and_records_and_refuses_future_dates(
    tmp_path: Path, engine: Engine
) -> None:
    rows = [
        {"email": SENDCO, "course": "Safeguarding level 3", "completed_on": "2025-09-01",
         "valid_months": "24"},
        {"email": TA, "course": "safeguarding LEVEL 3", "completed_on": "2026-09-01",
         "valid_months": ""},
        {"email": TA, "course": "Team Teach", "completed_on": "2099-01-01", "valid_months": ""},
    ]  # fmt: skip
    file = write(tmp_path / "training.csv", csv_text(rows))
    said = invoke("import", "training", str(file), code=1)
    assert "line 4, completed_on: The completion date can't be in the future." in said
    assert count(engine, TrainingRecord) == 0 and count(engine, TrainingCourse) == 0

    said = invoke("import", "training", str(file), "--skip-invalid")
    assert "Imported 2 training: 2 new" in said
    with Session(engine) as session:
        [course] = session.scalars(select(TrainingCourse)).all()
        assert (course.name, course.valid_months) == ("Safeguarding level 3", 24)
        expiries = sorted(r.expires_on for r in session.scalars(select(TrainingRecord)))
        assert expiries == [date(2027, 9, 1), date(2028, 9, 1)]
    assert "0 new, 0 updated, 2 unchanged" in invoke(
        "import", "training", str(file), "--skip-invalid"
    )


def test_who_acts_must_be_on_the_staff_and_allowed(tmp_path: Path, engine: Engine) -> None:
    file = write(tmp_path / "groups.csv", csv_text(GROUPS))
    stranger = invoke("import", "interventions", str(file), "--as", "x@elsewhere.example", code=2)
    assert (
        "No active member of staff at Brook Primary has the email x@elsewhere.example" in stranger
    )
    teacher = invoke("import", "interventions", str(file), "--as", "tom.teacher@brook.example",
                     code=1)  # fmt: skip
    assert "line 2:" in teacher and count(engine, Intervention) == 0


def _pupil_id(session: Session, n: int) -> int:
    found = session.scalar(select(Pupil.id).where(Pupil.upn == make_upn(n)))
    assert found is not None
    return found
