"""`sendco-bot reminders --at DATETIME --json`: design.md's contract, on a school that only
imported its pupils and staff, and on the demo school."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from tests.factories import PUPIL_COLUMNS, STAFF_COLUMNS, csv_text, make_upn, pupil_row

CONTRACT = {"rule": str, "subject": str, "due": str, "recipients": list, "message": str}
PUPILS = csv_text(
    [
        pupil_row(1, sen_status="E", primary_need="ASD", year_group="6", class_name="6A",
                  date_of_birth="2015-03-03", ehcp_issued_on="2025-12-01", last_review_on=""),
        pupil_row(2, sen_status="K", primary_need="SPLD", last_review_on="2026-09-16"),
        pupil_row(3),
    ],
    (*PUPIL_COLUMNS, "ehcp_issued_on", "last_review_on"),
)  # fmt: skip
STAFF = csv_text(
    [
        {"email": "sendco@elm.example", "display_name": "Sam Sendco", "roles": "sendco"},
        {"email": "teacher.3b@elm.example", "display_name": "Tia", "roles": "teacher",
         "class_names": "3B"},
    ],
    (*STAFF_COLUMNS, "class_names"),
)  # fmt: skip


@pytest.fixture(autouse=True)
def environment(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    for name in ("SCHOOL_NAME", "SLACK_BOT_TOKEN", "CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def due_json(at: str, *extra: str) -> list[dict[str, Any]]:
    result = invoke("reminders", "--at", at, "--json", *extra)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    for row in rows:
        for key, kind in CONTRACT.items():
            assert isinstance(row[key], kind), (key, row)
        datetime.strptime(row["due"], "%Y-%m-%d")
        assert all("@" in email for email in row["recipients"])
    return rows


def import_csvs(tmp_path: Path, *, staff: bool = True) -> None:
    (tmp_path / "pupils.csv").write_text(PUPILS, encoding="utf-8")
    assert invoke("school", "create", "Our School").exit_code == 0
    assert invoke("import", "pupils", str(tmp_path / "pupils.csv")).exit_code == 0
    if staff:
        (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
        assert invoke("import", "staff", str(tmp_path / "staff.csv")).exit_code == 0


def test_an_imported_school_gets_its_review_reminders(tmp_path: Path) -> None:
    import_csvs(tmp_path)
    rows = due_json("2026-12-01T08:00")
    found = {(r["rule"], r["subject"]): r for r in rows}

    support = found[("sen_support_review", make_upn(2))]
    assert support["due"] == "2026-12-09"
    assert support["recipients"] == ["teacher.3b@elm.example", "sendco@elm.example"]
    assert "SEN support review" in support["message"]
    transfer = found[("phase_transfer_review", make_upn(1))]
    assert transfer["due"] == "2027-02-15" and transfer["recipients"] == ["sendco@elm.example"]


def test_the_moment_may_be_a_date_a_local_time_or_carry_an_offset(tmp_path: Path) -> None:
    import_csvs(tmp_path)
    on_the_day = due_json("2026-11-25")  # 08:00 that day, London
    assert on_the_day == due_json("2026-11-25T08:00") == due_json("2026-11-25T08:00:00+00:00")
    assert [r["rule"] for r in on_the_day if r["subject"] == make_upn(2)] == ["sen_support_review"]
    assert [r for r in due_json("2026-11-24T23:00+00:00") if r["subject"] == make_upn(2)] == []


def test_with_no_sendco_the_reminders_are_listed_with_nobody_to_send_to(tmp_path: Path) -> None:
    import_csvs(tmp_path, staff=False)
    rows = due_json("2026-12-01")
    assert rows and all(r["recipients"] == [] for r in rows)
    assert all("Nobody holds the SENDCO role" in r["message"] for r in rows)


def test_the_demo_school_has_reminders_of_many_kinds() -> None:
    assert invoke("demo").exit_code == 0
    today = datetime.now(ZoneInfo("Europe/London")).date()
    rows = due_json(f"{today.isoformat()}T12:00")
    rules = {r["rule"] for r in rows}
    assert {"training_missing", "training_expiring", "advice_unanswered"} <= rules
    assert all(r["school"] == "Oakfield Primary (demo)" for r in rows)
    assert all(email.endswith("@oakfield.example") for r in rows for email in r["recipients"])


def test_an_empty_database_has_nothing_due() -> None:
    assert due_json("2026-12-01") == []
    plain = invoke("reminders", "--at", "2026-12-01")
    assert plain.exit_code == 0 and "Nothing is due at 08:00 on Tue 1 Dec 2026." in plain.output


def test_people_read_the_same_reminders_without_json(tmp_path: Path) -> None:
    import_csvs(tmp_path)
    result = invoke("reminders", "--at", "2026-12-01", "--school", "Our School")
    assert result.exit_code == 0, result.output
    assert "due at 08:00 on Tue 1 Dec 2026:" in result.output
    assert "sen_support_review" in result.output and "→ teacher.3b@elm.example" in result.output


def test_a_wrong_moment_or_school_is_refused_with_exit_code_2(tmp_path: Path) -> None:
    import_csvs(tmp_path)
    bad = invoke("reminders", "--at", "next tuesday", "--json")
    assert bad.exit_code == 2 and "is not a date or date-time" in bad.output
    nowhere = invoke("reminders", "--at", "2026-12-01", "--school", "Nowhere High")
    assert nowhere.exit_code == 2 and "No school is called 'Nowhere High'" in nowhere.output


def test_listing_reminders_is_audited_as_a_read(tmp_path: Path, db_url: str) -> None:
    from sqlalchemy import select

    from storage.database import make_engine, session_factory
    from storage.models import AuditEvent

    import_csvs(tmp_path)
    rows = due_json("2026-12-01T08:00")
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.entity == "reminders"))
    engine.dispose()
    assert event.action == "read" and event.detail["rows"] == len(rows) > 0
