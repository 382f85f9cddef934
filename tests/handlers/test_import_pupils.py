"""Importing pupils from a MIS export: given a school and a CSV file, when it is imported,
then the register holds exactly what the file says — or, if any row is wrong, nothing changes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.imports import ImportFileError, ImportResult, import_pupils, parse_csv
from handlers.imports.pupil_rows import check_upn, parse_year_group
from handlers.schools import get_or_create_school
from storage.models import AuditEvent, Plan, Pupil, PupilNeed, RegisterChange, School
from tests.factories import PUPIL_COLUMNS, csv_text, make_upn, pupil_row

TODAY = date(2026, 3, 2)
WITH_PLANS = (*PUPIL_COLUMNS, "ehcp_issued_on", "last_review_on")


@pytest.fixture
def school(session: Session) -> School:
    school = get_or_create_school(session, name="Larkspur Primary (fictional)")
    session.commit()
    return school


def run(
    session: Session,
    school: School,
    text: str | bytes,
    *,
    skip_invalid: bool = False,
    name: str = "pupils.csv",
    commit: bool = True,
) -> ImportResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = import_pupils(
        session,
        school=school,
        source=parse_csv(data, name=name),
        skip_invalid=skip_invalid,
        today=TODAY,
    )
    if commit:
        session.commit()
    return result


def count(session: Session, model: type[object]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def pupil(session: Session, n: int) -> Pupil:
    found = session.scalar(select(Pupil).where(Pupil.upn == make_upn(n)))
    assert found is not None
    return found


def errors_of(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.problem) for e in result.errors]


GOOD_FILE = [
    pupil_row(1, first_name="Zoë", last_name="O'Brien"),
    pupil_row(2, preferred_name="Sunny", sen_status="K", primary_need="spld", year_group="Y4"),
    pupil_row(3, sen_status="e", primary_need="ASD", year_group="Reception", class_name="RB"),
]


def test_a_good_file_creates_every_pupil_with_needs_and_register_history(
    session: Session, school: School
) -> None:
    result = run(session, school, csv_text(GOOD_FILE))

    assert result.ok and result.written
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.summary() == "Imported 3 pupils: 3 new, 0 updated, 0 unchanged"
    zoe, sunny, third = pupil(session, 1), pupil(session, 2), pupil(session, 3)
    assert (zoe.first_name, zoe.last_name, zoe.preferred_name) == ("Zoë", "O'Brien", None)
    assert (zoe.sen_status, zoe.primary_need, zoe.year_group) == ("N", None, 3)
    assert (sunny.preferred_name, sunny.sen_status, sunny.primary_need) == ("Sunny", "K", "SPLD")
    assert sunny.year_group == 4
    assert (third.sen_status, third.primary_need, third.year_group) == ("E", "ASD", 0)
    assert third.school_id == school.id and third.date_of_birth == date(2018, 5, 4)

    changes = session.scalars(select(RegisterChange).order_by(RegisterChange.id)).all()
    assert [(c.pupil_id, c.from_status, c.to_status, c.needs) for c in changes] == [
        (sunny.id, None, "K", "SPLD"),
        (third.id, None, "E", "ASD"),
    ]
    assert all(c.reason == "import pupils.csv" for c in changes)

    event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.entity, event.school_id) == ("import", "pupils", school.id)
    assert event.detail == {
        "file": "pupils.csv",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
    }
    assert "Zo" not in str(event.detail) and "Sunny" not in str(event.detail)


def test_importing_the_same_file_again_changes_nothing(session: Session, school: School) -> None:
    run(session, school, csv_text(GOOD_FILE))

    result = run(session, school, csv_text(GOOD_FILE))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert result.summary() == "Imported 3 pupils: 0 new, 0 updated, 3 unchanged"
    assert count(session, Pupil) == 3
    assert count(session, PupilNeed) == 2
    assert count(session, RegisterChange) == 2
    assert count(session, AuditEvent) == 2  # one per import


def test_a_changed_file_updates_pupils_and_records_register_changes(
    session: Session, school: School
) -> None:
    run(session, school, csv_text(GOOD_FILE))
    changed = [
        pupil_row(1, first_name="Zoë", last_name="O'Brien", sen_status="K", primary_need="SLCN"),
        pupil_row(2, preferred_name="", sen_status="K", primary_need="SPLD", year_group="5"),
        pupil_row(3, sen_status="E", primary_need="ASD", year_group="R", class_name="RB"),
        pupil_row(4, first_name="Newcomer"),
    ]

    result = run(session, school, csv_text(changed), name="spring.csv")

    assert (result.created, result.updated, result.unchanged) == (1, 2, 1)
    session.expire_all()
    zoe, sunny = pupil(session, 1), pupil(session, 2)
    assert (zoe.sen_status, zoe.primary_need) == ("K", "SLCN")
    assert (sunny.preferred_name, sunny.year_group) == (None, 5)
    latest = session.scalars(select(RegisterChange).order_by(RegisterChange.id.desc())).first()
    assert latest is not None
    assert (latest.pupil_id, latest.from_status, latest.to_status, latest.needs) == (
        zoe.id,
        "N",
        "K",
        "SLCN",
    )
    assert latest.reason == "import spring.csv"
    assert count(session, RegisterChange) == 3  # only Zoë's place on the register changed


def test_a_new_primary_need_replaces_rank_one_and_keeps_a_different_secondary(
    session: Session, school: School
) -> None:
    run(session, school, csv_text([pupil_row(1, sen_status="K", primary_need="SPLD")]))
    first = pupil(session, 1)
    session.add(PupilNeed(pupil_id=first.id, need_code="SLCN", rank=2))
    session.commit()

    run(session, school, csv_text([pupil_row(1, sen_status="K", primary_need="MLD")]))
    session.expire_all()
    assert [(n.need_code, n.rank) for n in pupil(session, 1).needs] == [("MLD", 1), ("SLCN", 2)]

    result = run(session, school, csv_text([pupil_row(1, sen_status="K", primary_need="SLCN")]))
    session.expire_all()
    assert result.updated == 1
    assert [(n.need_code, n.rank) for n in pupil(session, 1).needs] == [("SLCN", 1)]
    change = session.scalars(select(RegisterChange).order_by(RegisterChange.id.desc())).first()
    assert change is not None and (change.from_status, change.to_status) == ("K", "K")
    assert change.needs == "SLCN"


def test_leaving_the_register_clears_the_need_types(session: Session, school: School) -> None:
    run(session, school, csv_text([pupil_row(1, sen_status="K", primary_need="SEMH")]))

    result = run(session, school, csv_text([pupil_row(1, sen_status="")]))

    assert result.updated == 1
    session.expire_all()
    assert pupil(session, 1).sen_status == "N"
    assert count(session, PupilNeed) == 0
    change = session.scalars(select(RegisterChange).order_by(RegisterChange.id.desc())).first()
    assert change is not None and (change.from_status, change.to_status) == ("K", "N")


# --- UPNs -----------------------------------------------------------------------------------


def test_a_wrong_check_letter_is_refused(session: Session, school: School) -> None:
    good = make_upn(7)
    wrong = ("B" if good[0] != "B" else "C") + good[1:]

    result = run(session, school, csv_text([pupil_row(1), pupil_row(7, upn=wrong)]))

    assert not result.written
    [(line, column, problem)] = errors_of(result)
    assert (line, column) == (3, "upn")
    assert problem.startswith("check letter is wrong")
    assert count(session, Pupil) == 0


@pytest.mark.parametrize("upn", ["R20100012600", "R2010001260011", "R201000126001X7"])
def test_a_upn_of_the_wrong_length_is_refused(session: Session, school: School, upn: str) -> None:
    result = run(session, school, csv_text([pupil_row(1, upn=upn)]))

    [(line, column, problem)] = errors_of(result)
    assert (line, column) == (2, "upn")
    assert "a UPN has 13" in problem


def test_a_upn_in_the_wrong_format_or_missing_is_refused(session: Session, school: School) -> None:
    result = run(
        session, school, csv_text([pupil_row(1, upn="R2010A0126001"), pupil_row(2, upn="")])
    )

    assert [(line, column) for line, column, _ in errors_of(result)] == [(2, "upn"), (3, "upn")]
    assert "not in UPN form" in result.errors[0].problem
    assert "is empty" in result.errors[1].problem


def test_an_unknown_la_number_is_a_warning_and_the_pupil_is_imported(
    session: Session, school: School
) -> None:
    upn = make_upn(5, la="999")

    result = run(session, school, csv_text([pupil_row(5, upn=upn.lower())]))

    assert result.ok and result.created == 1
    [warning] = result.warnings
    assert (warning.line, warning.column) == (2, "upn")
    assert "LA number 999" in warning.message
    assert session.scalar(select(Pupil.upn)) == upn  # stored compact and upper-case


def test_an_unknown_la_number_with_a_wrong_check_letter_is_still_refused() -> None:
    upn = make_upn(5, la="999")
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]

    with pytest.raises(ValueError, match="check letter is wrong"):
        check_upn(wrong)


def test_a_upn_with_spaces_is_stored_compact() -> None:
    upn = make_upn(9)
    assert check_upn(f" {upn[:4]} {upn[4:]} ") == (upn, None)


# --- dates, year groups, SEN status and need ------------------------------------------------


def test_dates_must_be_real_iso_dates(session: Session, school: School) -> None:
    rows = [
        pupil_row(1, date_of_birth="04/05/2018"),
        pupil_row(2, date_of_birth="2018-02-30"),
        pupil_row(3, date_of_birth=""),
    ]

    result = run(session, school, csv_text(rows))

    assert [(line, column) for line, column, _ in errors_of(result)] == [
        (2, "date_of_birth"),
        (3, "date_of_birth"),
        (4, "date_of_birth"),
    ]
    assert "YYYY-MM-DD" in result.errors[0].problem and "2018-05-04" in result.errors[0].problem
    assert "not a real date" in result.errors[1].problem


def test_a_future_or_implausible_date_of_birth_is_refused(session: Session, school: School) -> None:
    rows = [
        pupil_row(1, date_of_birth="2026-03-03"),  # tomorrow
        pupil_row(2, date_of_birth="2025-01-01"),  # one year old
        pupil_row(3, date_of_birth="1990-01-01"),  # 36
        pupil_row(4, date_of_birth="2024-03-02", year_group="N"),  # two today: fine
    ]

    result = run(session, school, csv_text(rows))

    assert [(line, column) for line, column, _ in errors_of(result)] == [
        (2, "date_of_birth"),
        (3, "date_of_birth"),
        (4, "date_of_birth"),
    ]
    assert "in the future" in result.errors[0].problem
    assert "1 years old" in result.errors[1].problem
    assert "36 years old" in result.errors[2].problem


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("N", -1),
        ("Nursery", -1),
        ("R", 0),
        ("reception", 0),
        ("YR", 0),
        ("0", 0),
        ("7", 7),
        ("Y3", 3),
        ("Year 3", 3),
        ("year 13", 13),
    ],
)
def test_year_groups_in_the_forms_schools_write(text: str, year: int) -> None:
    assert parse_year_group(text) == year


@pytest.mark.parametrize("text", ["14", "Y14", "Year", "", "P7"])
def test_year_groups_outside_nursery_to_13_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"year group|is empty"):
        parse_year_group(text)


def test_sen_status_must_be_n_k_or_e(session: Session, school: School) -> None:
    result = run(session, school, csv_text([pupil_row(1, sen_status="S", primary_need="MLD")]))

    [(line, column, problem)] = errors_of(result)
    assert (line, column) == (2, "sen_status")
    assert "N (no SEN), K (SEN support) or E (EHC plan)" in problem


def test_primary_need_must_fit_the_sen_status(session: Session, school: School) -> None:
    rows = [
        pupil_row(1, sen_status="K", primary_need=""),
        pupil_row(2, sen_status="E", primary_need=""),
        pupil_row(3, sen_status="E", primary_need="DYSLEXIA"),
        pupil_row(4, sen_status="E", primary_need="NSA"),
        pupil_row(5, sen_status="N", primary_need="SPLD"),
        pupil_row(6, sen_status="K", primary_need="nsa"),  # fine: NSA goes with K
    ]

    result = run(session, school, csv_text(rows))

    problems = errors_of(result)
    assert [(line, column) for line, column, _ in problems] == [
        (2, "primary_need"),
        (3, "primary_need"),
        (4, "primary_need"),
        (5, "primary_need"),
        (6, "primary_need"),
    ]
    assert "is required for a pupil with SEN support (K)" in problems[0][2]
    assert "is required for a pupil with an EHC plan (E)" in problems[1][2]
    assert "'DYSLEXIA' is not a census need type code" in problems[2][2]
    assert "only valid with SEN support (K)" in problems[3][2]
    assert "must be empty when sen_status is N" in problems[4][2]


def test_a_duplicate_upn_is_reported_on_the_later_line(session: Session, school: School) -> None:
    rows = [pupil_row(1), pupil_row(2), pupil_row(1, first_name="Again")]

    result = run(session, school, csv_text(rows))

    [(line, column, problem)] = errors_of(result)
    assert (line, column) == (4, "upn")
    assert "also on line 2" in problem


def test_every_problem_of_every_row_is_reported_with_its_physical_line(
    session: Session, school: School
) -> None:
    text = csv_text([pupil_row(1), pupil_row(2, year_group="Y20", sen_status="Q")])
    lines = text.split("\r\n")
    text = "\r\n".join([lines[0], "", lines[1], "  ", lines[2], ""])  # blank lines are skipped

    result = run(session, school, text)

    assert [(line, column) for line, column, _ in errors_of(result)] == [
        (5, "year_group"),
        (5, "sen_status"),
    ]


# --- the file as a whole ---------------------------------------------------------------------


def test_missing_columns_are_named_and_nothing_is_read(session: Session, school: School) -> None:
    columns = tuple(c for c in PUPIL_COLUMNS if c not in {"sen_status", "primary_need"})

    with pytest.raises(ImportFileError) as raised:
        run(session, school, csv_text([pupil_row(1)], columns=columns))

    assert "sen_status, primary_need" in raised.value.message
    assert "pupils.csv" in raised.value.message


def test_headers_are_case_insensitive_in_any_order_and_unknown_ones_warn(
    session: Session, school: School
) -> None:
    row = pupil_row(1) | {"Notes": "ignored"}
    columns = ("Notes", *(f" {c.upper()} " for c in reversed(PUPIL_COLUMNS)))
    text = csv_text([{f" {k.upper()} " if k != "Notes" else k: v for k, v in row.items()}], columns)

    result = run(session, school, text)

    assert result.ok and result.created == 1
    assert [(w.line, w.column) for w in result.warnings] == [(1, "notes")]


def test_utf8_with_a_byte_order_mark_keeps_accents(session: Session, school: School) -> None:
    data = csv_text([pupil_row(1, first_name="Zoë", last_name="Ñúñez")]).encode("utf-8-sig")

    result = run(session, school, data)

    assert result.ok
    assert (pupil(session, 1).first_name, pupil(session, 1).last_name) == ("Zoë", "Ñúñez")


def test_a_windows_1252_export_is_read_correctly(session: Session, school: School) -> None:
    rows = [pupil_row(1, first_name="Zoë", last_name="O'Brien"), pupil_row(2, first_name="Renée")]
    data = csv_text(rows).encode("cp1252")

    source = parse_csv(data, name="mis.csv")
    result = import_pupils(session, school=school, source=source, today=TODAY)
    session.commit()

    assert source.encoding == "cp1252"
    assert result.ok and result.created == 2
    assert pupil(session, 1).first_name == "Zoë" and pupil(session, 1).last_name == "O'Brien"
    assert pupil(session, 2).first_name == "Renée"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"upn,first_name\r\nR2010\x81\x8d,x\r\n", "neither UTF-8 nor Windows-1252"),
        (b"\x00\x01\x02\x03binary\x00junk", "does not look like a CSV"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_csv_text_fails_clearly(data: bytes, expected: str) -> None:
    with pytest.raises(ImportFileError) as raised:
        parse_csv(data, name="pupils.csv")

    assert expected in raised.value.message
    assert "pupils.csv" in raised.value.message


def test_the_undefined_byte_is_located(session: Session, school: School) -> None:
    data = csv_text([pupil_row(1)]).encode("utf-8") + b"R20\x81\r\n"

    with pytest.raises(ImportFileError, match=r"0x81 on line 3"):
        parse_csv(data, name="pupils.csv")


# --- all or nothing ---------------------------------------------------------------------------


def table_counts(session: Session) -> dict[str, int]:
    return {
        model.__name__: count(session, model)
        for model in (Pupil, PupilNeed, RegisterChange, Plan, AuditEvent)
    }


def test_one_bad_row_means_nothing_is_written(session: Session, school: School) -> None:
    run(session, school, csv_text(GOOD_FILE))
    before = table_counts(session)
    rows = [
        pupil_row(1, first_name="Renamed"),
        pupil_row(2, sen_status="E", primary_need="SPLD"),
        pupil_row(8, sen_status="K", primary_need="MLD"),
        pupil_row(9, date_of_birth="2030-01-01"),  # the one bad row
    ]

    result = run(session, school, csv_text(rows))

    assert not result.written and result.bad_lines == [5]
    session.expire_all()
    assert table_counts(session) == before
    assert pupil(session, 1).first_name == "Zoë"
    assert pupil(session, 2).sen_status == "K"


def test_skip_invalid_writes_only_the_good_rows(session: Session, school: School) -> None:
    rows = [pupil_row(1), pupil_row(2, sen_status="K"), pupil_row(3), pupil_row(4, upn="X1")]

    result = run(session, school, csv_text(rows), skip_invalid=True)

    assert result.written and result.bad_lines == [3, 5]
    assert (result.created, result.imported) == (2, 2)
    assert sorted(session.scalars(select(Pupil.upn))) == sorted([make_upn(1), make_upn(3)])
    event = session.scalars(select(AuditEvent)).one()
    assert event.detail["skipped"] == 2


def test_a_failure_part_way_leaves_nothing_half_written(session: Session, school: School) -> None:
    rows = [pupil_row(n, sen_status="K", primary_need="MLD") for n in range(1, 6)]
    source = parse_csv(csv_text(rows).encode(), name="pupils.csv")

    def fail_on_third(stage: str, done: int, total: int) -> None:
        if stage == "saving" and done == 3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError), session.begin():
        import_pupils(session, school=school, source=source, today=TODAY, progress=fail_on_third)

    assert table_counts(session) == {name: 0 for name in table_counts(session)}


# --- plans and reviews ------------------------------------------------------------------------


def test_ehcp_and_review_dates_seed_the_plans(session: Session, school: School) -> None:
    rows = [
        pupil_row(
            1,
            sen_status="E",
            primary_need="ASD",
            ehcp_issued_on="2024-06-01",
            last_review_on="2025-05-20",
        ),
        pupil_row(2, sen_status="K", primary_need="SPLD", last_review_on="2026-01-15"),
        pupil_row(3, sen_status="E", primary_need="HI", ehcp_issued_on="2025-09-01"),
        pupil_row(4, sen_status="K", primary_need="MLD"),
    ]

    result = run(session, school, csv_text(rows, WITH_PLANS))

    assert result.ok
    plans = {
        (p.pupil_id, p.kind): p
        for p in session.scalars(select(Plan).where(Plan.status == "active"))
    }
    ehcp = plans[(pupil(session, 1).id, "ehcp")]
    assert (ehcp.started_on, ehcp.last_reviewed_on) == (date(2024, 6, 1), date(2025, 5, 20))
    support = plans[(pupil(session, 2).id, "sen_support")]
    assert (support.started_on, support.last_reviewed_on) == (date(2026, 1, 15), date(2026, 1, 15))
    third = plans[(pupil(session, 3).id, "ehcp")]
    assert (third.started_on, third.last_reviewed_on) == (date(2025, 9, 1), None)
    # A K pupil with no review date still gets a plan the reminders see: its date unknown.
    fourth = plans[(pupil(session, 4).id, "sen_support")]
    assert (fourth.date_unknown, fourth.last_reviewed_on) == (True, None)
    assert len(plans) == 4 and all(p.school_id == school.id for p in plans.values())
    [warning] = [w for w in result.warnings if w.column == "last_review_on"]
    assert warning.line == 5 and "the SENDCO is reminded" in warning.message


def test_reimporting_plan_dates_updates_the_plan_rather_than_adding_one(
    session: Session, school: School
) -> None:
    first = [pupil_row(1, sen_status="E", primary_need="ASD", ehcp_issued_on="2024-06-01")]
    run(session, school, csv_text(first, WITH_PLANS))
    same = run(session, school, csv_text(first, WITH_PLANS))
    assert same.unchanged == 1

    later = [
        pupil_row(
            1,
            sen_status="E",
            primary_need="ASD",
            ehcp_issued_on="2024-07-01",
            last_review_on="2025-06-30",
        )
    ]
    result = run(session, school, csv_text(later, WITH_PLANS))
    # The plan is known now: a later file may give the review date alone.
    alone = [pupil_row(1, sen_status="E", primary_need="ASD", last_review_on="2026-02-01")]
    again = run(session, school, csv_text(alone, WITH_PLANS))

    assert result.updated == 1 and again.updated == 1
    session.expire_all()
    plan = session.scalars(select(Plan)).one()
    assert (plan.kind, plan.started_on, plan.last_reviewed_on) == (
        "ehcp",
        date(2024, 7, 1),
        date(2026, 2, 1),
    )


def test_plan_dates_must_fit_the_sen_status(session: Session, school: School) -> None:
    rows = [
        pupil_row(1, sen_status="K", primary_need="MLD", ehcp_issued_on="2024-06-01"),
        pupil_row(2, sen_status="E", primary_need="ASD", last_review_on="2025-06-01"),
        pupil_row(3, sen_status="N", last_review_on="2025-06-01"),
        pupil_row(4, sen_status="E", primary_need="ASD", ehcp_issued_on="2027-01-01"),
    ]

    result = run(session, school, csv_text(rows, WITH_PLANS))

    assert [(line, column) for line, column, _ in errors_of(result)] == [
        (2, "ehcp_issued_on"),
        (4, "last_review_on"),
        (5, "ehcp_issued_on"),
    ]
    assert "in the future" in result.errors[2].problem
    assert count(session, Plan) == 0


def test_every_k_and_e_pupil_gets_a_plan_even_without_dates(
    session: Session, school: School
) -> None:
    rows = [
        pupil_row(1, sen_status="E", primary_need="ASD"),  # no dates at all
        pupil_row(2, sen_status="E", primary_need="ASD", last_review_on="2025-06-01"),
        pupil_row(3, sen_status="K", primary_need="MLD"),
    ]
    result = run(session, school, csv_text(rows, WITH_PLANS))
    assert result.ok, result.errors
    plans = {p.pupil_id: p for p in session.scalars(select(Plan))}
    first, second, third = (plans[pupil(session, n).id] for n in (1, 2, 3))
    assert (first.kind, first.date_unknown, first.last_reviewed_on) == ("ehcp", True, None)
    # The issue date is unknown but the last review is enough to count from (s.44(1)(b)).
    assert (second.kind, second.last_reviewed_on) == ("ehcp", date(2025, 6, 1))
    assert (third.kind, third.date_unknown) == ("sen_support", True)
    assert [
        (w.line, w.column)
        for w in result.warnings
        if "unknown" in w.message or "no review date" in w.message
    ] == [(2, "ehcp_issued_on"), (4, "last_review_on")]

    # Re-imported with the issue date, the same plan gets it.
    dated = [pupil_row(1, sen_status="E", primary_need="ASD", ehcp_issued_on="2025-09-01")]
    run(session, school, csv_text(dated, WITH_PLANS))
    session.refresh(first)
    assert (first.started_on, first.date_unknown) == (date(2025, 9, 1), False)


def test_a_file_mixing_utf8_and_windows_1252_is_refused_rather_than_garbled() -> None:
    data = csv_text([pupil_row(1, first_name="Zoë")]).encode("utf-8") + csv_text(
        [pupil_row(2, first_name="Renée")]
    ).split("\r\n", 1)[1].encode("cp1252")

    with pytest.raises(
        ImportFileError,
        match=r"mixes two encodings \(line 2 is UTF-8 text, "
        r"line 3 is not\)",
    ):
        parse_csv(data, name="pupils.csv")


def test_a_utf16_export_is_read() -> None:
    source = parse_csv(csv_text([pupil_row(1, first_name="Zoë")]).encode("utf-16"), name="p.csv")

    assert source.encoding == "utf-16" and source.rows[0].values["first_name"] == "Zoë"


def test_looked_after_columns_are_read_as_yes_or_no(session: Session, school: School) -> None:
    columns = (*PUPIL_COLUMNS, "looked_after", "previously_looked_after")
    rows = [
        pupil_row(1, looked_after="Y", previously_looked_after="N"),
        pupil_row(2, looked_after="no", previously_looked_after="yes"),
        pupil_row(3, looked_after="", previously_looked_after=""),
    ]
    assert run(session, school, csv_text(rows, columns)).ok
    flags = {n: (pupil(session, n).looked_after, pupil(session, n).previously_looked_after)
             for n in (1, 2, 3)}  # fmt: skip
    assert flags == {1: (True, False), 2: (False, True), 3: (False, False)}

    bad = run(session, school, csv_text([pupil_row(4, looked_after="maybe")], columns))
    assert [(e.line, e.column) for e in bad.errors] == [(2, "looked_after")]

    # An empty cell on re-import leaves the flag as it was.
    again = run(session, school, csv_text([pupil_row(1, looked_after="")], columns))
    assert again.ok and pupil(session, 1).looked_after is True


def test_a_leaver_in_the_file_is_not_changed_and_the_rest_imports(
    session: Session, school: School
) -> None:
    run(session, school, csv_text(GOOD_FILE))
    gone = pupil(session, 2)
    gone.left_on, gone.on_roll = date(2026, 7, 22), False
    session.commit()
    changed = [
        pupil_row(1, first_name="Zoë", last_name="O'Brien", sen_status="K", primary_need="SLCN"),
        pupil_row(2, preferred_name="", sen_status="E", primary_need="ASD", year_group="5"),
    ]
    result = run(session, school, csv_text(changed), name="autumn.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert [(w.line, w.column) for w in result.warnings if "closed" in w.message] == [(3, "upn")]
    session.expire_all()
    kept = pupil(session, 2)
    assert (kept.sen_status, kept.year_group, kept.preferred_name) == ("K", 4, "Sunny")
    assert pupil(session, 1).sen_status == "K"
