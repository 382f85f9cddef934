"""A given world for handler tests: two schools, staff in every role, classes and a group.

Entirely fictional. `World.actor(name)` gives the Actor for a named member of staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session
from stdnum.gb import upn as upn_rules

from handlers.identity import actor_for
from handlers.vocabulary import Actor
from storage.models import (
    Intervention,
    InterventionMember,
    KeyAdult,
    Pupil,
    PupilNeed,
    School,
    Staff,
    StaffClass,
    StaffRole,
)


def world_upn(serial: int) -> str:
    body = f"2010001{26:02d}{serial:03d}"
    return upn_rules.calc_check_digit(body) + body


@dataclass
class World:
    school_ids: dict[str, int] = field(default_factory=dict)  # "a", "b"
    actors: dict[str, Actor] = field(default_factory=dict)
    pupils: dict[str, int] = field(default_factory=dict)  # name -> pupil id
    interventions: dict[str, int] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        return self.actors[name]


# name -> (school, roles, classes taught)
STAFF = {
    "sendco": ("a", ["sendco", "teacher"], []),
    "head": ("a", ["head"], []),
    "dsl": ("a", ["dsl"], []),
    "admin": ("a", ["admin"], []),
    "teacher_2c": ("a", ["teacher"], ["2C"]),
    "teacher_3b": ("a", ["teacher"], ["3B"]),
    "ta": ("a", ["ta"], []),
    "ta_other": ("a", ["ta"], []),
    "sendco_b": ("b", ["sendco"], []),
    "teacher_b": ("b", ["teacher"], ["2C"]),
    "ta_b": ("b", ["ta"], []),
}

SCHOOL_B = frozenset(name for name, (school, _, _) in STAFF.items() if school == "b")
# Everyone in school A with a staff role (admin has none: it runs imports, not records).
EVERY_STAFF_ROLE_IN_A = frozenset(name for name in STAFF if name not in SCHOOL_B | {"admin"})

# name -> (school, first, last, year, class, provision, need)
PUPILS = {
    "maya": ("a", "Maya", "Patel", 2, "2C", "N", None),
    "ravi": ("a", "Ravi", "Shah", 2, "2C", "K", "SPLD"),
    "amira": ("a", "Amira", "Hassan", 3, "3B", "K", "SLCN"),
    "noah": ("a", "Noah", "Wright", 3, "3B", "E", "ASD"),
    "zara": ("b", "Zara", "Okafor", 2, "2C", "K", "SEMH"),
}


def build_world(session: Session) -> World:
    world = World()
    for key in ("a", "b"):
        school = School(name=f"School {key.upper()}")
        session.add(school)
        session.flush()
        world.school_ids[key] = school.id

    staff_rows: dict[str, Staff] = {}
    for name, (school_key, roles, classes) in STAFF.items():
        staff = Staff(
            school_id=world.school_ids[school_key],
            email=f"{name}@school-{school_key}.example",
            display_name=name.replace("_", " ").title(),
            roles=[StaffRole(role=r) for r in roles],
            classes=[StaffClass(class_name=c) for c in classes],
        )
        session.add(staff)
        staff_rows[name] = staff
    session.flush()

    for serial, (name, (school_key, first, last, year, cls, sen, need)) in enumerate(
        PUPILS.items(), start=1
    ):
        pupil = Pupil(
            school_id=world.school_ids[school_key],
            upn=world_upn(serial),
            first_name=first,
            last_name=last,
            date_of_birth=date(2026 - 6 - year, 3, 1),
            year_group=year,
            class_name=cls,
            sen_status=sen,
            needs=[PupilNeed(need_code=need, rank=1)] if need else [],
        )
        session.add(pupil)
        session.flush()
        world.pupils[name] = pupil.id

    # The TA leads a Plus One group with Ravi and Noah; ta_b leads one in school B with Zara.
    groups = {
        "plus_one": ("a", "ta", ["ravi", "noah"]),
        "talk_boost_b": ("b", "ta_b", ["zara"]),
    }
    for key, (school_key, lead, members) in groups.items():
        intervention = Intervention(
            school_id=world.school_ids[school_key],
            name=key.replace("_", " ").title(),
            programme="Plus One" if key == "plus_one" else "Talk Boost",
            lead_id=staff_rows[lead].id,
            weekdays="mon,wed,fri",
            planned_sessions=30,
            session_minutes=20,
            cost_per_session_pence=450,
            start_on=date(2026, 9, 7),
            members=[
                InterventionMember(pupil_id=world.pupils[m], joined_on=date(2026, 9, 7))
                for m in members
            ],
        )
        session.add(intervention)
        session.flush()
        world.interventions[key] = intervention.id

    # ta_other is Amira's key adult, and sees her through that route only.
    session.add(KeyAdult(pupil_id=world.pupils["amira"], staff_id=staff_rows["ta_other"].id))
    session.flush()
    for name, staff in staff_rows.items():
        session.refresh(staff)
        world.actors[name] = actor_for(staff)
    return world
