"""Notices go into the outbox in the same transaction as the change that caused them, so a
crash can never lose one; adapters deliver from the outbox and mark each one delivered."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.vocabulary import Notice
from storage.models import OutboxNotice


def enqueue(session: Session, *, school_id: int, notices: list[Notice]) -> list[OutboxNotice]:
    """Add each notice not already queued under its key; return the rows added."""
    if not notices:
        return []
    keys = [n.key for n in notices]
    existing = set(session.scalars(select(OutboxNotice.key).where(OutboxNotice.key.in_(keys))))
    added: list[OutboxNotice] = []
    for notice in notices:
        if notice.key in existing:
            continue
        existing.add(notice.key)
        row = OutboxNotice(
            key=notice.key,
            school_id=school_id,
            rule=notice.rule,
            subject=notice.subject_ref,
            due_on=notice.on,
            recipient_id=notice.staff_id,
            channel=notice.channel,
            message=notice.reply.text(),
            payload={k: v for k, v in asdict(notice.reply).items() if k != "files"},
        )
        session.add(row)
        added.append(row)
    session.flush()
    return added
