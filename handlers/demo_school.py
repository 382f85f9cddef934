"""A complete, entirely fictional demo school to try the bot on.

Names, addresses and numbers are invented (`handlers/demo/names.py`); staff email addresses
use the reserved domain `oakfield.example`. The same seed and school year always build the
same school. Everything is added to the caller's session and flushed, never committed.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.audit import record
from handlers.demo import names
from handlers.demo.interventions import add_interventions
from handlers.demo.people import add_pupils, add_staff, demo_staff, generate_pupils
from handlers.demo.plans import add_plans
from handlers.demo.records import add_advice, add_calendar, add_concerns, add_training
from handlers.schools import DEMO_SCHOOL_NAME as DEMO_SCHOOL_NAME
from handlers.schools import get_or_create_school
from storage.codes import AuditAction, Role
from storage.models import School

DEMO_SEED = 7

SENDCO_EMAIL = f"{names.SENDCO[0]}@{names.EMAIL_DOMAIN}"

# Addresses worth signing in as, with what each person sees.
SIGN_IN_EXAMPLES = (
    (SENDCO_EMAIL, "SENDCO: triage, register, reviews"),
    (f"teacher.2c@{names.EMAIL_DOMAIN}", "class teacher of 2C: concerns, advice"),
    ("karen.doyle@" + names.EMAIL_DOMAIN, "TA leading Toe by Toe: log sessions"),
    (f"{names.HEAD[0]}@{names.EMAIL_DOMAIN}", "head teacher and DSL: reports, alerts"),
)


class DemoSchoolExists(ValueError):
    """A school of that name is already in the database; the demo is never built twice."""


def find_school(session: Session, name: str = DEMO_SCHOOL_NAME) -> School | None:
    return session.scalar(select(School).where(School.name == name))


def build_demo_school(
    session: Session, *, today: date, name: str = DEMO_SCHOOL_NAME, seed: int = DEMO_SEED
) -> School:
    """Build the demo school as of `today`; raises DemoSchoolExists if `name` is taken."""
    if find_school(session, name) is not None:
        raise DemoSchoolExists(f"A school called {name!r} already exists.")
    school = get_or_create_school(session, name=name)
    staff = add_staff(session, school, demo_staff())
    by_role = {role: [s for s in staff if role.value in s.role_names] for role in Role}
    sendco = by_role[Role.SENDCO][0]
    tas = by_role[Role.TA]
    teachers = {c.class_name: s for s in by_role[Role.TEACHER] for c in s.classes}
    pupils = add_pupils(session, school, generate_pupils(today=today, seed=seed))

    def rng(part: str) -> random.Random:
        return random.Random(f"{seed}:{part}")

    add_calendar(session, school=school, today=today)
    add_plans(
        session,
        school=school,
        pupils=pupils,
        sendco=sendco,
        tas=tas,
        today=today,
        rng=rng("plans"),
    )
    add_interventions(
        session, school=school, pupils=pupils, tas=tas, today=today, rng=rng("interventions")
    )
    add_concerns(
        session,
        school=school,
        pupils=pupils,
        teachers=teachers,
        tas=tas,
        sendco=sendco,
        today=today,
        rng=rng("concerns"),
    )
    add_advice(
        session,
        school=school,
        pupils=pupils,
        teachers=teachers,
        tas=tas,
        sendco=sendco,
        today=today,
    )
    add_training(session, school=school, staff=staff, today=today, rng=rng("training"))
    record(
        session,
        action=AuditAction.CREATE,
        entity="demo_school",
        school_id=school.id,
        actor_id=None,
        entity_id=school.id,
        detail={"seed": seed, "as_of": today.isoformat(), "pupils": len(pupils)},
    )
    session.flush()
    return school
