"""Planned intervention sessions not logged by the end of the school day: the group's lead
is nudged (the SENDCO when it has no lead). The day before is looked at too, so a day the
bot was down is not lost; the decision is `handlers.sessions.schedule.sessions_not_logged`."""

from __future__ import annotations

from datetime import date

from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.rules.common import RuleContext, long_date, sendcos
from handlers.sessions.schedule import sessions_not_logged

RULE = "session_not_logged"


def days_to_check(ctx: RuleContext) -> list[date]:
    local = ctx.calendar.local(ctx.now)
    days = [local.date()] if local.time() >= ctx.settings.school_day_ends else []
    day = local.date()
    for _ in range(ctx.settings.session_lookback_school_days):
        day = ctx.calendar.previous_school_day(day)
        days.append(day)
    return days


def unlogged_sessions(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    days = days_to_check(ctx)
    for group in facts.interventions:
        lead = facts.staff.get(group.lead_id) if group.lead_id is not None else None
        ref = f"I-{group.id:05d}"
        for day in days:
            if not sessions_not_logged(group, group.logged_dates, day, ctx.calendar.is_school_day):
                continue
            found.append(
                DueReminder(
                    rule=RULE,
                    subject=lead.email if lead else ref,
                    ref=ref,
                    due=day,
                    remind_on=day,
                    title=f"{group.name}: no session logged for {long_date(day)}",
                    lines=(
                        "If it ran, log it now (who came and for how long); if it did not, "
                        "log why, so the provision map stays true.",
                    ),
                    recipient_ids=(lead.id,) if lead else sendcos(facts),
                    wants_sendco=lead is None,
                )
            )
    return found
