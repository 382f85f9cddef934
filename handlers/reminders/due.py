"""What is due at an instant: every rule over every school's facts (a dry run, no writes).

`sendco-bot reminders --at` prints `as_rows`; the sweep writes the same reminders to the
outbox, so the dry run shows exactly what the bot would send.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.reminders.calendar import SchoolCalendar, load_calendar
from handlers.reminders.facts import load_facts
from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.notices import message, with_missing_sendco_note
from handlers.reminders.rules import RULES, RuleContext
from handlers.reminders.rules.common import sendcos
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from storage.models import OutboxNotice, School


def due_reminders(
    facts: SchoolFacts,
    *,
    now: datetime,
    calendar: SchoolCalendar,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> list[DueReminder]:
    """Every reminder due at `now` for one school, by due date. Pure."""
    ctx = RuleContext(now=now, settings=settings, calendar=calendar)
    found = with_exceptions(
        [reminder for rule in RULES for reminder in rule(facts, ctx)], facts, ctx.today
    )
    sendco_ids = sendcos(facts)
    return sorted(
        (with_missing_sendco_note(r, sendco_ids) for r in found),
        key=lambda r: (r.due, r.rule, r.subject, r.ref),
    )


def with_exceptions(
    reminders: list[DueReminder], facts: SchoolFacts, today: date
) -> list[DueReminder]:
    """A timescale exception recorded against a reminder holds it back until its date, and
    is shown on it with its reason after that. Pure."""
    kept: list[DueReminder] = []
    for reminder in reminders:
        found = facts.exceptions.get((reminder.rule, reminder.ref))
        if found is None:
            kept.append(reminder)
            continue
        reason, until = found
        if until is not None and today < until:
            continue
        note = reason + (f" (held back until {until.isoformat()})" if until else "")
        kept.append(replace(reminder, fields=(*reminder.fields, ("Timescale exception", note))))
    return kept


@dataclass(frozen=True)
class SchoolReminders:
    school_id: int
    school_name: str
    facts: SchoolFacts
    calendar: SchoolCalendar
    reminders: list[DueReminder]


def school_calendar(
    session: Session, school_id: int, settings: ReminderSettings = DEFAULT_SETTINGS
) -> SchoolCalendar:
    return load_calendar(
        session,
        school_id=school_id,
        quiet_start=settings.quiet_hours_start,
        quiet_end=settings.quiet_hours_end,
    )


def reminders_at(
    session: Session,
    *,
    now: datetime,
    settings: ReminderSettings = DEFAULT_SETTINGS,
    school_id: int | None = None,
) -> list[SchoolReminders]:
    """Each school's due reminders at `now` (or just one school's), schools by name."""
    query = select(School.id, School.name).order_by(School.name)
    if school_id is not None:
        query = query.where(School.id == school_id)
    found: list[SchoolReminders] = []
    for sid, name in session.execute(query):
        facts = load_facts(session, school_id=sid)
        calendar = school_calendar(session, sid, settings)
        reminders = due_reminders(facts, now=now, calendar=calendar, settings=settings)
        found.append(SchoolReminders(sid, name, facts, calendar, reminders))
    return found


def as_rows(session: Session, schools: list[SchoolReminders]) -> list[dict[str, Any]]:
    """The JSON shape of design.md ("rule", "subject", "due", "recipients", "message"), with
    "ref", "remind_on", "school" and "outbox" (what became of each recipient's copy so far)."""
    rows: list[dict[str, Any]] = []
    for school in schools:
        statuses = _outbox_statuses(session, school)
        for reminder in school.reminders:
            staff = [school.facts.staff[i] for i in reminder.recipient_ids]
            rows.append(
                {
                    "rule": reminder.rule,
                    "subject": reminder.subject,
                    "due": reminder.due.isoformat(),
                    "recipients": [p.email for p in staff],
                    "message": message(reminder),
                    "ref": reminder.ref,
                    "remind_on": reminder.remind_on.isoformat(),
                    "school": school.school_name,
                    "outbox": {
                        p.email: statuses[reminder.key(p.id)]
                        for p in staff
                        if reminder.key(p.id) in statuses
                    },
                }
            )
    return rows


def _outbox_statuses(session: Session, school: SchoolReminders) -> dict[str, str]:
    keys = [r.key(i) for r in school.reminders for i in r.recipient_ids]
    found: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = session.execute(
            select(OutboxNotice.key, OutboxNotice.status).where(OutboxNotice.key.in_(chunk))
        )
        found.update({key: status for key, status in rows})
    return found
