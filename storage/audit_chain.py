"""A hash chain over the audit trail on SQLite, where nothing stops the owner of the file from
editing it: each row carries sha-256(previous row's hash + this row), so a row changed,
removed or slipped in behind the app's back breaks the chain at that row.

Rows get consecutive ids and their hashes in `before_flush`, inside the writing transaction;
on SQLite every transaction holds the write lock from its start (storage.database), so two
writers never chain to the same row. PostgreSQL needs no chain: there the app's database role
may only INSERT and SELECT on audit_events (migration 0003).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from storage.models import AuditEvent
from storage.models.base import utcnow

GENESIS = "0" * 64


def row_hash(previous: str, row: AuditEvent) -> str:
    at = row.at.astimezone(UTC) if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    body = [
        previous,
        row.id,
        at.isoformat(timespec="microseconds"),
        row.action,
        row.entity,
        row.entity_id,
        row.school_id,
        row.actor_id,
        row.detail or {},
    ]
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@event.listens_for(Session, "before_flush")
def _chain_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new or session.get_bind().dialect.name != "sqlite":
        return
    last = session.execute(
        select(AuditEvent.id, AuditEvent.chain_hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    last_id, previous = (last[0], last[1] or GENESIS) if last else (0, GENESIS)
    for row in new:
        last_id += 1
        row.id = last_id
        row.at = row.at or utcnow()
        row.detail = row.detail or {}
        row.chain_hash = previous = row_hash(previous, row)


@dataclass(frozen=True)
class ChainReport:
    rows: int
    chained: int
    first_broken_id: int | None  # None: intact
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify(rows: Iterable[AuditEvent]) -> ChainReport:
    """Walk the trail in id order; the first row whose hash does not follow is the break.

    Rows written before the chain began (no hash, before any hashed row) are counted apart.
    """
    previous, count, chained, started = GENESIS, 0, 0, False
    for row in rows:
        count += 1
        if row.chain_hash is None and not started:
            continue
        started = True
        expected = row_hash(previous, row)
        if row.chain_hash != expected:
            reason = (
                "no hash: added outside sendco-bot"
                if row.chain_hash is None
                else "its content or the row before it was changed, removed or inserted"
            )
            return ChainReport(count, chained, row.id, reason)
        chained += 1
        previous = expected
    return ChainReport(count, chained, None)


def verify_session(session: Session) -> ChainReport:
    return verify(session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000))


def chain_applies(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
