"""Advice requests left waiting: open or claimed for longer than `advice_max_open_hours`,
counting only school days (a Friday request is not late by Sunday). Sent to the SENDCO who
claimed it, else every SENDCO; the decision is `handlers.advice.rules.overdue_advice`."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.advice.rules import overdue_advice, waiting_since
from handlers.reminders.calendar import SchoolCalendar
from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.rules.common import RuleContext, long_date, sendcos

RULE = "advice_unanswered"


def school_time_limit(since: datetime, max_open: timedelta, calendar: SchoolCalendar) -> timedelta:
    """`max_open`, stretched by a day for every day without school it spans."""
    start = calendar.local(since).date()
    limit = max_open
    while True:
        end = calendar.local(since + limit).date()
        closed = (end - start).days - calendar.school_days_between(start, end)
        stretched = max_open + timedelta(days=closed)
        if stretched == limit:
            return limit
        limit = stretched


def advice_unanswered(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    for request in facts.advice:
        since = waiting_since(request)
        limit = school_time_limit(since, ctx.settings.advice_max_open, ctx.calendar)
        if not overdue_advice([request], ctx.now, limit):
            continue
        claimed = request.claimed_by_id
        claimer = (claimed,) if claimed is not None and claimed in facts.staff else ()
        asker = facts.staff.get(request.asked_by_id)
        asked_by = asker.name if asker else "a former member of staff"
        due = ctx.calendar.local(since + limit).date()
        found.append(
            DueReminder(
                rule=RULE,
                subject=asker.email if asker else request.reference,
                ref=request.reference,
                due=due,
                remind_on=ctx.today,
                cycle=since.isoformat(),
                title=f"Advice request {request.reference} from {asked_by} is still waiting",
                fields=(
                    ("Asked by", asked_by),
                    ("Waiting since", long_date(ctx.calendar.local(since).date())),
                ),
                lines=(f"Question: {request.question}",),
                recipient_ids=claimer or sendcos(facts),
                wants_sendco=not claimer,
            )
        )
    return found
