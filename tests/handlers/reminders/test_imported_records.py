"""A school that only imported its pupils and staff gets its review reminders: the
ehcp_issued_on and last_review_on columns are enough."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from handlers.imports import import_pupils, import_staff, parse_csv
from handlers.reminders import reminders_at
from handlers.schools import get_or_create_school
from storage.models import Plan, Review
from tests.factories import PUPIL_COLUMNS, STAFF_COLUMNS, csv_text, make_upn, pupil_row
from tests.handlers.reminders.builders import at

PUPILS = csv_text(
    [
        pupil_row(1, sen_status="E", primary_need="ASD", year_group="6", class_name="6A",
                  date_of_birth="2015-03-03", ehcp_issued_on="2025-03-12", last_review_on=""),
        pupil_row(2, sen_status="K", primary_need="SPLD", last_review_on="2026-09-16"),
        pupil_row(3),
    ],
    (*PUPIL_COLUMNS, "ehcp_issued_on", "last_review_on"),
)  # fmt: skip
STAFF = [
    {"email": "sendco@larch.example", "display_name": "Sam", "roles": "sendco;teacher"},
    {"email": "teacher.3b@larch.example", "display_name": "Tia", "roles": "teacher",
     "class_names": "3B"},
]  # fmt: skip


def import_school(sessions: sessionmaker[Session], *, staff: bool = True) -> int:
    with sessions.begin() as session:
        school = get_or_create_school(session, name="Larch Primary (fictional)")
        pupils = import_pupils(
            session, school=school, source=parse_csv(PUPILS.encode(), name="p.csv"),
            today=date(2026, 11, 1),
        )  # fmt: skip
        assert pupils.written, pupils.errors
        if staff:
            text = csv_text(STAFF, (*STAFF_COLUMNS, "class_names"))
            assert import_staff(
                session, school=school, source=parse_csv(text.encode(), name="s.csv")
            ).written
        return school.id


def test_the_import_columns_alone_produce_the_review_reminders(
    sessions: sessionmaker[Session],
) -> None:
    import_school(sessions)
    with sessions() as session:
        assert session.query(Review).count() == 0 and session.query(Plan).count() == 2
        [school] = reminders_at(session, now=at("2026-12-01"))
    found = {(r.rule, r.subject): r for r in school.reminders}

    support = found[("sen_support_review", make_upn(2))]
    assert support.due == date(2026, 12, 9)  # 12 weeks after the last review
    assert [school.facts.staff[i].email for i in support.recipient_ids] == [
        "teacher.3b@larch.example",
        "sendco@larch.example",
    ]
    transfer = found[("phase_transfer_review", make_upn(1))]
    assert transfer.due == date(2027, 2, 15)
    assert ("training_missing", "sendco@larch.example") not in found  # no courses set up

    with sessions() as session:
        [later] = reminders_at(session, now=at("2027-01-15"))
    annual = {(r.rule, r.subject): r for r in later.reminders}[("ehcp_annual_review", make_upn(1))]
    assert annual.due == date(2026, 3, 11)  # issued 12 March 2025, never reviewed: overdue


def test_without_a_sendco_the_reminders_are_listed_with_nobody_and_say_why(
    sessions: sessionmaker[Session],
) -> None:
    import_school(sessions, staff=False)
    with sessions() as session:
        [school] = reminders_at(session, now=at("2026-12-01"))
    support = next(r for r in school.reminders if r.rule == "sen_support_review")
    assert support.recipient_ids == ()
    assert "Nobody holds the SENDCO role" in support.lines[-1]
