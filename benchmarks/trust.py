"""A deterministic, fictional multi-academy trust for benchmarks: schools, staff, pupils with
realistic and repeated names, EHCP pupils with plans and review dates, intervention groups,
and sessions with attendance. Built by bulk insert (SQLAlchemy Core, executemany), so 30,000
pupils and 1,000,000 attendance rows take minutes, not hours, on SQLite or PostgreSQL.

    python -m benchmarks.trust --pupils 30000 --attendance 1000000 [--schools 30]
                               [--database-url URL] [--seed 7]

Every name is made up from common first and last names; no real pupil is described.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker
from stdnum.gb import upn as upn_rules

from storage.models import (
    Concern,
    ConcernArea,
    ConcernPupil,
    Intervention,
    InterventionMember,
    InterventionSession,
    Plan,
    Pupil,
    PupilNeed,
    Review,
    School,
    SessionAttendance,
    Staff,
    StaffClass,
    StaffRole,
)

FIRST = ("Oliver Amelia Noah Olivia George Isla Arthur Ava Muhammad Mia Leo Ivy Harry Lily "
         "Oscar Freya Archie Florence Henry Willow Theodore Emily Jack Sophia Charlie Ella "
         "Freddie Grace Theo Evie Thomas Poppy Alfie Isabella Jacob Ruby Lucas Daisy Finley "
         "Sienna Ravi Amira Maya Zara Omar Precious Segun Halima Abigail Jessica Mohammed "
         "Priya Kofi Chloe Ethan Hannah Aisha Yusuf Fatima Ben Lena Bella Isaac Sofia Max "
         "Erin Dylan Layla Samuel Nia Reuben Eliza").split()  # fmt: skip
LAST = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson Wood "
    "Thompson Evans Walker White Roberts Green Hall Thomas Clarke Jackson Wright Hughes "
    "Edwards Khan Ali Hussain Ahmed Shah Begum Okafor Mensah Nowak Kowalski Murphy Kelly "
    "Hassan Osei Singh Kaur Lewis Harris Martin Cooper King Lee Baker Morris"
).split()
NICKNAMES = {"Abigail": "Abi", "Jessica": "Jess", "Mohammed": "Mo", "Samuel": "Sam",
             "Isabella": "Bella", "Alfie": "Alf", "Thomas": "Tom", "Eliza": "Lizzie"}  # fmt: skip
NEEDS = ("SPLD", "SLCN", "SEMH", "ASD", "MLD", "PD", "HI", "VI", "OTH")
PROGRAMMES = ("Toe by Toe", "Plus One", "Talk Boost", "Precision Teaching", "Lego therapy",
              "Zones of Regulation", "Numicon", "Power of 2")  # fmt: skip
READING = ("Toe by Toe", "Precision Teaching")
CLASS_SIZE = 30
START = date(2025, 9, 8)  # sessions run from here, three a week
CHUNK = 5000
TABLES = (School.__table__, Staff.__table__, Pupil.__table__, Intervention.__table__,
          InterventionSession.__table__, Concern.__table__)  # fmt: skip


@dataclass
class TrustSize:
    pupils: int = 2000
    schools: int = 2
    attendance: int = 66_000  # session-attendance rows in all
    seed: int = 7


@dataclass
class Built:
    schools: list[int] = field(default_factory=list)
    pupils: int = 0
    staff: int = 0
    groups: int = 0
    sessions: int = 0
    attendance: int = 0
    seconds: float = 0.0
    # One named member of staff per school, for benchmarks that act as someone.
    sendco_ids: list[int] = field(default_factory=list)


def build_trust(sessions: sessionmaker[Session], size: TrustSize, *, today: date) -> Built:
    started = time.monotonic()
    rng = random.Random(size.seed)
    built = Built()
    per_school = max(1, size.pupils // size.schools)
    groups_per_school = max(1, per_school // 40)
    members_per_group = 6
    total_places = groups_per_school * members_per_group * size.schools
    sessions_per_group = max(1, size.attendance // max(1, total_places))
    with sessions.begin() as session:
        for index in range(size.schools):
            school_id = _one(session, School.__table__, {
                "name": f"Trust School {index + 1:02d} (fictional)", "timezone": "Europe/London",
                "created_at": datetime.now(UTC), "roster_version": 0})  # fmt: skip
            built.schools.append(school_id)
            staff = _staff(session, school_id, per_school, index)
            built.staff += len(staff.all)
            built.sendco_ids.append(staff.sendco)
            pupils = _pupils(session, rng, school_id, index, per_school, today)
            built.pupils += len(pupils.ids)
            _plans(session, rng, school_id, pupils, today)
            _concerns(session, rng, school_id, staff, pupils, today)
            groups, _places, held, present = _interventions(
                session, rng, school_id, staff, pupils, groups_per_school, members_per_group,
                sessions_per_group, today,
            )  # fmt: skip
            built.groups += groups
            built.sessions += held
            built.attendance += present
        _move_sequences_on(session)
    built.seconds = time.monotonic() - started
    return built


@dataclass
class StaffIds:
    sendco: int
    teachers: dict[str, int]
    tas: list[int]
    all: list[int]


def _staff(session: Session, school_id: int, pupils: int, index: int) -> StaffIds:
    classes = [f"{year}{letter}" for year in range(1, 7) for letter in "ABCDE"]
    classes = classes[: max(1, pupils // CLASS_SIZE)]
    now = datetime.now(UTC)
    people = [("sendco", ["sendco", "teacher"]), ("head", ["head"]), ("dsl", ["dsl"])]
    people += [(f"teacher.{c.lower()}", ["teacher"]) for c in classes]
    people += [(f"ta{n}", ["ta"]) for n in range(max(1, pupils // 100))]
    rows = [{"school_id": school_id, "email": f"{who}@school{index + 1:02d}.trust.example",
             "display_name": who.replace(".", " ").title(), "active": True, "created_at": now}
            for who, _ in people]  # fmt: skip
    ids = _many(session, Staff.__table__, rows)
    _bulk(session, StaffRole.__table__, [
        {"staff_id": sid, "role": role} for sid, (_, roles) in zip(ids, people, strict=True)
        for role in roles])  # fmt: skip
    teacher_ids = ids[3 : 3 + len(classes)]
    _bulk(
        session,
        StaffClass.__table__,
        [{"staff_id": sid, "class_name": c} for sid, c in zip(teacher_ids, classes, strict=True)],
    )
    return StaffIds(sendco=ids[0], teachers=dict(zip(classes, teacher_ids, strict=True)),
                    tas=ids[3 + len(classes):], all=ids)  # fmt: skip


@dataclass
class PupilIds:
    ids: list[int]
    on_register: list[int]  # K or E
    ehcp: list[int]


def _pupils(
    session: Session, rng: random.Random, school_id: int, index: int, count: int, today: date
) -> PupilIds:
    rows, needs_of = [], []
    now = datetime.now(UTC)
    for n in range(count):
        year = 1 + (n // CLASS_SIZE) % 6
        letter = "ABCDE"[(n // (CLASS_SIZE * 6)) % 5]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        roll = rng.random()
        status = "E" if roll < 0.025 else "K" if roll < 0.155 else "N"
        rows.append({
            "school_id": school_id, "upn": _upn(index, year, n), "first_name": first,
            "last_name": last,
            "preferred_name": NICKNAMES.get(first) if rng.random() < 0.3 else None,
            "date_of_birth": date(today.year - 5 - year, 1 + n % 12, 1 + n % 28),
            "year_group": year, "class_name": f"{year}{letter}", "sen_status": status,
            "looked_after": rng.random() < 0.01, "previously_looked_after": False,
            "on_roll": True, "destination": "", "created_at": now, "updated_at": now,
        })  # fmt: skip
        needs_of.append(rng.choice(NEEDS) if status != "N" else None)
    ids = _many(session, Pupil.__table__, rows)
    _bulk(
        session,
        PupilNeed.__table__,
        [
            {"pupil_id": pid, "need_code": need, "rank": 1}
            for pid, need in zip(ids, needs_of, strict=True)
            if need
        ],
    )
    register = [pid for pid, r in zip(ids, rows, strict=True) if r["sen_status"] != "N"]
    ehcp = [pid for pid, r in zip(ids, rows, strict=True) if r["sen_status"] == "E"]
    return PupilIds(ids, register, ehcp)


def _upn(school: int, year: int, n: int) -> str:
    """A valid UPN: LA 201..., an establishment per thousand pupils of a school, the year, a
    serial: unique up to 50,000 pupils a school."""
    body = f"{201 + school // 10:03d}{1000 + school * 50 + n // 1000:04d}{year:02d}{n % 1000:03d}"
    return upn_rules.calc_check_digit(body) + body


def _plans(session: Session, rng: random.Random, school_id: int, pupils: PupilIds,
           today: date) -> None:  # fmt: skip
    plans, reviews = [], []
    for pid in pupils.ehcp:
        issued = today - timedelta(days=rng.randint(30, 700))
        due = issued + timedelta(days=365)
        while due < today - timedelta(days=60):
            due += timedelta(days=365)
        plans.append({"school_id": school_id, "pupil_id": pid, "kind": "ehcp", "status": "active",
                      "started_on": issued, "date_unknown": False, "review_due_on": due,
                      "local_authority": "", "parent_views": "", "pupil_views": "",
                      "created_at": datetime.now(UTC)})  # fmt: skip
        reviews.append({"school_id": school_id, "pupil_id": pid, "kind": "ehcp_annual",
                        "status": "scheduled", "due_on": due, "notes": "",
                        "created_at": datetime.now(UTC)})  # fmt: skip
    _bulk(session, Plan.__table__, plans)
    _bulk(session, Review.__table__, reviews)


OBSERVED = (
    "isn't following two-step instructions", "struggles to copy from the board",
    "very anxious at the start of the day", "can't sit still on the carpet",
    "reading well below the rest of the class", "finds it hard to join in with group work",
)  # fmt: skip
AREAS = ("communication_and_interaction", "cognition_and_learning",
         "social_emotional_and_mental_health", "sensory_and_physical")  # fmt: skip


def _concerns(session: Session, rng: random.Random, school_id: int, staff: StaffIds,
              pupils: PupilIds, today: date) -> None:  # fmt: skip
    """About one concern for every 20 pupils, over the last year, some already triaged."""
    chosen = rng.sample(pupils.ids, max(1, len(pupils.ids) // 20))
    teachers = list(staff.teachers.values()) or [staff.sendco]
    rows = []
    for _ in chosen:
        raised = today - timedelta(days=rng.randint(0, 360))
        rows.append({
            "school_id": school_id, "raised_by_id": rng.choice(teachers),
            "raised_at": datetime(raised.year, raised.month, raised.day, 15, tzinfo=UTC),
            "observed_on": raised, "observed": rng.choice(OBSERVED), "tried": "",
            "urgency": "medium", "status": rng.choice(("new", "acknowledged", "closed")),
            "source": "console",
        })  # fmt: skip
    ids = _many(session, Concern.__table__, rows)
    links = [{"concern_id": cid, "pupil_id": pid} for cid, pid in zip(ids, chosen, strict=True)]
    _bulk(session, ConcernPupil.__table__, links)
    _bulk(
        session, ConcernArea.__table__, [{"concern_id": c, "area": rng.choice(AREAS)} for c in ids]
    )


def _interventions(
    session: Session, rng: random.Random, school_id: int, staff: StaffIds, pupils: PupilIds,
    groups: int, size: int, per_group: int, today: date,
) -> tuple[int, int, int, int]:  # fmt: skip
    pool = pupils.on_register or pupils.ids
    rows = []
    for g in range(groups):
        programme = PROGRAMMES[g % len(PROGRAMMES)]
        rows.append({"school_id": school_id, "name": f"{programme} {g // len(PROGRAMMES) + 1}",
                     "programme": programme, "lead_id": staff.tas[g % len(staff.tas)],
                     "weekdays": "mon,wed,fri", "schedule_note": "", "planned_sessions": per_group,
                     "session_minutes": 20, "cost_per_session_pence": 450,
                     "measure": "reading_age_months" if programme in READING else
                     "standardised_score", "custom_scale": "", "start_on": START,
                     "status": "active", "created_at": datetime.now(UTC)})  # fmt: skip
    group_ids = _many(session, Intervention.__table__, rows)
    members: dict[int, list[int]] = {}
    places = []
    for gid, row in zip(group_ids, rows, strict=True):
        chosen = rng.sample(pool, min(size, len(pool)))
        members[gid] = chosen
        reading = row["measure"] == "reading_age_months"
        for pid in chosen:
            entry = rng.randint(70, 100)
            places.append({"intervention_id": gid, "pupil_id": pid, "joined_on": START,
                           "entry_score": entry, "entry_on": START,
                           "exit_score": entry + rng.randint(0, 12) if reading or rng.random() < .7
                           else None, "exit_on": START + timedelta(days=120)})  # fmt: skip
    _bulk(session, InterventionMember.__table__, places)
    days = _school_days(START, per_group, today)
    held = [{"intervention_id": gid, "held_on": day, "duration_minutes": 20, "notes": "",
             "source": "console", "created_at": datetime.now(UTC)}
            for gid in group_ids for day in days]  # fmt: skip
    session_ids = _many(session, InterventionSession.__table__, held)
    attendance = 0
    batch: list[dict[str, Any]] = []
    for sid, row in zip(session_ids, held, strict=True):
        for pid in members[row["intervention_id"]]:
            there = rng.random() < 0.9
            batch.append({"session_id": sid, "pupil_id": pid, "present": there,
                          "absence_reason": "" if there else "unwell"})  # fmt: skip
        if len(batch) >= CHUNK:
            attendance += _bulk(session, SessionAttendance.__table__, batch)
            batch = []
    attendance += _bulk(session, SessionAttendance.__table__, batch)
    return len(group_ids), len(places), len(session_ids), attendance


def _school_days(start: date, count: int, today: date) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() in (0, 2, 4):
            days.append(day)
        day += timedelta(days=1)
    return days


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _bulk(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    for chunk in _chunks(rows):
        session.execute(insert(table), list(chunk))
    return len(rows)


def _many(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert with ids given here (the generator is the only writer), so inserts batch
    (executemany) on every database instead of one round trip per row to learn each id."""
    start = (session.scalar(select(func.max(table.c.id))) or 0) + 1
    ids = list(range(start, start + len(rows)))
    _bulk(session, table, [row | {"id": new} for row, new in zip(rows, ids, strict=True)])
    return ids


def _move_sequences_on(session: Session) -> None:
    """PostgreSQL: ids were given explicitly, so move each id sequence past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table.name}))"))  # fmt: skip


def _one(session: Session, table: Table, row: dict[str, Any]) -> int:
    return _many(session, table, [row])[0]


def main(argv: Iterable[str] | None = None) -> None:
    from storage import migrate
    from storage.database import make_engine, session_factory

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--schools", type=int, default=0, help="default: one per 1,000 pupils")
    parser.add_argument("--attendance", type=int, default=66_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="sqlite:///trust.db")
    args = parser.parse_args(list(argv) if argv is not None else None)
    migrate.upgrade(args.database_url)
    engine = make_engine(args.database_url)
    size = TrustSize(args.pupils, args.schools or max(1, args.pupils // 1000), args.attendance,
                     args.seed)  # fmt: skip
    built = build_trust(session_factory(engine), size, today=date.today())
    engine.dispose()
    print(f"{built.pupils} pupils, {built.staff} staff, {built.groups} groups, "
          f"{built.sessions} sessions, {built.attendance} attendance rows in "
          f"{len(built.schools)} schools: {built.seconds:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
