"""`sendco-bot import pupils|staff FILE.csv` as a school administrator runs it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.commands.imports import app
from storage.models import AuditEvent, Pupil, School, Staff
from tests.factories import PUPIL_COLUMNS, STAFF_COLUMNS, csv_text, make_upn, pupil_row

runner = CliRunner()


@pytest.fixture(autouse=True)
def environment(
    db_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("SCHOOL_NAME", raising=False)
    add_school(engine, "Our School")  # the default name; a school is created on purpose


def add_school(engine: Engine, name: str) -> None:
    with Session(engine) as session:
        session.add(School(name=name))
        session.commit()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (School, Pupil, Staff, AuditEvent)
        }


GOOD = [
    pupil_row(1, first_name="Zoë", last_name="O'Brien"),
    pupil_row(2, sen_status="K", primary_need="SPLD"),
    pupil_row(3, sen_status="E", primary_need="ASD"),
]


def test_importing_pupils_into_the_default_school(tmp_path: Path, engine: Engine) -> None:
    file = write(tmp_path / "pupils.csv", csv_text(GOOD))

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 0, result.output
    assert "Imported 3 pupils: 3 new, 0 updated, 0 unchanged" in result.output
    with Session(engine) as session:
        school = session.scalars(select(School)).one()
        assert school.name == "Our School"
        assert session.scalar(select(func.count()).select_from(Pupil)) == 3

    again = runner.invoke(app, ["pupils", str(file)])
    assert again.exit_code == 0
    assert "Imported 3 pupils: 0 new, 0 updated, 3 unchanged" in again.output
    assert counts(engine)["Pupil"] == 3


def test_school_option_names_the_school(tmp_path: Path, engine: Engine) -> None:
    add_school(engine, "Foxglove Academy")
    file = write(tmp_path / "pupils.csv", csv_text(GOOD[:1]))

    result = runner.invoke(app, ["pupils", str(file), "--school", "foxglove academy"])

    assert result.exit_code == 0, result.output
    assert "Imported 1 pupil: 1 new" in result.output
    with Session(engine) as session:
        [school_id] = session.scalars(select(Pupil.school_id)).all()
        assert session.get(School, school_id).name == "Foxglove Academy"  # type: ignore[union-attr]


def test_a_misspelt_school_is_refused_and_the_schools_listed(
    tmp_path: Path, engine: Engine
) -> None:
    add_school(engine, "Foxglove Academy")
    file = write(tmp_path / "pupils.csv", csv_text(GOOD))

    result = runner.invoke(app, ["pupils", str(file), "--school", "Foxglove Acadmey"])

    assert result.exit_code == 2
    assert "There is no school called 'Foxglove Acadmey'." in result.output
    assert "The schools here are: 'Foxglove Academy', 'Our School'." in result.output
    assert "sendco-bot school create" in result.output
    assert counts(engine) == {"School": 2, "Pupil": 0, "Staff": 0, "AuditEvent": 0}


def test_without_a_school_nothing_is_imported(tmp_path: Path, engine: Engine) -> None:
    with Session(engine) as session:
        session.execute(delete(School))
        session.commit()
    file = write(tmp_path / "pupils.csv", csv_text(GOOD))

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 2
    assert "There is no school in this database yet." in result.output
    assert counts(engine) == {"School": 0, "Pupil": 0, "Staff": 0, "AuditEvent": 0}


def test_bad_rows_are_listed_and_nothing_is_imported(tmp_path: Path, engine: Engine) -> None:
    upn = make_upn(4)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    rows = [*GOOD, pupil_row(4, upn=wrong), pupil_row(5, sen_status="K")]
    file = write(tmp_path / "pupils.csv", csv_text(rows))

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 1
    assert "line 5, upn: check letter is wrong" in result.output
    assert "line 6, primary_need: is required" in result.output
    assert "Nothing was imported: the database is unchanged." in result.output
    assert "--skip-invalid" in result.output
    assert "Traceback" not in result.output
    assert counts(engine) == {"School": 1, "Pupil": 0, "Staff": 0, "AuditEvent": 0}


def test_at_most_fifty_problems_are_printed(tmp_path: Path) -> None:
    rows = [pupil_row(n, date_of_birth="01/09/2018") for n in range(1, 61)]
    file = write(tmp_path / "pupils.csv", csv_text(rows))

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 1
    assert result.output.count("date_of_birth: '01/09/2018'") == 50
    assert "... and 10 more problems" in result.output


def test_skip_invalid_imports_good_rows_and_reports_bad_ones(
    tmp_path: Path, engine: Engine
) -> None:
    rows = [*GOOD, pupil_row(4, upn="X12"), pupil_row(5, date_of_birth="2099-01-01")]
    file = write(tmp_path / "pupils.csv", csv_text(rows))

    result = runner.invoke(app, ["pupils", str(file), "--skip-invalid"])

    assert result.exit_code == 0, result.output
    assert "Imported 3 pupils: 3 new, 0 updated, 0 unchanged" in result.output
    assert "Skipped 2 rows" in result.output
    assert counts(engine)["Pupil"] == 3
    report = tmp_path / "import-report-pupils.csv"
    with report.open(encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0] == ["line", "column", "problem", *PUPIL_COLUMNS]
    assert [(line[0], line[1]) for line in lines[1:]] == [("5", "upn"), ("6", "date_of_birth")]
    assert lines[1][3] == "X12" and "13" in lines[1][2]


def test_the_report_path_can_be_chosen(tmp_path: Path) -> None:
    file = write(tmp_path / "pupils.csv", csv_text([*GOOD, pupil_row(4, year_group="Y15")]))
    report = tmp_path / "out" / "bad.csv"
    report.parent.mkdir()

    result = runner.invoke(app, ["pupils", str(file), "--skip-invalid", "--report", str(report)])

    assert result.exit_code == 0, result.output
    assert report.exists() and not (tmp_path / "import-report-pupils.csv").exists()
    assert "year_group" in report.read_text(encoding="utf-8-sig")


def test_a_missing_file_is_exit_code_2_without_a_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["pupils", str(tmp_path / "nowhere.csv")])

    assert result.exit_code == 2
    assert "nowhere.csv" in result.output and "no such file" in result.output
    assert "Traceback" not in result.output


def test_missing_columns_are_exit_code_2(tmp_path: Path, engine: Engine) -> None:
    columns = tuple(c for c in PUPIL_COLUMNS if c != "date_of_birth")
    file = write(tmp_path / "pupils.csv", csv_text(GOOD, columns))

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 2
    assert "date_of_birth" in result.output and "pupils.csv" in result.output
    assert counts(engine)["School"] == 1


def test_a_file_in_an_unknown_encoding_is_exit_code_2(tmp_path: Path) -> None:
    file = tmp_path / "pupils.csv"
    file.write_bytes(csv_text(GOOD).encode("utf-8") + b"\x81\x8d\r\n")

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 2
    assert "neither UTF-8 nor Windows-1252" in result.output


def test_a_windows_1252_file_is_imported(tmp_path: Path, engine: Engine) -> None:
    file = write(tmp_path / "pupils.csv", csv_text(GOOD), encoding="cp1252")

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.output
    with Session(engine) as session:
        assert session.scalar(select(Pupil.last_name).where(Pupil.first_name == "Zoë")) == (
            "O'Brien"
        )


def test_warnings_are_shown_after_the_summary(tmp_path: Path) -> None:
    row = pupil_row(9, upn=make_upn(9, la="999")) | {"notes": "x"}
    file = write(tmp_path / "pupils.csv", csv_text([row]))

    result = runner.invoke(app, ["pupils", str(file)])

    assert result.exit_code == 0, result.output
    assert "Warnings (2):" in result.output
    assert "line 2, upn: LA number 999" in result.output
    assert "line 1, notes: unknown column" in result.output


def test_importing_staff(tmp_path: Path, engine: Engine) -> None:
    rows = [
        {
            "email": "Ms.Fictional@Larkspur.sch.uk",
            "display_name": "Ms Fictional",
            "roles": "sendco;teacher",
            "slack_user_id": "U0SENDCO1",
            "teams_user_id": "",
        },
        {
            "email": "t.example@larkspur.sch.uk",
            "display_name": "Mr Example",
            "roles": "wizard",
            "slack_user_id": "",
            "teams_user_id": "",
        },
    ]
    file = write(tmp_path / "staff.csv", csv_text(rows, STAFF_COLUMNS))

    refused = runner.invoke(app, ["staff", str(file)])
    assert refused.exit_code == 1
    assert "line 3, roles: 'wizard' is not a role" in refused.output

    result = runner.invoke(app, ["staff", str(file), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "Imported 1 staff: 1 new, 0 updated, 0 unchanged" in result.output
    assert (tmp_path / "import-report-staff.csv").exists()
    with Session(engine) as session:
        assert session.scalars(select(Staff.email)).all() == ["ms.fictional@larkspur.sch.uk"]


def test_the_sendco_bot_command_wires_import(tmp_path: Path) -> None:
    from bot.cli import app as sendco_bot

    file = write(tmp_path / "pupils.csv", csv_text(GOOD))

    result = runner.invoke(sendco_bot, ["import", "pupils", str(file)])

    assert result.exit_code == 0, result.output
    assert "Imported 3 pupils: 3 new" in result.output
