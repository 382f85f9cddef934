"""Doing each platform delivery once: a delivery is claimed by a key (Slack's event id, a Teams
activity id) in its own short transaction before any work; a retry of one already handled finds
the claim and is ignored."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.codes import Platform
from storage.models import ProcessedEvent

KEY_LENGTH = 200


def claim(sessions: sessionmaker[Session], platform: Platform, key: str) -> bool:
    """Record `key` as handled; False when it already was (a repeat delivery)."""
    try:
        with sessions.begin() as session:
            session.add(ProcessedEvent(platform=platform.value, event_key=key[:KEY_LENGTH]))
    except IntegrityError:
        return False
    return True
