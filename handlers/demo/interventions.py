"""The demo school's interventions: groups, entry scores and six weeks of logged sessions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from handlers.demo.calendar import london, school_days_before
from handlers.demo.plans import area_for
from storage.codes import AreaOfNeed, InterventionStatus, NeedType, ScoreMeasure, SenProvision
from storage.models import (
    Intervention,
    InterventionMember,
    InterventionSession,
    Pupil,
    School,
    SessionAttendance,
    Staff,
)
from storage.models.interventions import WEEKDAY_CODES

HISTORY_SCHOOL_DAYS = 30  # active groups started six school weeks ago
COMPLETED_SCHOOL_DAYS = 20  # the completed group ran for the four weeks before that
LOGGED_SHARE = 0.92  # the rest are the sessions nobody logged (the nudge's material)
PRESENT_SHARE = 0.9


@dataclass(frozen=True)
class Programme:
    name: str
    programme: str
    area: AreaOfNeed
    years: tuple[int, ...]
    weekdays: str
    planned_sessions: int
    session_minutes: int
    cost_per_session_pence: int
    size: int
    measure: ScoreMeasure = ScoreMeasure.STANDARDISED
    needs: tuple[NeedType, ...] = ()  # members with these primary needs come first
    completed: bool = False


PROGRAMMES = (
    Programme("Toe by Toe - Year 4/5", "Toe by Toe", AreaOfNeed.COGNITION, (4, 5),
              "mon,tue,wed,thu,fri", 60, 20, 450, 4, ScoreMeasure.READING_AGE, (NeedType.SPLD,)),
    Programme("Plus One - Year 2/3", "Plus One", AreaOfNeed.COGNITION, (2, 3),
              "tue,thu", 24, 30, 680, 5, needs=(NeedType.MLD,)),
    Programme("Lego therapy - Year 3/4", "Lego therapy", AreaOfNeed.COMMUNICATION, (3, 4),
              "wed", 12, 45, 1010, 3, needs=(NeedType.ASD,)),
    Programme("Talk Boost - Year 1", "Talk Boost", AreaOfNeed.COMMUNICATION, (1,),
              "mon,wed,fri", 30, 30, 680, 6, needs=(NeedType.SLCN,)),
    Programme("Precision Teaching - Year 5/6", "Precision Teaching", AreaOfNeed.COGNITION,
              (5, 6), "mon,tue,wed,thu,fri", 50, 10, 230, 3, needs=(NeedType.MLD,)),
    Programme("Power of 2 - Year 3", "Power of 2", AreaOfNeed.COGNITION, (3,),
              "mon,tue,wed,thu,fri", 20, 10, 230, 3, needs=(NeedType.MLD,), completed=True),
)  # fmt: skip

NOTES = {
    "Toe by Toe": ("Two pages of nonsense words; good accuracy.", "Struggled with split digraphs.",
                   "Ticked off a whole page three times in a row.", "Tired today; short session."),
    "Plus One": ("Number bonds to 10 with Numicon.", "Counting on from the larger number.",
                 "Place value with dienes; two pupils secure.", "Games went well; lots of talk."),
    "Lego therapy": ("Roles: engineer, supplier, builder; swapped halfway.",
                     "Good turn-taking; one disagreement resolved with the card.",
                     "Built the bridge together; described pieces by colour and size."),
    "Talk Boost": ("Listening game and barrier game.", "Vocabulary: describing words.",
                   "Story sequencing with picture cards.", "Everyone spoke in the circle."),
    "Precision Teaching": ("Sight words probe: improving fluency.",
                           "Times tables x3 probe; beat last score.", "Kept to a minute each."),
    "Power of 2": ("Page on doubling.", "Subtraction by counting back.", "Finished the unit."),
}  # fmt: skip
ABSENCE_REASONS = (
    "Off sick",
    "Class trip",
    "Music lesson at the same time",
    "Assessment in class",
    "Medical appointment",
)


def add_interventions(
    session: Session,
    *,
    school: School,
    pupils: list[Pupil],
    tas: list[Staff],
    today: date,
    rng: random.Random,
) -> list[Intervention]:
    days = school_days_before(today, COMPLETED_SCHOOL_DAYS + HISTORY_SCHOOL_DAYS)
    interventions = []
    for lead, programme in zip(tas, PROGRAMMES, strict=False):
        # Active groups run over the last six school weeks; completed ones the four before.
        window = (
            days[:COMPLETED_SCHOOL_DAYS] if programme.completed else days[-HISTORY_SCHOOL_DAYS:]
        )
        status = InterventionStatus.COMPLETED if programme.completed else InterventionStatus.ACTIVE
        intervention = Intervention(
            school_id=school.id,
            name=programme.name,
            programme=programme.programme,
            area=programme.area.value,
            lead_id=lead.id,
            weekdays=programme.weekdays,
            planned_sessions=programme.planned_sessions,
            session_minutes=programme.session_minutes,
            cost_per_session_pence=programme.cost_per_session_pence,
            measure=programme.measure.value,
            start_on=window[0],
            end_on=window[-1] if programme.completed else None,
            status=status.value,
        )
        members = _choose_members(rng, programme, pupils)
        intervention.members = [
            _member(rng, programme, pupil, window[0], window[-1]) for pupil in members
        ]
        intervention.sessions = _sessions(rng, programme, lead, members, window)
        interventions.append(intervention)
    session.add_all(interventions)
    session.flush()
    return interventions


def _choose_members(rng: random.Random, programme: Programme, pupils: list[Pupil]) -> list[Pupil]:
    """Mostly pupils on the SEN register: matching need, then matching area, then others."""

    def tier(pupil: Pupil) -> int:
        if pupil.sen_status == SenProvision.NONE:
            return 3
        if pupil.primary_need in programme.needs:
            return 0
        return 1 if area_for(pupil) == programme.area else 2

    pool = [p for p in pupils if p.year_group in programme.years]
    rng.shuffle(pool)
    pool.sort(key=tier)
    return pool[: programme.size]


def _member(
    rng: random.Random, programme: Programme, pupil: Pupil, start: date, end: date
) -> InterventionMember:
    if programme.measure is ScoreMeasure.READING_AGE:
        age_months = (start - pupil.date_of_birth).days * 12 // 365
        entry = age_months - rng.randint(14, 30)  # reading well behind chronological age
    else:
        entry = rng.randint(72, 89)
    exit_score = entry + rng.randint(-1, 9) if programme.completed else None
    return InterventionMember(
        pupil_id=pupil.id,
        joined_on=start,
        left_on=end if programme.completed else None,
        entry_score=Decimal(entry),
        entry_on=start,
        exit_score=None if exit_score is None else Decimal(exit_score),
        exit_on=end if programme.completed else None,
    )


def _sessions(
    rng: random.Random,
    programme: Programme,
    lead: Staff,
    members: list[Pupil],
    window: list[date],
) -> list[InterventionSession]:
    weekdays = {WEEKDAY_CODES.index(code) for code in programme.weekdays.split(",")}
    sessions = []
    for day in window:
        if day.weekday() not in weekdays or rng.random() > LOGGED_SHARE:
            continue
        short = rng.random() < 0.1
        sessions.append(
            InterventionSession(
                held_on=day,
                duration_minutes=programme.session_minutes - (5 if short else 0),
                logged_by_id=lead.id,
                notes=rng.choice(NOTES[programme.programme]),
                rating=rng.choice((2, 3, 4, 4, 5, 5, None)),
                source="demo",
                created_at=london(day, 15, rng.randint(10, 55)),
                attendance=[_attendance(rng, pupil) for pupil in members],
            )
        )
    return sessions


def _attendance(rng: random.Random, pupil: Pupil) -> SessionAttendance:
    if rng.random() < PRESENT_SHARE:
        return SessionAttendance(pupil_id=pupil.id, present=True)
    return SessionAttendance(
        pupil_id=pupil.id, present=False, absence_reason=rng.choice(ABSENCE_REASONS)
    )
