"""Running one scripted conversation from the dialogue corpus and judging it whole: the records
finally stored (concerns, sessions with attendance, advice requests, safeguarding alerts),
never how one message parsed.

A script is a mapping: `category`, `who` (a member of staff of the world), `say` (the messages,
in order) and `expect`, which lists every record the conversation must leave and nothing else:

    expect:
      concerns: [{pupils: [maya], urgency: high, says: "two-step"}]
      sessions: [{group: toe_by_toe, minutes: 20, present: [henry], absent: [lena]}]
      advice: [{pupil: maya, says: "ring me"}]
      alerts: 1            # safeguarding alerts to the DSL

Keys left out expect none of that kind. Each script runs in a fresh copy of a migrated SQLite
database with the dialogue world built into it (the conversation engine is backend-neutral:
the PostgreSQL pass covers storage elsewhere).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from handlers.conversation.dialogue import ChatContext, handle_message
from handlers.unit_of_work import perform
from storage.codes import Platform
from storage.database import make_engine, session_factory
from storage.models import (
    AdviceRequest,
    AuditEvent,
    Concern,
    Intervention,
    InterventionMember,
    InterventionSession,
    KeyAdult,
    Pupil,
)
from tests.worlds import World, build_world, world_upn

WEDNESDAY = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)  # a school day; "yesterday" is Tuesday

# Pupils added to school A of the test world, for same names, short forms and bigger groups:
# key -> (first, last, year, class)
MORE_PUPILS = {
    "noah_k": ("Noah", "Kowalski", 4, "4H"),
    "abigail": ("Abigail", "Moss", 2, "2C"),
    "jessica": ("Jessica", "Lee", 3, "3B"),
    "mohammed_h": ("Mohammed", "Hussain", 3, "3B"),
    "mohammed_r": ("Mohammed", "Rahman", 5, "5C"),
    "lena": ("Lena", "Francis", 4, "4H"),
    "henry": ("Henry", "Ball", 4, "4H"),
    "segun": ("Segun", "Adeyemi", 2, "2C"),
    "isla": ("Isla", "Grant", 2, "2C"),
    "halima": ("Halima", "Noor", 4, "4H"),
    "bella": ("Isabella", "Gill", 3, "3B"),
    "omar": ("Omar", "Khan", 5, "5C"),
}
# key -> (name, programme, lead, members); Plus One (Ravi, Noah) is in the world already.
MORE_GROUPS = {
    "toe_by_toe": ("Toe by Toe - Year 4", "Toe by Toe", "ta",
                   ["lena", "henry", "noah_k", "halima"]),
    "precision": ("Precision Teaching - Year 3", "Precision Teaching", "ta_other",
                  ["jessica", "mohammed_h", "bella"]),
}  # fmt: skip


@dataclass
class Verdict:
    script: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def build_dialogue_world(session: Session) -> World:
    world = build_world(session)
    school = world.school_ids["a"]
    for serial, (key, (first, last, year, cls)) in enumerate(MORE_PUPILS.items(), start=50):
        pupil = Pupil(
            school_id=school, upn=world_upn(serial), first_name=first, last_name=last,
            date_of_birth=date(2026 - 6 - year, 5, 1), year_group=year, class_name=cls,
            sen_status="K",
        )  # fmt: skip
        if key == "bella":
            pupil.preferred_name = "Bella"
        session.add(pupil)
        session.flush()
        world.pupils[key] = pupil.id
    # ta_other leads Precision Teaching, so sees Jessica, Mohammed H and Bella too.
    session.add(KeyAdult(pupil_id=world.pupils["omar"], staff_id=world.actor("ta_other").staff_id))
    for key, (name, programme, lead, members) in MORE_GROUPS.items():
        group = Intervention(
            school_id=school, name=name, programme=programme,
            lead_id=world.actor(lead).staff_id, weekdays="mon,tue,wed,thu,fri",
            planned_sessions=30, session_minutes=20, start_on=date(2026, 9, 7),
            members=[InterventionMember(pupil_id=world.pupils[m], joined_on=date(2026, 9, 7))
                     for m in members],
        )  # fmt: skip
        session.add(group)
        session.flush()
        world.interventions[key] = group.id
    session.flush()
    return world


def run_script(script: dict[str, Any], template: Path, folder: Path) -> Verdict:
    """Run `script` in a fresh database copied from `template`; judge what it stored."""
    target = folder / "dialogue.db"
    shutil.copyfile(template, target)
    engine = make_engine(f"sqlite:///{target}")
    sessions = session_factory(engine)
    try:
        with sessions.begin() as session:
            world = build_dialogue_world(session)
        actor = world.actor(script["who"])
        context = ChatContext(platform=Platform.CONSOLE, conversation_key="dialogue", now=WEDNESDAY)
        verdict = Verdict(script)
        for line in script["say"]:
            outcome = perform(sessions, handle_message, actor=actor, text=line, context=context)
            if outcome.reply.title.startswith("Sorry: something went wrong"):
                verdict.problems.append(f"failed on {line!r}")
        with sessions() as session:
            verdict.problems += judge(session, world, script.get("expect") or {})
        return verdict
    finally:
        engine.dispose()
        target.unlink(missing_ok=True)


def judge(session: Session, world: World, expect: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    ids = world.pupils
    name_of = {v: k for k, v in ids.items()}

    concerns = session.scalars(
        select(Concern).options(selectinload(Concern.pupils)).order_by(Concern.id)
    ).all()
    wanted = expect.get("concerns", [])
    if len(concerns) != len(wanted):
        problems.append(f"{len(concerns)} concerns stored, expected {len(wanted)}")
    for got, want in zip(concerns, wanted, strict=False):
        pupils = sorted(name_of.get(p.pupil_id, "?") for p in got.pupils)
        if pupils != sorted(want["pupils"]):
            problems.append(f"concern about {pupils}, expected {sorted(want['pupils'])}")
        if "urgency" in want and got.urgency != want["urgency"]:
            problems.append(f"concern urgency {got.urgency}, expected {want['urgency']}")
        if "says" in want and want["says"].lower() not in got.observed.lower():
            problems.append(f"concern text {got.observed!r} lacks {want['says']!r}")
        if "not_says" in want and want["not_says"].lower() in got.observed.lower():
            problems.append(f"concern text {got.observed!r} has {want['not_says']!r}")
        if "day" in want and got.observed_on.isoformat() != want["day"]:
            problems.append(f"concern dated {got.observed_on}, expected {want['day']}")

    held = session.scalars(
        select(InterventionSession)
        .options(selectinload(InterventionSession.attendance))
        .order_by(InterventionSession.id)
    ).all()
    wanted = expect.get("sessions", [])
    if len(held) != len(wanted):
        problems.append(f"{len(held)} sessions stored, expected {len(wanted)}")
    for got, want in zip(held, wanted, strict=False):
        if got.intervention_id != world.interventions[want["group"]]:
            problems.append(f"session for group {got.intervention_id}, expected {want['group']}")
        if "minutes" in want and got.duration_minutes != want["minutes"]:
            problems.append(f"session {got.duration_minutes} min, expected {want['minutes']}")
        if "day" in want and got.held_on.isoformat() != want["day"]:
            problems.append(f"session on {got.held_on}, expected {want['day']}")
        present = sorted(name_of[a.pupil_id] for a in got.attendance if a.present)
        absent = sorted(name_of[a.pupil_id] for a in got.attendance if not a.present)
        if "present" in want and present != sorted(want["present"]):
            problems.append(f"present {present}, expected {sorted(want['present'])}")
        if "absent" in want and absent != sorted(want["absent"]):
            problems.append(f"absent {absent}, expected {sorted(want['absent'])}")

    asked = session.scalars(select(AdviceRequest).order_by(AdviceRequest.id)).all()
    wanted = expect.get("advice", [])
    if len(asked) != len(wanted):
        problems.append(f"{len(asked)} advice requests stored, expected {len(wanted)}")
    for got, want in zip(asked, wanted, strict=False):
        if "pupil" in want and name_of.get(got.pupil_id or -1) != want["pupil"]:
            problems.append(
                f"advice about {name_of.get(got.pupil_id or -1)}, expected {want['pupil']}"
            )
        if "says" in want and want["says"].lower() not in got.question.lower():
            problems.append(f"advice {got.question!r} lacks {want['says']!r}")

    alerts = (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity == "safeguarding_alert")
        )
        or 0
    )
    if alerts != expect.get("alerts", 0):
        problems.append(f"{alerts} safeguarding alerts, expected {expect.get('alerts', 0)}")
    return problems
