"""Importing staff: given a school, when its staff list is imported, then each person has the
roles, classes and Slack/Teams identities the file gives — matched by email on re-import."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from handlers.imports import ImportFileError, ImportResult, import_staff, parse_csv
from handlers.imports.staff_rows import parse_roles
from handlers.schools import get_or_create_school
from storage.codes import Role
from storage.models import AuditEvent, PlatformIdentity, School, Staff, StaffRole
from tests.factories import STAFF_COLUMNS, csv_text

WITH_CLASSES = (*STAFF_COLUMNS, "class_names")


@pytest.fixture
def school(session: Session) -> School:
    school = get_or_create_school(session, name="Larkspur Primary (fictional)")
    session.commit()
    return school


def person(
    email: str,
    display_name: str,
    roles: str,
    slack: str = "",
    teams: str = "",
    classes: str | None = None,
) -> dict[str, str]:
    row = {
        "email": email,
        "display_name": display_name,
        "roles": roles,
        "slack_user_id": slack,
        "teams_user_id": teams,
    }
    if classes is not None:
        row["class_names"] = classes
    return row


def run(
    session: Session,
    school: School,
    rows: list[dict[str, str]],
    *,
    columns: tuple[str, ...] = WITH_CLASSES,
    skip_invalid: bool = False,
) -> ImportResult:
    source = parse_csv(csv_text(rows, columns).encode("utf-8"), name="staff.csv")
    result = import_staff(session, school=school, source=source, skip_invalid=skip_invalid)
    session.commit()
    session.expire_all()
    return result


def staff(session: Session, email: str) -> Staff:
    found = session.scalar(
        select(Staff)
        .where(Staff.email == email)
        .options(
            selectinload(Staff.roles), selectinload(Staff.identities), selectinload(Staff.classes)
        )
    )
    assert found is not None
    return found


def identities(member: Staff) -> dict[str, str]:
    return {i.platform: i.external_id for i in member.identities if i.workspace_id == ""}


def classes(member: Staff) -> set[str]:
    return {c.class_name for c in member.classes}


def count(session: Session, model: type[object]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


STAFF_FILE = [
    person(
        "Ms.Fictional@Larkspur.sch.uk",
        "Ms Fictional",
        "sendco; teacher",
        slack="U0SENDCO1",
        teams="8f4b2c1e-0000-4000-8000-000000000001",
    ),
    person(
        "t.example@larkspur.sch.uk", "Mr Example", "teacher", slack="U0TEACH01", classes="3B;4A"
    ),
    person("ta.sample@larkspur.sch.uk", "Mrs Sample", "ta, dsl", teams="29:abc"),
]


def test_staff_are_created_with_roles_identities_and_classes(
    session: Session, school: School
) -> None:
    result = run(session, school, STAFF_FILE)

    assert result.ok and (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.summary() == "Imported 3 staff: 3 new, 0 updated, 0 unchanged"
    sendco = staff(session, "ms.fictional@larkspur.sch.uk")
    assert sendco.school_id == school.id and sendco.display_name == "Ms Fictional"
    assert sendco.role_names == {"sendco", "teacher"}
    assert identities(sendco) == {
        "slack": "U0SENDCO1",
        "teams": "8f4b2c1e-0000-4000-8000-000000000001",
    }
    teacher = staff(session, "t.example@larkspur.sch.uk")
    assert classes(teacher) == {"3B", "4A"} and identities(teacher) == {"slack": "U0TEACH01"}
    ta = staff(session, "ta.sample@larkspur.sch.uk")
    assert ta.role_names == {"ta", "dsl"} and identities(ta) == {"teams": "29:abc"}
    event = session.scalars(select(AuditEvent)).one()
    assert (event.entity, event.detail["created"]) == ("staff", 3)


def test_reimport_matches_by_email_whatever_its_case_and_replaces_the_sets(
    session: Session, school: School
) -> None:
    run(session, school, STAFF_FILE)
    again = [
        person(
            "MS.FICTIONAL@larkspur.sch.uk",
            "Ms Fictional",
            "teacher;sendco",
            slack="U0SENDCO1",
            teams="8f4b2c1e-0000-4000-8000-000000000001",
        ),
        person(
            "T.Example@Larkspur.sch.uk",
            "Mr Example-Renamed",
            "teacher; head",
            slack="U0TEACH02",
            classes="4A; 5C",
        ),
        person("ta.sample@larkspur.sch.uk", "Mrs Sample", "ta", teams=""),
    ]

    result = run(session, school, again)

    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    assert count(session, Staff) == 3
    teacher = staff(session, "t.example@larkspur.sch.uk")
    assert teacher.display_name == "Mr Example-Renamed"
    assert teacher.role_names == {"teacher", "head"}
    assert classes(teacher) == {"4A", "5C"}
    assert identities(teacher) == {"slack": "U0TEACH02"}
    ta = staff(session, "ta.sample@larkspur.sch.uk")
    assert ta.role_names == {"ta"} and identities(ta) == {}  # an empty id column: no identity
    assert count(session, PlatformIdentity) == 3
    assert count(session, StaffRole) == 5


def test_without_a_class_names_column_classes_are_left_alone(
    session: Session, school: School
) -> None:
    run(session, school, STAFF_FILE)

    result = run(session, school, STAFF_FILE[1:2], columns=STAFF_COLUMNS)

    assert result.unchanged == 1
    assert classes(staff(session, "t.example@larkspur.sch.uk")) == {"3B", "4A"}


def test_an_unknown_role_is_refused_with_the_roles_to_use(session: Session, school: School) -> None:
    rows = [
        person("a.one@larkspur.sch.uk", "A One", "teacher; wizard"),
        person("b.two@larkspur.sch.uk", "B Two", ""),
    ]

    result = run(session, school, rows)

    assert not result.written and count(session, Staff) == 0
    assert [(e.line, e.column) for e in result.errors] == [(2, "roles"), (3, "roles")]
    assert "'wizard' is not a role" in result.errors[0].problem
    assert "teacher, ta, sendco, dsl, head, admin" in result.errors[0].problem
    assert "is empty" in result.errors[1].problem


def test_role_lists_tolerate_commas_spaces_and_school_words() -> None:
    assert parse_roles(" Teacher , SENCo ;; LSA ") == (Role.SENDCO, Role.TA, Role.TEACHER)


def test_a_duplicate_email_is_refused_whatever_its_case(session: Session, school: School) -> None:
    rows = [
        person("a.one@larkspur.sch.uk", "A One", "teacher"),
        person("A.One@Larkspur.sch.uk", "A One again", "ta"),
    ]

    result = run(session, school, rows)

    [error] = result.errors
    assert (error.line, error.column) == (3, "email") and "also on line 2" in error.problem


def test_a_malformed_email_or_slack_id_is_refused(session: Session, school: School) -> None:
    rows = [
        person("not-an-email", "A One", "teacher"),
        person("b.two@larkspur.sch.uk", "B Two", "teacher", slack="@btwo"),
    ]

    result = run(session, school, rows)

    assert [(e.line, e.column) for e in result.errors] == [(2, "email"), (3, "slack_user_id")]
    assert "Slack member ID" in result.errors[1].problem


def test_the_same_slack_id_on_two_rows_is_refused(session: Session, school: School) -> None:
    rows = [
        person("a.one@larkspur.sch.uk", "A One", "teacher", slack="U0SAME001"),
        person("b.two@larkspur.sch.uk", "B Two", "ta", slack="u0same001"),
    ]

    result = run(session, school, rows, skip_invalid=True)

    [error] = result.errors
    assert (error.line, error.column) == (3, "slack_user_id") and "also on line 2" in error.problem
    assert result.created == 1 and count(session, Staff) == 1


def test_an_id_that_belongs_to_someone_else_is_refused_before_writing(
    session: Session, school: School
) -> None:
    run(session, school, STAFF_FILE)
    rows = [
        person("new.person@larkspur.sch.uk", "New Person", "ta", slack="U0TEACH01"),
        person("ms.fictional@larkspur.sch.uk", "Ms Fictional", "sendco", slack="U0SENDCO1"),
    ]

    result = run(session, school, rows, columns=STAFF_COLUMNS)

    [error] = result.errors
    assert (error.line, error.column) == (2, "slack_user_id")
    assert "already the Slack member ID of t.example@larkspur.sch.uk" in error.problem
    assert not result.written and count(session, Staff) == 3


def test_an_id_held_at_another_school_is_refused(session: Session, school: School) -> None:
    other = get_or_create_school(session, name="Foxglove Academy (fictional)")
    session.commit()
    source = parse_csv(csv_text(STAFF_FILE, WITH_CLASSES).encode(), name="staff.csv")
    import_staff(session, school=other, source=source)
    session.commit()

    result = run(session, school, STAFF_FILE[1:2])

    [error] = result.errors
    assert "a member of staff at another school" in error.problem
    assert "t.example" not in error.problem.split("of", 1)[1]


def test_two_people_can_swap_ids_in_one_file(session: Session, school: School) -> None:
    rows = [
        person("a.one@larkspur.sch.uk", "A One", "teacher", slack="U0AAAA001"),
        person("b.two@larkspur.sch.uk", "B Two", "teacher", slack="U0BBBB001"),
    ]
    run(session, school, rows)
    swapped = [
        person("a.one@larkspur.sch.uk", "A One", "teacher", slack="U0BBBB001"),
        person("b.two@larkspur.sch.uk", "B Two", "teacher", slack="U0AAAA001"),
    ]

    result = run(session, school, swapped)

    assert result.ok and result.updated == 2
    assert identities(staff(session, "a.one@larkspur.sch.uk")) == {"slack": "U0BBBB001"}
    assert identities(staff(session, "b.two@larkspur.sch.uk")) == {"slack": "U0AAAA001"}


def test_a_refused_row_keeps_its_id_so_a_row_taking_it_is_refused_too(
    session: Session, school: School
) -> None:
    rows = [
        person("a.one@larkspur.sch.uk", "A One", "teacher", slack="U0AAAA001"),
        person("b.two@larkspur.sch.uk", "B Two", "teacher", slack="U0BBBB001"),
        person("c.three@larkspur.sch.uk", "C Three", "teacher", slack="U0CCCC001"),
    ]
    run(session, school, rows)
    moves = [
        # a takes c's id while c keeps it: refused; then b may not take a's id either.
        person("a.one@larkspur.sch.uk", "A One", "teacher", slack="U0CCCC001"),
        person("b.two@larkspur.sch.uk", "B Two", "teacher", slack="U0AAAA001"),
    ]

    result = run(session, school, moves, skip_invalid=True)

    assert [(e.line, e.column) for e in result.errors] == [
        (2, "slack_user_id"),
        (3, "slack_user_id"),
    ]
    assert result.imported == 0
    assert identities(staff(session, "b.two@larkspur.sch.uk")) == {"slack": "U0BBBB001"}


def test_missing_staff_columns_are_named(session: Session, school: School) -> None:
    source = parse_csv(b"email,display_name\r\na@b.sch.uk,A\r\n", name="staff.csv")

    with pytest.raises(ImportFileError) as raised:
        import_staff(session, school=school, source=source)

    assert "roles, slack_user_id, teams_user_id" in raised.value.message


WITH_SINCE = (*STAFF_COLUMNS, "sendco_since")


def test_the_sendcos_appointment_date_is_kept_for_the_npq_deadline(
    session: Session, school: School
) -> None:
    rows = [person("sam@larkspur.example", "Sam Sendco", "sendco;teacher")]
    rows[0]["sendco_since"] = "2025-09-01"
    result = run(session, school, rows, columns=WITH_SINCE)
    assert result.ok and result.created == 1
    roles = {r.role: r.since for r in session.scalars(select(StaffRole))}
    assert roles == {"sendco": date(2025, 9, 1), "teacher": None}

    rows[0]["sendco_since"] = ""  # an empty cell leaves the known date alone
    assert run(session, school, rows, columns=WITH_SINCE).unchanged == 1
    rows[0]["sendco_since"] = "2024-01-08"
    assert run(session, school, rows, columns=WITH_SINCE).updated == 1
    [since] = session.scalars(select(StaffRole.since).where(StaffRole.role == "sendco")).all()
    assert since == date(2024, 1, 8)


def test_a_sendco_date_without_the_role_or_not_a_date_is_refused(
    session: Session, school: School
) -> None:
    rows = [
        person("tom@larkspur.example", "Tom Teacher", "teacher"),
        person("sam@larkspur.example", "Sam Sendco", "sendco"),
    ]
    rows[0]["sendco_since"] = "2025-09-01"
    rows[1]["sendco_since"] = "01/09/2025"
    result = run(session, school, rows, columns=WITH_SINCE)
    problems = [e.describe() for e in result.errors]
    assert "line 2: sendco_since is given but roles does not include sendco" in problems[0]
    assert "line 3, sendco_since: '01/09/2025' is not a date in YYYY-MM-DD form" in problems[1]
    assert session.scalar(select(func.count()).select_from(Staff)) == 0
