"""The SENDCO's morning digest (school days) and weekly summary (last school day of the week).

Each is a `Notice` per SENDCO keyed by school, day (or ISO week) and SENDCO, so however many
times the sweep or the cron trigger runs it is written once. A digest with nothing in it is
not sent: no news is not worth a message. Names appear: digests go privately to the SENDCO.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from handlers import statutory
from handlers.advice.rules import waiting_since
from handlers.plans.common import PLAN_LABELS
from handlers.reminders.calendar import SchoolCalendar
from handlers.reminders.model import PlanFacts, SchoolFacts
from handlers.reminders.rules import assessment
from handlers.reminders.rules.common import (
    has_dates,
    last_reviewed,
    long_date,
    next_review_due,
    sendcos,
)
from handlers.reminders.rules.ehcp import STEP_WORDS, review_steps
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from handlers.sessions.schedule import planned_session_dates
from handlers.statutory import BEFORE_MEETING
from handlers.training.status import TrainingState, training_status
from handlers.vocabulary import Notice, Reply
from storage.codes import AssessmentStatus, MilestoneKind, PlanKind, ReviewStatus
from storage.models import AdviceRequest, Concern, Intervention, InterventionSession, Review

MORNING_RULE = "digest_morning"
WEEKLY_RULE = "digest_weekly"
DIGEST_RULES = frozenset({MORNING_RULE, WEEKLY_RULE})
SHOW_AT_MOST = 8
UNDELIVERED_HEADING = (
    "Could not be delivered (still retried every hour; check the person is linked in Slack)"
)


@dataclass(frozen=True)
class Item:
    due: date
    text: str


def review_items(
    facts: SchoolFacts,
    today: date,
    settings: ReminderSettings,
    is_school_day: Callable[[date], bool] = lambda _day: True,
) -> tuple[list[Item], list[Item]]:
    """(due within `digest_reviews_ahead_weeks`, overdue): plan reviews, reg 20 steps and the
    LA's assessment deadlines, soonest first. A review due in a holiday is listed by the last
    school day its meeting can be held on, with the statutory date beside it."""
    ahead = today + timedelta(weeks=settings.digest_reviews_ahead_weeks)
    soon: list[Item] = []
    late: list[Item] = []
    for plan in facts.plans:
        if plan.kind == PlanKind.EHCP.value:
            soon += _ehcp_deadlines(plan, today, ahead, settings)
        if not has_dates(plan):
            continue  # no date to count from: the plan_date_missing reminder asks for it
        due = next_review_due(plan, settings.periods)
        what = f"{plan.pupil.name}: {PLAN_LABELS[PlanKind(plan.kind)]} review"
        by = statutory.last_school_day(due, is_school_day)
        when = long_date(by) + (f" (due {long_date(due)}, in a holiday)" if by != due else "")
        if due < today:
            late.append(Item(due, f"{what} was due by {long_date(due)}"))
        elif by <= ahead:
            soon.append(Item(by, f"{what} by {when}"))
        for review in plan.reviews if plan.kind == PlanKind.EHCP.value else ():
            for step in review_steps(review, settings.periods):
                kind = MilestoneKind(step.kind)
                held = review.status == ReviewStatus.HELD.value
                if step.completed_on or step.due_on >= today or (kind in BEFORE_MEETING and held):
                    continue
                late.append(
                    Item(
                        step.due_on,
                        f"{plan.pupil.name}: {STEP_WORDS[kind][0]} "
                        f"was due by {long_date(step.due_on)}",
                    )
                )
    for request in facts.assessments:
        status = AssessmentStatus(request.status)
        for rule, waiting, what, _ in assessment.STEPS:
            due = assessment.deadlines(request, settings.periods)[rule][0]
            if status in waiting and due < today:
                late.append(Item(due, f"{request.pupil.name}: {what} was due by {long_date(due)}"))
    return sorted(soon, key=lambda i: i.due), sorted(late, key=lambda i: i.due)


def _ehcp_deadlines(
    plan: PlanFacts, today: date, ahead: date, settings: ReminderSettings
) -> list[Item]:
    """An under-5's review window closing and a phase transfer's amended-plan deadline, when
    they fall before `ahead` (their own reminders went out earlier)."""
    items: list[Item] = []
    pupil = plan.pupil
    if has_dates(plan) and statutory.is_under_five(pupil.date_of_birth, today):
        since = last_reviewed(plan) or plan.started_on
        latest = statutory.under_five_review_window(since, settings.periods)[1]
        if today <= latest <= ahead:
            items.append(
                Item(latest, f"{pupil.name} (under 5): EHCP review by {long_date(latest)}")
            )
    deadline = statutory.phase_transfer_deadline(
        pupil.year_group, today, settings.phase_transfer_years, settings.periods
    )
    if deadline is not None and today <= deadline <= ahead:
        items.append(
            Item(deadline, f"{pupil.name}: phase transfer, plan amended by {long_date(deadline)}")
        )
    return items


def _listed(heading: str, items: list[str]) -> list[str]:
    if not items:
        return []
    shown = [f"  • {text}" for text in items[:SHOW_AT_MOST]]
    if len(items) > SHOW_AT_MOST:
        shown.append(f"  … and {len(items) - SHOW_AT_MOST} more")
    return [f"{heading}:", *shown]


def morning_digest(
    facts: SchoolFacts,
    *,
    today: date,
    now: datetime,
    settings: ReminderSettings,
    is_school_day: Callable[[date], bool] = lambda _day: True,
) -> Reply | None:
    """New concerns, advice requests waiting, reviews due soon and what is overdue. Pure."""
    concerns = [
        f"{c.reference} ({'; '.join(p.name for p in c.pupils) or 'no pupil'}), "
        f"raised {long_date(c.raised_on)}"
        for c in facts.concerns
    ]
    advice = [
        f"{r.reference}, waiting {max(0, (now - waiting_since(r)).days)} days" for r in facts.advice
    ]
    soon, late = review_items(facts, today, settings, is_school_day)
    undelivered = [
        f"{n.rule} for {n.recipient}, due {long_date(n.due)}" + (f" ({n.error})" if n.error else "")
        for n in facts.undelivered
    ]
    if not (concerns or advice or soon or late or undelivered):
        return None
    weeks = settings.digest_reviews_ahead_weeks
    counts: tuple[tuple[str, str], ...] = (
        ("New concerns", str(len(concerns))),
        ("Advice requests waiting", str(len(advice))),
        (f"Reviews due in the next {weeks} weeks", str(len(soon))),
        ("Overdue", str(len(late))),
    )
    if undelivered:
        counts += (("Messages the bot could not deliver", str(len(undelivered))),)
    return Reply(
        title=f"Good morning: your SEND digest for {long_date(today)}",
        fields=counts,
        lines=tuple(
            _listed(UNDELIVERED_HEADING, undelivered)
            + _listed("Overdue", [i.text for i in late])
            + _listed("New concerns", concerns)
            + _listed("Advice waiting", advice)
            + _listed(f"Due in the next {weeks} weeks", [i.text for i in soon])
        ),
    )


@dataclass(frozen=True)
class WeekCounts:
    concerns_raised: int = 0
    advice_answered: int = 0
    sessions_logged: int = 0
    reviews_held: int = 0


def week_counts(
    session: Session, *, school_id: int, monday: date, today: date, calendar: SchoolCalendar
) -> WeekCounts:
    start = calendar.at(monday, time(0))
    end = calendar.at(today + timedelta(days=1), time(0))

    def count(query: Select[int]) -> int:
        return session.scalar(query) or 0

    return WeekCounts(
        concerns_raised=count(
            select(func.count(Concern.id)).where(
                Concern.school_id == school_id, Concern.raised_at >= start, Concern.raised_at < end
            )
        ),
        advice_answered=count(
            select(func.count(AdviceRequest.id)).where(
                AdviceRequest.school_id == school_id,
                AdviceRequest.answered_at >= start,
                AdviceRequest.answered_at < end,
            )
        ),
        sessions_logged=count(
            select(func.count(InterventionSession.id))
            .join(Intervention, Intervention.id == InterventionSession.intervention_id)
            .where(
                Intervention.school_id == school_id,
                InterventionSession.held_on.between(monday, today),
            )
        ),
        reviews_held=count(
            select(func.count(Review.id)).where(
                Review.school_id == school_id, Review.held_on.between(monday, today)
            )
        ),
    )


def weekly_summary(
    facts: SchoolFacts,
    counts: WeekCounts,
    *,
    monday: date,
    today: date,
    calendar: SchoolCalendar,
    settings: ReminderSettings,
) -> Reply | None:
    """The week in figures, with what is overdue. Pure."""
    planned = sum(
        len(planned_session_dates(g, monday, today, calendar.is_school_day))
        for g in facts.interventions
    )
    soon, late = review_items(facts, today, settings, calendar.is_school_day)
    t = facts.training
    gaps = sum(
        any(
            s.is_gap and s.state is not TrainingState.EXPIRING
            for s in training_status(t.requirements, t.records.get(p.id, ()), p.roles, today)
        )
        for p in facts.staff.values()
    )
    figures = (
        (counts.concerns_raised + counts.advice_answered + counts.sessions_logged + planned)
        + counts.reviews_held
        + len(soon)
        + len(late)
        + len(facts.concerns)
        + gaps
    )
    if not figures:
        return None
    return Reply(
        title=f"Your SEND week to {long_date(today)}",
        fields=(
            ("Concerns raised", str(counts.concerns_raised)),
            ("Concerns still to acknowledge", str(len(facts.concerns))),
            ("Advice requests answered", str(counts.advice_answered)),
            ("Advice requests waiting", str(len(facts.advice))),
            ("Intervention sessions logged", f"{counts.sessions_logged} of {planned} planned"),
            ("Reviews held", str(counts.reviews_held)),
            (
                f"Reviews due in the next {settings.digest_reviews_ahead_weeks} weeks",
                str(len(soon)),
            ),
            ("Overdue", str(len(late))),
            ("Staff with training expired or missing", str(gaps)),
        ),
        lines=tuple(_listed("Overdue", [i.text for i in late])),
    )


def _within(clock: time, start: time, hours: int) -> bool:
    end = (datetime.combine(date.min, start) + timedelta(hours=hours)).time()
    return start <= clock < end if end > start else clock >= start


def digest_notices(
    session: Session,
    facts: SchoolFacts,
    *,
    now: datetime,
    calendar: SchoolCalendar,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> list[Notice]:
    """The digests due at `now` for one school: none on days without school, none outside
    `digest_catch_up_hours` after their time, one per SENDCO per day or week."""
    local = calendar.local(now)
    today, clock = local.date(), local.time()
    recipients = sendcos(facts)
    if not recipients or not calendar.is_school_day(today):
        return []
    found: list[tuple[str, str, Reply | None]] = []
    if _within(clock, settings.morning_digest_at, settings.digest_catch_up_hours):
        reply = morning_digest(
            facts, today=today, now=now, settings=settings, is_school_day=calendar.is_school_day
        )
        found.append((MORNING_RULE, today.isoformat(), reply))
    last = calendar.last_school_day_of_week(today)
    if last == today and _within(clock, settings.weekly_digest_at, settings.digest_catch_up_hours):
        monday = today - timedelta(days=today.weekday())
        counts = week_counts(
            session, school_id=facts.school_id, monday=monday, today=today, calendar=calendar
        )
        reply = weekly_summary(
            facts, counts, monday=monday, today=today, calendar=calendar, settings=settings
        )
        year, week, _ = today.isocalendar()
        found.append((WEEKLY_RULE, f"{year}-W{week:02d}", reply))
    return [
        Notice(
            key=f"{rule}:{facts.school_id}:{when}:{staff_id}",
            reply=reply,
            on=today,
            rule=rule,
            staff_id=staff_id,
            subject_ref=facts.staff[staff_id].email,
        )
        for rule, when, reply in found
        if reply is not None
        for staff_id in recipients
    ]
