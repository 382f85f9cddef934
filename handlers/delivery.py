"""Delivering the outbox: each notice goes out through the first channel that can carry it
(Slack, Teams, email ...), then is marked delivered.

The row is claimed (status `sending`, a lease and a claim token) and committed before
anything is sent. Just before sending, the deliverer checks in a transaction of its own that
the claim is still its own and renews the lease; a deliverer that was held up past its lease
(and whose notice another deliverer has taken over) therefore never sends it again. Channels
never wait on a long Retry-After: they raise `RetryLater` and the notice goes back with a
`not_before`. A crash between sending and marking leaves that one row claimed; when its lease
runs out it is sent again, so at most that notice can go twice and none is ever lost.

Failures back off. After `MAX_ATTEMPTS` the notice is `failed`: it appears in the SENDCO's
digest and `sendco-bot status` as undelivered, and is still tried every hour, so it goes out
when the platform recovers. Two deliverers never claim the same row: on PostgreSQL rows are
claimed with FOR UPDATE SKIP LOCKED; on SQLite a transaction holds the write lock.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from storage.codes import OutboxStatus
from storage.database import retry_locked
from storage.models import OutboxNotice, Staff

DEFAULT_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
UNDELIVERABLE_RETRY = timedelta(hours=1)


class Channel(Protocol):
    """One way of reaching people. Adapters in `bot/` implement it; handlers never import them."""

    name: str

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        """Can this channel carry the notice (the recipient is linked, the channel exists)?"""
        ...

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        """Deliver it, or raise (`RetryLater` when the platform asks to wait).
        Returning means the platform confirmed."""
        ...


class Reconciling(Protocol):
    """A channel that can tell whether a notice already reached the platform (Slack keeps the
    outbox key in the message's metadata). Asked only when a deliverer takes over a claim
    whose lease ran out, so a deliverer killed between sending and marking causes no repeat."""

    def already_delivered(self, notice: OutboxNotice, recipient: Staff | None) -> bool: ...


class RetryLater(Exception):
    """The platform asked us to come back later (HTTP 429 with Retry-After): not a failure."""

    def __init__(self, after: timedelta, reason: str = "rate limited") -> None:
        super().__init__(f"{reason}; retry after {int(after.total_seconds())} s")
        self.after = after


@dataclass
class DeliveryReport:
    delivered: list[str] = field(default_factory=list)  # outbox keys
    failed: dict[str, str] = field(default_factory=dict)  # key -> error, will be retried
    gave_up: list[str] = field(default_factory=list)  # now reported as undeliverable
    deferred: list[str] = field(default_factory=list)  # the platform asked us to wait
    lost_claim: list[str] = field(default_factory=list)  # another deliverer took them over
    waiting: int = 0  # due but no channel can carry them yet (or held back by the gate)


Gate = Callable[[OutboxNotice, datetime], bool]
Clock = Callable[[], datetime]


def _always(_notice: OutboxNotice, _now: datetime) -> bool:
    return True


def _due(now: datetime, lease: timedelta) -> ColumnElement[bool]:
    ready = or_(OutboxNotice.not_before.is_(None), OutboxNotice.not_before <= now)
    return or_(
        and_(
            OutboxNotice.status == OutboxStatus.PENDING.value,
            OutboxNotice.due_on <= now.date(),
            ready,
        ),
        and_(
            OutboxNotice.status == OutboxStatus.SNOOZED.value,
            OutboxNotice.snoozed_until <= now,
        ),
        and_(
            OutboxNotice.status == OutboxStatus.SENDING.value,
            OutboxNotice.claimed_at <= now - lease,
        ),
        and_(OutboxNotice.status == OutboxStatus.FAILED.value, ready),
    )


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failure, at most an hour."""
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), UNDELIVERABLE_RETRY)


def _claim(
    session: Session,
    *,
    channels: Sequence[Channel],
    now: datetime,
    lease: timedelta,
    limit: int,
    gate: Gate,
) -> tuple[list[tuple[int, str, str, bool]], int]:
    """Claim up to `limit` due notices that a channel can carry and the gate lets through.

    Reads due rows page by page, so notices nothing can carry yet (a recipient with no
    platform, a reminder held for quiet hours) never hide the ones behind them.
    Returns (notice id, channel name, claim token, taken over from a lapsed lease) per claim.
    """
    claimed: list[tuple[int, str, str, bool]] = []
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
            token = str(uuid.uuid4())
            resumed = notice.status == OutboxStatus.SENDING.value
            notice.status = OutboxStatus.SENDING.value
            notice.claimed_at = now
            notice.claim_token = token
            notice.attempts += 1
            claimed.append((notice.id, channel.name, token, resumed))
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
    clock: Clock | None = None,
) -> DeliveryReport:
    """Send what is due now through `channels`; returns what happened to each notice.

    `clock` tells the time as sending goes on (leases are renewed and back-offs counted from
    it); by default it runs on from `now` at the pace of the real clock.
    """
    started = time.monotonic()
    clock = clock or (lambda: now + timedelta(seconds=time.monotonic() - started))
    report = DeliveryReport()

    def claim() -> tuple[list[tuple[int, str, str, bool]], int]:
        with sessions() as session, session.begin():
            return _claim(session, channels=channels, now=now, lease=lease, limit=limit, gate=gate)

    claimed, report.waiting = retry_locked(claim)
    by_name = {c.name: c for c in channels}
    for notice_id, channel_name, token, resumed in claimed:
        _send_one(sessions, notice_id, token, resumed, by_name[channel_name], clock, report)
    return report


def _still_mine(sessions: sessionmaker[Session], notice_id: int, token: str, at: datetime) -> bool:
    """Renew the lease if the claim is still ours; False if another deliverer took it over."""

    def renew() -> bool:
        with sessions() as session, session.begin():
            row = session.scalar(
                select(OutboxNotice).where(OutboxNotice.id == notice_id).with_for_update()
            )
            if row is None or row.claim_token != token:
                return False
            if row.status != OutboxStatus.SENDING.value:
                return False
            row.claimed_at = at
            return True

    return retry_locked(renew)


def _send_one(
    sessions: sessionmaker[Session],
    notice_id: int,
    token: str,
    resumed: bool,
    channel: Channel,
    clock: Clock,
    report: DeliveryReport,
) -> None:
    with sessions() as session:  # read, then let go: no transaction is held while sending
        notice = session.get(OutboxNotice, notice_id)
        assert notice is not None
        recipient = _recipient(session, notice)
    key = notice.key
    if not _still_mine(sessions, notice_id, token, clock()):
        report.lost_claim.append(key)
        return
    try:
        check = getattr(channel, "already_delivered", None) if resumed else None
        if not (check is not None and check(notice, recipient)):
            channel.send(notice, recipient)
    except RetryLater as wait:
        _hand_back(sessions, notice_id, token, clock() + wait.after, str(wait))
        report.deferred.append(key)
        return
    except Exception as error:  # any platform failure: keep the notice, retry later
        _record_failure(sessions, notice_id, error, clock(), report, key)
        return

    def mark() -> None:
        with sessions() as session, session.begin():
            row = session.get(OutboxNotice, notice_id)
            assert row is not None
            row.status = OutboxStatus.DELIVERED.value
            row.delivered_at = clock()
            row.claim_token = None
            row.last_error = ""

    retry_locked(mark)
    report.delivered.append(key)


def _hand_back(
    sessions: sessionmaker[Session], notice_id: int, token: str, not_before: datetime, why: str
) -> None:
    def work() -> None:
        with sessions() as session, session.begin():
            row = session.get(OutboxNotice, notice_id)
            assert row is not None
            if row.claim_token != token:
                return
            row.status = OutboxStatus.PENDING.value
            row.claim_token = None
            row.not_before = not_before
            row.attempts = max(0, row.attempts - 1)  # waiting as asked is not a failure
            row.last_error = why[:500]

    retry_locked(work)


def _record_failure(
    sessions: sessionmaker[Session],
    notice_id: int,
    error: Exception,
    at: datetime,
    report: DeliveryReport,
    key: str,
) -> None:
    def work() -> None:
        with sessions() as session, session.begin():
            row = session.get(OutboxNotice, notice_id)
            assert row is not None
            row.last_error = f"{type(error).__name__}: {error}"[:500]
            row.claim_token = None
            if row.attempts >= MAX_ATTEMPTS:
                row.status = OutboxStatus.FAILED.value
                row.not_before = at + UNDELIVERABLE_RETRY
                report.gave_up.append(key)
            else:
                row.status = OutboxStatus.PENDING.value
                row.not_before = at + backoff(row.attempts)
                report.failed[key] = row.last_error

    retry_locked(work)
