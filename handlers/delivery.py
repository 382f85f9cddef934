"""Delivering the outbox: each notice goes out through the first channel that can carry it
(Slack, Teams, email ...), then is marked delivered.

The row is claimed (status `sending`, with a lease) and committed before anything is sent,
and marked `delivered` in a second commit after the platform confirms. A crash between the
two leaves only that row claimed; when its lease runs out it is sent again, so at most that
one notice can go twice and none is ever lost. Two deliverers never claim the same row: on
PostgreSQL rows are claimed with FOR UPDATE SKIP LOCKED; SQLite has one writer at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from storage.codes import OutboxStatus
from storage.models import OutboxNotice, Staff

DEFAULT_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8


class Channel(Protocol):
    """One way of reaching people. Adapters in `bot/` implement it; handlers never import them."""

    name: str

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        """Can this channel carry the notice (the recipient is linked, the channel exists)?"""
        ...

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        """Deliver it, or raise. Returning means the platform confirmed."""
        ...


@dataclass
class DeliveryReport:
    delivered: list[str] = field(default_factory=list)  # outbox keys
    failed: dict[str, str] = field(default_factory=dict)  # key -> error, will be retried
    gave_up: list[str] = field(default_factory=list)
    waiting: int = 0  # due but no channel can carry them yet (or held back by the gate)


Gate = Callable[[OutboxNotice, datetime], bool]


def _always(_notice: OutboxNotice, _now: datetime) -> bool:
    return True


def _due(now: datetime, lease: timedelta) -> ColumnElement[bool]:
    return or_(
        and_(OutboxNotice.status == OutboxStatus.PENDING.value, OutboxNotice.due_on <= now.date()),
        and_(
            OutboxNotice.status == OutboxStatus.SNOOZED.value,
            OutboxNotice.snoozed_until <= now,
        ),
        and_(
            OutboxNotice.status == OutboxStatus.SENDING.value,
            OutboxNotice.claimed_at <= now - lease,
        ),
    )


def _claim(
    session: Session,
    *,
    channels: Sequence[Channel],
    now: datetime,
    lease: timedelta,
    limit: int,
    gate: Gate,
) -> tuple[list[tuple[int, str]], int]:
    """Claim up to `limit` due notices that a channel can carry and the gate lets through.

    Reads due rows page by page, so notices nothing can carry yet (a recipient with no
    platform, a reminder held for quiet hours) never hide the ones behind them.
    """
    claimed: list[tuple[int, str]] = []
    waiting = 0
    after = 0
    while len(claimed) < limit:
        page = session.scalars(
            select(OutboxNotice)
            .where(_due(now, lease), OutboxNotice.id > after)
            .order_by(OutboxNotice.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        if not page:
            break
        for notice in page:
            after = notice.id
            recipient = _recipient(session, notice)
            channel = next((c for c in channels if c.accepts(notice, recipient)), None)
            if channel is None or not gate(notice, now):
                waiting += 1
                continue
            notice.status = OutboxStatus.SENDING.value
            notice.claimed_at = now
            notice.attempts += 1
            claimed.append((notice.id, channel.name))
            if len(claimed) == limit:
                break
    return claimed, waiting


def _recipient(session: Session, notice: OutboxNotice) -> Staff | None:
    if notice.recipient_id is None:
        return None
    return session.scalar(
        select(Staff).where(Staff.id == notice.recipient_id).options(selectinload(Staff.identities))
    )


def deliver_due(
    sessions: sessionmaker[Session],
    *,
    channels: Sequence[Channel],
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 100,
    gate: Gate = _always,
) -> DeliveryReport:
    """Send what is due now through `channels`; returns what happened to each notice."""
    report = DeliveryReport()
    with sessions() as session, session.begin():
        claimed, report.waiting = _claim(
            session, channels=channels, now=now, lease=lease, limit=limit, gate=gate
        )
    by_name = {c.name: c for c in channels}
    for notice_id, channel_name in claimed:
        _send_one(sessions, notice_id, by_name[channel_name], now, report)
    return report


def _send_one(
    sessions: sessionmaker[Session],
    notice_id: int,
    channel: Channel,
    now: datetime,
    report: DeliveryReport,
) -> None:
    with sessions() as session:
        notice = session.get(OutboxNotice, notice_id)
        assert notice is not None
        recipient = _recipient(session, notice)
        key = notice.key
        try:
            channel.send(notice, recipient)
        except Exception as error:  # any platform failure: keep the notice, retry later
            session.rollback()
            _record_failure(sessions, notice_id, error, report, key)
            return
    with sessions() as session, session.begin():
        row = session.get(OutboxNotice, notice_id)
        assert row is not None
        row.status = OutboxStatus.DELIVERED.value
        row.delivered_at = now
        row.last_error = ""
    report.delivered.append(key)


def _record_failure(
    sessions: sessionmaker[Session],
    notice_id: int,
    error: Exception,
    report: DeliveryReport,
    key: str,
) -> None:
    with sessions() as session, session.begin():
        row = session.get(OutboxNotice, notice_id)
        assert row is not None
        row.last_error = f"{type(error).__name__}: {error}"[:500]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = OutboxStatus.FAILED.value
            report.gave_up.append(key)
        else:
            row.status = OutboxStatus.PENDING.value
            report.failed[key] = row.last_error
