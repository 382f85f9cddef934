"""Channels for tests: one that records what it delivers, one that dies after a send."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from storage.models import OutboxNotice, Staff


@dataclass(frozen=True)
class Sent:
    key: str
    rule: str
    recipient_id: int | None
    at: datetime
    payload: dict[str, object]


class Crash(BaseException):
    """The process dying between sending and marking: nothing catches it."""


class RecordingChannel:
    name = "recording"

    def __init__(self, *, crash_after: int | None = None) -> None:
        self.sent: list[Sent] = []
        self.now: datetime | None = None  # set by the test before each sweep
        self.crash_after = crash_after
        self._lock = threading.Lock()

    def accepts(self, notice: OutboxNotice, recipient: Staff | None) -> bool:
        return recipient is not None

    def send(self, notice: OutboxNotice, recipient: Staff | None) -> None:
        with self._lock:
            assert self.now is not None
            self.sent.append(
                Sent(notice.key, notice.rule, notice.recipient_id, self.now, dict(notice.payload))
            )
            if self.crash_after is not None and len(self.sent) >= self.crash_after:
                raise Crash()

    def sent_keys(self) -> list[str]:
        return [s.key for s in self.sent]
