"""A school at a glance: the figures `sendco-bot status` and `run` print. Counts only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from handlers.reminders.facts import load_facts
from handlers.reminders.rules.common import plan_reviews_due
from handlers.statutory import DEFAULT_PERIODS, StatutoryPeriods
from storage.codes import (
    AdviceStatus,
    ConcernStatus,
    InterventionStatus,
    OutboxStatus,
    Role,
    SenProvision,
)
from storage.models import (
    AdviceRequest,
    Concern,
    Intervention,
    InterventionSession,
    OutboxNotice,
    Pupil,
    School,
    Staff,
    StaffRole,
)

RECENT_SESSIONS = timedelta(days=7)
REVIEWS_AHEAD = timedelta(weeks=6)


@dataclass(frozen=True)
class SchoolSummary:
    school_id: int
    school_name: str
    today: date
    pupils_on_roll: int
    sen_support: int  # census K
    ehcp: int  # census E
    open_concerns: int  # any status but closed
    open_advice_requests: int  # open or claimed: waiting for an answer
    active_interventions: int
    sessions_last_7_days: int  # held in the 7 days up to and including today
    # Each active plan's next review, dated by the reminder rules (handlers.reminders):
    reviews_due_next_6_weeks: int  # due from today to 6 weeks ahead
    reviews_overdue: int  # due before today
    staff_total: int  # active staff
    staff_by_role: dict[str, int] = field(default_factory=dict)  # every role, zero included
    undelivered_notices: int = 0  # the outbox gave up on them for now (retried hourly)


def _count(session: Session, query: Select[Any]) -> int:
    return session.scalar(query) or 0


def school_summary(
    session: Session, *, school_id: int, today: date, periods: StatutoryPeriods = DEFAULT_PERIODS
) -> SchoolSummary:
    school = session.get(School, school_id)
    if school is None:
        raise LookupError(f"No school with id {school_id}.")
    count = select(func.count())
    pupils = count.select_from(Pupil).where(Pupil.school_id == school_id, Pupil.on_roll)
    review_dates = [
        due for _, due in plan_reviews_due(load_facts(session, school_id=school_id), periods)
    ]
    roles = session.execute(
        select(StaffRole.role, func.count(func.distinct(Staff.id)))
        .join(Staff, Staff.id == StaffRole.staff_id)
        .where(Staff.school_id == school_id, Staff.active)
        .group_by(StaffRole.role)
    ).all()
    by_role = {role.value: 0 for role in Role} | {role: n for role, n in roles}
    return SchoolSummary(
        school_id=school.id,
        school_name=school.name,
        today=today,
        pupils_on_roll=_count(session, pupils),
        sen_support=_count(session, pupils.where(Pupil.sen_status == SenProvision.SUPPORT.value)),
        ehcp=_count(session, pupils.where(Pupil.sen_status == SenProvision.EHCP.value)),
        open_concerns=_count(
            session,
            count.select_from(Concern).where(
                Concern.school_id == school_id, Concern.status != ConcernStatus.CLOSED.value
            ),
        ),
        open_advice_requests=_count(
            session,
            count.select_from(AdviceRequest).where(
                AdviceRequest.school_id == school_id,
                AdviceRequest.status.in_([AdviceStatus.OPEN.value, AdviceStatus.CLAIMED.value]),
            ),
        ),
        active_interventions=_count(
            session,
            count.select_from(Intervention).where(
                Intervention.school_id == school_id,
                Intervention.status == InterventionStatus.ACTIVE.value,
            ),
        ),
        sessions_last_7_days=_count(
            session,
            count.select_from(InterventionSession)
            .join(Intervention, Intervention.id == InterventionSession.intervention_id)
            .where(
                Intervention.school_id == school_id,
                InterventionSession.held_on > today - RECENT_SESSIONS,
                InterventionSession.held_on <= today,
            ),
        ),
        reviews_due_next_6_weeks=sum(today <= due <= today + REVIEWS_AHEAD for due in review_dates),
        reviews_overdue=sum(due < today for due in review_dates),
        staff_total=_count(
            session, count.select_from(Staff).where(Staff.school_id == school_id, Staff.active)
        ),
        staff_by_role=by_role,
        undelivered_notices=_count(
            session,
            count.select_from(OutboxNotice).where(
                OutboxNotice.school_id == school_id,
                OutboxNotice.status == OutboxStatus.FAILED.value,
            ),
        ),
    )


def all_school_summaries(
    session: Session, *, today: date, periods: StatutoryPeriods = DEFAULT_PERIODS
) -> list[SchoolSummary]:
    """One summary per school in the database, by name."""
    ids = session.scalars(select(School.id).order_by(School.name)).all()
    return [
        school_summary(session, school_id=school_id, today=today, periods=periods)
        for school_id in ids
    ]
