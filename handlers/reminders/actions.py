"""Snooze or mark done, from the buttons on the reminder itself ("reminder.snooze" and
"reminder.done", valued with the outbox row id). Only the person the reminder went to, or
a SENDCO of the school, may do either. A snoozed reminder comes back when the snooze ends
(the delivery loop picks it up); one marked done is never sent again, since its key stays
in the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers.clock import school_time
from handlers.errors import Conflict, Denied, InvalidInput, NotFound
from handlers.reminders.due import school_calendar
from handlers.reminders.notices import DONE_ACTION, SNOOZE_ACTION
from handlers.reminders.rules import RULE_NAMES
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import AuditAction, OutboxStatus, Role
from storage.models import OutboxNotice


def _reminder(session: Session, actor: Actor, notice_id: int) -> OutboxNotice:
    row = session.get(OutboxNotice, notice_id)
    if row is None or row.rule not in RULE_NAMES:
        raise NotFound("There is no such reminder (it may have been removed).")
    if row.school_id != actor.school_id:
        raise Denied("That reminder belongs to another school.", entity="reminder")
    if row.recipient_id != actor.staff_id and Role.SENDCO not in actor.roles:
        raise Denied(
            "Only the person this reminder was sent to, or the SENDCO, can snooze it or mark "
            "it done.",
            entity="reminder",
            entity_id=row.id,
        )
    return row


def _record(session: Session, actor: Actor, row: OutboxNotice, detail: dict[str, str]) -> None:
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="reminder",
        entity_id=row.id,
        school_id=row.school_id,
        actor_id=actor.staff_id,
        detail={"rule": row.rule, **detail},
    )


def snooze_reminder(
    *,
    session: Session,
    actor: Actor,
    notice_id: int,
    now: datetime,
    until: datetime | None = None,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> Outcome:
    """Bring the reminder back at `until`, or by default at the start of the school day
    `snooze_school_days` school days on."""
    row = _reminder(session, actor, notice_id)
    if row.status == OutboxStatus.DONE.value:
        raise Conflict("That reminder is already marked done: it won't come back.")
    if row.status == OutboxStatus.SENDING.value:
        raise Conflict("That reminder is being delivered right now: try again in a minute.")
    if until is not None and until <= now:
        raise InvalidInput({"until": "Choose a time after now"})
    calendar = school_calendar(session, row.school_id, settings)
    if until is None:
        day = calendar.add_school_days(calendar.local(now).date(), settings.snooze_school_days)
        until = calendar.at(day, settings.quiet_hours_end)
    until = calendar.next_delivery_time(until)
    row.status = OutboxStatus.SNOOZED.value
    row.snoozed_until = until
    _record(session, actor, row, {"snoozed_until": until.isoformat()})
    when = school_time(until, calendar.timezone)
    return Outcome(reply=Reply(title=f"Snoozed: it will come back at {when}."), record_id=row.id)


def mark_reminder_done(*, session: Session, actor: Actor, notice_id: int, now: datetime) -> Outcome:
    """Stop this reminder for good (it stays in the outbox, so it is never written again)."""
    row = _reminder(session, actor, notice_id)
    if row.status == OutboxStatus.DONE.value:
        return Outcome(reply=Reply(title="Already marked done."), record_id=row.id)
    row.status = OutboxStatus.DONE.value
    row.snoozed_until = None
    _record(session, actor, row, {"done_at": now.isoformat()})
    return Outcome(
        reply=Reply(title="Marked done: you won't be reminded about this again."),
        record_id=row.id,
    )


OPEN_REMINDER = tuple(s.value for s in OutboxStatus if s is not OutboxStatus.DONE)
LISTED = 10


def my_reminders(*, session: Session, actor: Actor, now: datetime) -> Outcome:
    """The reminders written for this person that are not yet marked done, soonest first,
    each with its Done and Snooze buttons (how the terminal reaches them)."""
    rows = session.scalars(
        select(OutboxNotice)
        .where(
            OutboxNotice.school_id == actor.school_id,
            OutboxNotice.recipient_id == actor.staff_id,
            OutboxNotice.rule.in_(sorted(RULE_NAMES)),
            OutboxNotice.status.in_(OPEN_REMINDER),
        )
        .order_by(OutboxNotice.due_on, OutboxNotice.id)
        .limit(LISTED)
    ).all()
    if not rows:
        return Outcome(reply=Reply(title="You have no reminders waiting."))
    lines = tuple(f"{i}. {row.message.splitlines()[0]} (due {row.due_on:%-d %b})"
                  for i, row in enumerate(rows, 1))  # fmt: skip
    buttons = tuple(
        button
        for i, row in enumerate(rows, 1)
        for button in (
            Button(DONE_ACTION, f"Done {i}", str(row.id), "primary"),
            Button(SNOOZE_ACTION, f"Snooze {i}", str(row.id)),
        )
    )
    return Outcome(reply=Reply(title=f"Your reminders ({len(rows)})", lines=lines, buttons=buttons))
