"""The set-up journey of a real school, from an empty database, shared by the terminal and
Slack tests: import pupils and staff; the SENDCO sets up two groups, records an EHCP and a
SEN support plan, books a review and records training, all by conversation; a TA logs a
session for each group; a teacher raises a concern; the SENDCO triages it by conversation; the
head asks how many pupils are on SEN support."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.codes import ConcernStatus
from storage.models import (
    Concern,
    Intervention,
    InterventionMember,
    InterventionSession,
    Plan,
    Pupil,
    Review,
    TrainingRecord,
)
from tests.factories import PUPIL_COLUMNS, STAFF_COLUMNS, csv_text, pupil_row

SENDCO = "sam.sendco@brook.example"
HEAD = "hana.head@brook.example"
TA = "tia.assistant@brook.example"
TEACHER = "tom.teacher@brook.example"

PUPILS = [
    pupil_row(1, first_name="Orla", last_name="Quinn", year_group="3", class_name="3Q",
              sen_status="N", primary_need=""),
    pupil_row(2, first_name="Ben", last_name="Baker", year_group="3", class_name="3Q",
              sen_status="K", primary_need="ASD"),
    pupil_row(3, first_name="Cara", last_name="Cole", year_group="4", class_name="4C",
              sen_status="K", primary_need="SPLD"),
    pupil_row(4, first_name="Dev", last_name="Dutta", year_group="4", class_name="4C",
              sen_status="N", primary_need=""),
]  # fmt: skip
STAFF = [
    {"email": SENDCO, "display_name": "Sam Sendco", "roles": "sendco;teacher"},
    {"email": HEAD, "display_name": "Hana Head", "roles": "head"},
    {"email": TA, "display_name": "Tia Assistant", "roles": "ta"},
    {"email": TEACHER, "display_name": "Tom Teacher", "roles": "teacher"},
]

# (who, what they type) in order; a reply is checked by `EXPECTED` below.
SENDCO_SETUP = (
    "set up a new Toe by Toe group",
    "Toe by Toe Y3",  # group name
    "today",  # starts
    "lead: Tia",  # a correction on the summary
    "yes",
    "add Orla and Ben to the Toe by Toe group",
    "yes",
    "set up a new Plus One group",
    "Plus One Y4",
    "today",
    "lead: Tia Assistant",
    "yes",
    "add Cara and Dev to the Plus One group",
    "yes",
    "record an EHCP for Ben",
    "1 March 2025",  # issued on
    "Kent",  # local authority
    "yes",
    "new SEN support plan for Cara",
    "Reads 50 high-frequency words | Precision Teaching 3x weekly",
    "yes",
    "Cara's review is booked for 14th January",
    "yes",
    "add a new training course",
    "Team Teach",
    "yes",
    "record training for Tia",
    "Tia",  # member of staff
    "Team Teach",  # course
    "yesterday",  # completed on
    "yes",
)
TA_SESSIONS = (
    "20 mins toe by toe with Orla and Ben",
    "yes",
    "15 mins plus one with Cara and Dev",
    "yes",
)
TEACHER_CONCERN = ("worried about Orla, she can't remember her phonics sounds", "yes")
SENDCO_TRIAGE = ("what's in my triage queue?", "acknowledge C-00001")
HEAD_QUESTION = ("how many children are on SEN support?",)


def write_csvs(folder: Path) -> tuple[Path, Path]:
    pupils = folder / "pupils.csv"
    pupils.write_text(csv_text(PUPILS, PUPIL_COLUMNS))
    staff = folder / "staff.csv"
    staff.write_text(csv_text(STAFF, STAFF_COLUMNS))
    return pupils, staff


def check_records(session: Session, today: date) -> None:
    """What the journey must leave in the database."""
    pupils = {p.first_name: p for p in session.scalars(select(Pupil))}
    groups = {g.programme: g for g in session.scalars(select(Intervention))}
    assert set(groups) == {"Toe by Toe", "Plus One"}
    for programme, names in (("Toe by Toe", {"Orla", "Ben"}), ("Plus One", {"Cara", "Dev"})):
        group = groups[programme]
        assert group.lead_id is not None
        members = set(session.scalars(select(InterventionMember.pupil_id).where(
            InterventionMember.intervention_id == group.id)))  # fmt: skip
        assert members == {pupils[n].id for n in names}
        held = session.scalars(select(InterventionSession).where(
            InterventionSession.intervention_id == group.id)).all()  # fmt: skip
        assert len(held) == 1 and held[0].logged_by_id == group.lead_id
    ehcp = session.scalars(select(Plan).where(Plan.pupil_id == pupils["Ben"].id,
                                              Plan.kind == "ehcp")).one()  # fmt: skip
    assert ehcp.started_on == date(2025, 3, 1) and ehcp.local_authority == "Kent"
    support = session.scalars(select(Plan).where(Plan.pupil_id == pupils["Cara"].id,
                                                 Plan.kind == "sen_support",
                                                 Plan.status == "active")).one()  # fmt: skip
    assert "Precision Teaching" in " ".join(t.provision for t in support.targets)
    review = session.scalars(select(Review).where(Review.plan_id == support.id,
                                                  Review.status == "scheduled")).one()  # fmt: skip
    assert review.meeting_on == date(today.year + (today.month > 1), 1, 14)
    assert session.scalar(select(func.count()).select_from(TrainingRecord)) == 1
    concern = session.scalars(select(Concern)).one()
    assert [p.pupil_id for p in concern.pupils] == [pupils["Orla"].id]
    assert concern.status == ConcernStatus.ACKNOWLEDGED.value
