"""The sweep: every due reminder and digest written to the outbox once, then delivered.

Writing happens in one transaction per sweep. On PostgreSQL it first takes a
transaction-scoped advisory lock, so with several bot replicas one sweep writes at a time and
the next one sees what the first wrote; on SQLite the database has one writer at a time. The
outbox key is unique besides, so a race can never write a reminder twice: the losing
transaction is retried and finds the rows already there.

Reminders are written only while they can be delivered (a school day, outside quiet hours),
so none wait in the outbox overnight ahead of notices that must go at once. Delivery is
`handlers.delivery.deliver_due`, with a gate that also holds reminders and digests back on
days without school and in quiet hours (a snoozed one, a retry); other notices, such as
safeguarding alerts, are never held.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from handlers import outbox
from handlers.delivery import Channel, DeliveryReport, Gate, deliver_due
from handlers.reminders.calendar import SchoolCalendar
from handlers.reminders.digest import DIGEST_RULES, digest_notices
from handlers.reminders.due import due_reminders, school_calendar
from handlers.reminders.facts import load_facts
from handlers.reminders.model import DueReminder
from handlers.reminders.notices import add_action_buttons, reminder_notices
from handlers.reminders.rules import RULE_NAMES
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from storage.models import OutboxNotice, School

# pg_advisory_xact_lock key meaning "the reminder sweep" (any constant 64-bit number).
SWEEP_LOCK_KEY = 0x5E4DC0B07
WRITE_ATTEMPTS = 3
GATED_RULES = RULE_NAMES | DIGEST_RULES


@dataclass
class SweepReport:
    written: list[str] = field(default_factory=list)  # outbox keys added by this sweep
    delivery: DeliveryReport = field(default_factory=DeliveryReport)


def take_sweep_lock(session: Session) -> None:
    """Wait for any other sweep's transaction to end (PostgreSQL); released at commit."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SWEEP_LOCK_KEY})


def enqueue_reminders(
    session: Session, *, school_id: int, reminders: Sequence[DueReminder]
) -> list[OutboxNotice]:
    """Write each recipient's copy of each reminder not yet in the outbox, with its buttons."""
    notices = [notice for reminder in reminders for notice in reminder_notices(reminder)]
    added = outbox.enqueue(session, school_id=school_id, notices=notices)
    for row in added:
        add_action_buttons(row)
    session.flush()
    return added


def write_due(
    session: Session,
    *,
    now: datetime,
    settings: ReminderSettings = DEFAULT_SETTINGS,
    calendars: dict[int, SchoolCalendar] | None = None,
) -> list[OutboxNotice]:
    """Within the caller's transaction: lock, then write what is due at `now` in every school.
    Each school's calendar is left in `calendars`, for the delivery gate."""
    take_sweep_lock(session)
    added: list[OutboxNotice] = []
    for school_id in list(session.scalars(select(School.id).order_by(School.id))):
        calendar = school_calendar(session, school_id, settings)
        if calendars is not None:
            calendars[school_id] = calendar
        if not calendar.may_deliver(now):
            continue  # written when it can go: nothing piles up in the outbox overnight
        facts = load_facts(session, school_id=school_id)
        reminders = due_reminders(facts, now=now, calendar=calendar, settings=settings)
        added += enqueue_reminders(session, school_id=school_id, reminders=reminders)
        digests = digest_notices(session, facts, now=now, calendar=calendar, settings=settings)
        added += outbox.enqueue(session, school_id=school_id, notices=digests)
    return added


def write_due_reminders(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    settings: ReminderSettings = DEFAULT_SETTINGS,
    calendars: dict[int, SchoolCalendar] | None = None,
) -> list[str]:
    """One transaction writing what is due; a lost race on a key is retried. Returns keys."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with sessions() as session, session.begin():
                rows = write_due(session, now=now, settings=settings, calendars=calendars)
                return [row.key for row in rows]
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS:
                raise
    return []


def delivery_gate(calendars: Mapping[int, SchoolCalendar], fallback: SchoolCalendar) -> Gate:
    """Reminders and digests wait for a school day outside quiet hours; nothing else does."""

    def gate(notice: OutboxNotice, now: datetime) -> bool:
        if notice.rule not in GATED_RULES:
            return True
        return calendars.get(notice.school_id, fallback).may_deliver(now)

    return gate


def reminder_gate(
    sessions: sessionmaker[Session], settings: ReminderSettings = DEFAULT_SETTINGS
) -> Gate:
    """The delivery gate for any caller of `deliver_due` (e.g. an adapter delivering right
    after a handler call), so reminders keep to school hours whoever sends them."""
    with sessions() as session:
        ids = list(session.scalars(select(School.id)))
        calendars = {school_id: school_calendar(session, school_id, settings) for school_id in ids}
    return delivery_gate(calendars, _fallback(settings))


def _fallback(settings: ReminderSettings) -> SchoolCalendar:
    return SchoolCalendar(
        quiet_start=settings.quiet_hours_start, quiet_end=settings.quiet_hours_end
    )


def run_sweep(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    channels: Sequence[Channel],
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> SweepReport:
    """Write what is due at `now`, then deliver whatever in the outbox may go now. Should the
    writing fail, what is already queued (a safeguarding alert, say) is still delivered
    before the error is raised."""
    calendars: dict[int, SchoolCalendar] = {}
    try:
        written = write_due_reminders(sessions, now=now, settings=settings, calendars=calendars)
    except Exception:
        deliver_due(
            sessions,
            channels=channels,
            now=now,
            gate=reminder_gate(sessions, settings),
            limit=settings.delivery_batch,
        )
        raise
    delivery = deliver_due(
        sessions,
        channels=channels,
        now=now,
        gate=delivery_gate(calendars, _fallback(settings)),
        limit=settings.delivery_batch,
    )
    return SweepReport(written=written, delivery=delivery)
