"""Reminders that keep the school inside the law: reviews, statutory deadlines, training,
advice, sessions and concerns (../shared/domain.md for the periods).

- settings.py: every period, lead time and hour;  calendar.py: school days and quiet hours;
  model.py: facts and due reminders;  facts.py: loading them;  rules/: one pure module per
  family;  due.py: what is due at an instant (the dry run);  notices.py: how a reminder
  reads;  sweep.py: writing to the outbox once and delivering;  digest.py: the SENDCO's
  morning digest and weekly summary;  actions.py: snooze and done.
"""

from handlers.reminders.actions import mark_reminder_done, snooze_reminder
from handlers.reminders.calendar import SchoolCalendar, load_calendar
from handlers.reminders.digest import DIGEST_RULES, digest_notices
from handlers.reminders.due import as_rows, due_reminders, reminders_at, school_calendar
from handlers.reminders.facts import load_facts
from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.notices import DONE_ACTION, SNOOZE_ACTION
from handlers.reminders.rules import RULE_NAMES, RULES
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from handlers.reminders.sweep import SweepReport, reminder_gate, run_sweep, write_due_reminders

__all__ = [
    "DEFAULT_SETTINGS",
    "DIGEST_RULES",
    "DONE_ACTION",
    "RULES",
    "RULE_NAMES",
    "SNOOZE_ACTION",
    "DueReminder",
    "ReminderSettings",
    "SchoolCalendar",
    "SchoolFacts",
    "SweepReport",
    "as_rows",
    "digest_notices",
    "due_reminders",
    "load_calendar",
    "load_facts",
    "mark_reminder_done",
    "reminder_gate",
    "reminders_at",
    "run_sweep",
    "school_calendar",
    "snooze_reminder",
    "write_due_reminders",
]
