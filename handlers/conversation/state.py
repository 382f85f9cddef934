"""Conversation state in the database: a restart mid-conversation loses nothing, and an
idle conversation expires."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.codes import Platform
from storage.models import ConversationState

DEFAULT_IDLE = timedelta(minutes=30)


def load(
    session: Session, *, platform: Platform, key: str, staff_id: int, now: datetime
) -> tuple[dict[str, Any] | None, bool]:
    """(state, expired): the live state, or None; `expired` when an old one was dropped."""
    row = session.scalar(
        select(ConversationState).where(
            ConversationState.platform == platform.value,
            ConversationState.conversation_key == key,
        )
    )
    if row is None:
        return None, False
    if row.staff_id != staff_id or row.expires_at <= now:
        session.delete(row)
        session.flush()
        return None, row.staff_id == staff_id
    return dict(row.state), False


def waiting(
    session: Session, *, platform: Platform, key: str, staff_id: int, now: datetime
) -> bool:
    """Is this person's conversation under `key` waiting for an answer? (Reads only.)"""
    found = session.scalar(
        select(ConversationState.id).where(
            ConversationState.platform == platform.value,
            ConversationState.conversation_key == key,
            ConversationState.staff_id == staff_id,
            ConversationState.expires_at > now,
        )
    )
    return found is not None


def save(
    session: Session,
    *,
    platform: Platform,
    key: str,
    staff_id: int,
    state: dict[str, Any],
    now: datetime,
    idle: timedelta = DEFAULT_IDLE,
) -> None:
    row = session.scalar(
        select(ConversationState).where(
            ConversationState.platform == platform.value,
            ConversationState.conversation_key == key,
        )
    )
    if row is None:
        row = ConversationState(platform=platform.value, conversation_key=key, staff_id=staff_id)
        session.add(row)
    row.state = state
    row.updated_at = now
    row.expires_at = now + idle
    session.flush()


def clear(session: Session, *, platform: Platform, key: str) -> None:
    session.execute(
        delete(ConversationState).where(
            ConversationState.platform == platform.value,
            ConversationState.conversation_key == key,
        )
    )
