"""Pupil records, chronologies and reminders."""

from __future__ import annotations

from handlers.catalogue.model import Action, Kind, phrase
from handlers.overview import chronology
from handlers.pupils.record import get_pupil_record
from handlers.reminders.actions import mark_reminder_done, my_reminders, snooze_reminder
from handlers.reminders.notices import DONE_ACTION, SNOOZE_ACTION

ACTIONS = (
    Action(
        "pupil.open", "Open the record", Kind.SHOW, get_pupil_record,
        needs="pupil_id", group="Pupils",
        examples=("show me Ravi's record",),
    ),
    Action(
        "pupil.chronology", "Full chronology", Kind.SHOW, chronology,
        needs="pupil_id", group="Pupils",
        phrases=(phrase(r"\b(chronology|timeline|full history)\b"),),
        examples=("Ravi's chronology",),
    ),
    Action(
        "reminder.mine", "My reminders", Kind.SHOW, my_reminders, group="Reminders",
        phrases=(phrase(r"\bmy reminders\b"), phrase(r"\bwhat('s| is) (due|coming up) for me\b")),
        examples=("my reminders",),
    ),
    Action(DONE_ACTION, "Done", Kind.RUN, mark_reminder_done, needs="notice_id",
           group="Reminders"),
    Action(SNOOZE_ACTION, "Snooze", Kind.RUN, snooze_reminder, needs="notice_id",
           group="Reminders"),
)  # fmt: skip
