"""The decisions about advice requests, as pure functions: who is waiting since when, which
requests have waited too long, and what a follow-up does to the status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from storage.codes import AdviceStatus
from storage.models import AdviceRequest

# "Two school days", approximated as 48 hours; reminder rules may pass a school-day-aware
# value (a Friday request is then due on Tuesday, not Sunday).
DEFAULT_MAX_OPEN = timedelta(hours=48)

WAITING = frozenset({AdviceStatus.OPEN, AdviceStatus.CLAIMED})

STATUS_LABELS: dict[AdviceStatus, str] = {
    AdviceStatus.OPEN: "waiting for the SENDCO",
    AdviceStatus.CLAIMED: "being looked at",
    AdviceStatus.ANSWERED: "answered",
    AdviceStatus.CLOSED: "closed",
}


def waiting_since(request: AdviceRequest) -> datetime:
    """When the asker last spoke: the question, or their latest follow-up (which reopens an
    answered request and restarts the clock). `request.messages` must be loaded."""
    asker_messages = [m.sent_at for m in request.messages if m.author_id == request.asked_by_id]
    return max([request.asked_at, *asker_messages])


def overdue_advice(
    requests: Iterable[AdviceRequest], now: datetime, max_open: timedelta = DEFAULT_MAX_OPEN
) -> list[AdviceRequest]:
    """The requests still waiting (open or claimed) for longer than `max_open`, longest first."""
    late = [
        r
        for r in requests
        if AdviceStatus(r.status) in WAITING and now - waiting_since(r) > max_open
    ]
    return sorted(late, key=waiting_since)


def status_after_follow_up(
    status: AdviceStatus, *, by_asker: bool, claimed_by_id: int | None
) -> AdviceStatus:
    """An asker's follow-up on an answered request reopens it with the SENDCO who answered
    (claimed), who has the context; back to open only when nobody holds it. Any other
    follow-up leaves the status as it is. Closed requests take no follow-ups (see caller)."""
    if by_asker and status == AdviceStatus.ANSWERED:
        return AdviceStatus.CLAIMED if claimed_by_id is not None else AdviceStatus.OPEN
    return status
