"""What every rule shares: the moment it is asked about, and small pure helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from handlers import statutory
from handlers.concerns.lookups import year_label
from handlers.plans.common import plan_ref
from handlers.reminders.calendar import SchoolCalendar
from handlers.reminders.model import DueReminder, PlanFacts, ReviewFacts, SchoolFacts
from handlers.reminders.settings import ReminderSettings
from handlers.statutory import StatutoryPeriods
from storage.codes import PlanKind, ReviewKind, ReviewStatus, Role


@dataclass(frozen=True)
class RuleContext:
    """The instant a rule is asked about, with the calendar and settings to judge it by."""

    now: datetime  # aware
    settings: ReminderSettings
    calendar: SchoolCalendar

    @property
    def today(self) -> date:
        return self.calendar.local(self.now).date()

    @property
    def periods(self) -> StatutoryPeriods:
        return self.settings.periods

    def raised(self, target: date, *, days: int = 0, weeks: int = 0) -> date:
        """The school day a reminder that far ahead of `target` is raised (never later)."""
        return self.calendar.raise_on(target, timedelta(days=days, weeks=weeks))

    def reached(self, remind_on: date) -> bool:
        return remind_on <= self.today


Rule = Callable[[SchoolFacts, RuleContext], list[DueReminder]]


def week_cycle(day: date) -> str:
    """A reminder's cycle for "once a week until it is done": the ISO week of `day`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def long_date(day: date) -> str:
    """ "Thu 12 Mar 2026" """
    return f"{day:%a} {day.day} {day:%b %Y}"


def pupil_line(name: str, year_group: int) -> str:
    """ "Ravi Shah (Year 2)": private reminders only."""
    return f"{name} ({year_label(year_group)})"


def sendcos(facts: SchoolFacts) -> tuple[int, ...]:
    return facts.with_role(Role.SENDCO.value)


def together(*groups: Iterable[int]) -> tuple[int, ...]:
    """Recipients without repeats, in the order first named."""
    seen: dict[int, None] = {}
    for group in groups:
        for staff_id in group:
            seen.setdefault(staff_id, None)
    return tuple(seen)


# --- when a plan's next review falls ------------------------------------------------------

ANNUAL_KINDS = frozenset({ReviewKind.EHCP_ANNUAL.value, ReviewKind.PHASE_TRANSFER.value})
EHCP_KINDS = ANNUAL_KINDS | {ReviewKind.EHCP_INTERIM.value}
REVIEW_KINDS: dict[str, frozenset[str]] = {
    PlanKind.SEN_SUPPORT.value: frozenset({ReviewKind.SEN_SUPPORT.value}),
    PlanKind.EHCP.value: ANNUAL_KINDS,
    PlanKind.HEALTH_CARE.value: frozenset({ReviewKind.HEALTH_CARE.value}),
    PlanKind.PEP.value: frozenset({ReviewKind.PEP.value}),
}


def scheduled_review(plan: PlanFacts, kinds: frozenset[str] | None = None) -> ReviewFacts | None:
    """The plan's earliest scheduled review of `kinds` (its own kinds by default)."""
    wanted = REVIEW_KINDS[plan.kind] if kinds is None else kinds
    scheduled = [
        r for r in plan.reviews if r.status == ReviewStatus.SCHEDULED.value and r.kind in wanted
    ]
    return min(scheduled, key=lambda r: (r.due_on, r.id)) if scheduled else None


def last_reviewed(plan: PlanFacts) -> date | None:
    """The last review held: recorded reviews of the plan's kinds, or the imported date."""
    held = [
        r.held_on
        for r in plan.reviews
        if r.held_on is not None and r.kind in REVIEW_KINDS[plan.kind]
    ]
    known = [d for d in (*held, plan.last_reviewed_on) if d is not None]
    return max(known) if known else None


def next_review_due(plan: PlanFacts, periods: StatutoryPeriods) -> date:
    """When the plan must next be reviewed: a scheduled review says; else the plan's own due
    date (set when the last review was recorded); else the statutory or termly period from
    the last review, or from the start (how imported plans get their first reminders)."""
    review = scheduled_review(plan)
    if review is not None:
        return review.due_on
    last = last_reviewed(plan)
    if plan.review_due_on is not None and (last is None or plan.review_due_on > last):
        return plan.review_due_on
    if plan.kind == PlanKind.EHCP.value:
        return statutory.next_annual_review_due(plan.started_on, last, periods)
    since = last or plan.started_on
    if plan.kind == PlanKind.SEN_SUPPORT.value:
        return statutory.sen_support_review_due(since, periods)
    if plan.kind == PlanKind.HEALTH_CARE.value:
        return statutory.health_care_review_due(since, periods)
    return statutory.pep_review_due(since, periods)


def plan_reviews_due(facts: SchoolFacts, periods: StatutoryPeriods) -> list[tuple[PlanFacts, date]]:
    """Every active plan whose next review can be dated, with that date, earliest first: the
    dates the review reminders use, so `status`, the SENDCO's "reviews due" and the reminders
    never disagree."""
    dated = [(plan, next_review_due(plan, periods)) for plan in facts.plans if has_dates(plan)]
    return sorted(dated, key=lambda item: (item[1], item[0].pupil.name, item[0].id))


def plans_of(facts: SchoolFacts, kind: PlanKind, *, undated: bool = False) -> list[PlanFacts]:
    """The school's active plans of `kind`; those with no date to count a review from (see
    `has_dates`) only when `undated` (rules that need no dates, such as phase transfer)."""
    return [p for p in facts.plans if p.kind == kind.value and (undated or has_dates(p))]


def has_dates(plan: PlanFacts) -> bool:
    """Can a review date be worked out? Not for a plan imported without its start date and
    never reviewed or scheduled since (the `plan_date_missing` rule asks for the date)."""
    return not plan.date_unknown or bool(last_reviewed(plan) or scheduled_review(plan))


def plan_review_reminders(
    facts: SchoolFacts,
    ctx: RuleContext,
    *,
    kind: PlanKind,
    rule: str,
    lead: timedelta,
    plan_name: str,
    advice: str,
) -> list[DueReminder]:
    """To the SENDCO, `lead` before each `kind` plan's review falls due, unless a meeting for
    it is already booked (Health Care Plans, PEPs)."""
    found: list[DueReminder] = []
    for plan in plans_of(facts, kind):
        booked = scheduled_review(plan)
        if booked is not None and booked.meeting_on is not None:
            continue
        due = next_review_due(plan, ctx.periods)
        remind_on = ctx.raised(due, days=lead.days)
        if not ctx.reached(remind_on):
            continue
        pupil = plan.pupil
        found.append(
            DueReminder(
                rule=rule,
                subject=pupil.upn,
                ref=plan_ref(plan.id),
                due=due,
                remind_on=remind_on,
                title=f"{plan_name} review for {pupil.name} due by {long_date(due)}",
                fields=(
                    ("Pupil", pupil_line(pupil.name, pupil.year_group)),
                    ("Review due by", long_date(due)),
                ),
                lines=(advice,),
                recipient_ids=sendcos(facts),
                pupil_id=pupil.id,
                wants_sendco=True,
            )
        )
    return found
