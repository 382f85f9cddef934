"""How a due reminder reads, and its notices: one per recipient, keyed so it is sent once.

Every reminder carries "Done" and "Snooze" buttons whose value is its outbox row id (known
only once the row is written, so they are added to the stored payload then), and "Open
record" when it is about one pupil.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from handlers.reminders.model import DueReminder
from handlers.vocabulary import Button, Notice, Reply
from storage.models import OutboxNotice

DONE_ACTION = "reminder.done"
SNOOZE_ACTION = "reminder.snooze"
NO_SENDCO = (
    "Nobody holds the SENDCO role at this school, so this reminder has no one to go to: "
    "import staff with the sendco role (sendco-bot import staff FILE.csv)."
)


def reminder_reply(reminder: DueReminder, *, outbox_id: int | None = None) -> Reply:
    buttons: list[Button] = []
    if outbox_id is not None:
        buttons += [
            Button(DONE_ACTION, "Done", str(outbox_id), "primary"),
            Button(SNOOZE_ACTION, "Snooze", str(outbox_id)),
        ]
    if reminder.pupil_id is not None:
        buttons.append(Button("pupil.open", "Open record", str(reminder.pupil_id)))
    return Reply(
        title=reminder.title,
        fields=reminder.fields,
        lines=reminder.lines,
        buttons=tuple(buttons),
    )


def message(reminder: DueReminder) -> str:
    return reminder_reply(reminder).text()


def with_missing_sendco_note(reminder: DueReminder, sendco_ids: tuple[int, ...]) -> DueReminder:
    """Say so in the reminder itself when it should reach a SENDCO and the school has none."""
    if not reminder.wants_sendco or sendco_ids:
        return reminder
    return replace(reminder, lines=(*reminder.lines, NO_SENDCO))


def reminder_notices(reminder: DueReminder) -> list[Notice]:
    reply = reminder_reply(reminder)
    return [
        Notice(
            key=reminder.key(staff_id),
            reply=reply,
            on=reminder.remind_on,
            rule=reminder.rule,
            staff_id=staff_id,
            subject_ref=reminder.subject,
        )
        for staff_id in reminder.recipient_ids
    ]


def add_action_buttons(row: OutboxNotice) -> None:
    """Put Done/Snooze, valued with the row's own id, first among the stored buttons."""
    payload = dict(row.payload)
    own = [
        asdict(Button(DONE_ACTION, "Done", str(row.id), "primary")),
        asdict(Button(SNOOZE_ACTION, "Snooze", str(row.id))),
    ]
    payload["buttons"] = own + list(payload.get("buttons", []))
    row.payload = payload
