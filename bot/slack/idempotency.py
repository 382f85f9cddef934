"""Doing each Slack delivery once.

Events API deliveries are claimed by `event_id` before anything else happens (a Bolt
middleware, in the request's own thread, before the acknowledgement): a retry of one Slack
already sent (X-Slack-Retry-Num, or Socket Mode's retry_attempt) finds the claim and stops.
Modal submissions are claimed by view id and hash inside the handler's own transaction
(`Once`), so a submission refused for a mistake can be fixed and sent again, and a double
submit saves once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.idempotency import KEY_LENGTH
from handlers.idempotency import claim as claim_once
from handlers.vocabulary import Outcome, Reply
from storage.codes import Platform
from storage.models import ProcessedEvent

log = logging.getLogger(__name__)


def claim(sessions: sessionmaker[Session], key: str) -> bool:
    """Record a Slack delivery's `key` as handled; False when it already was."""
    return claim_once(sessions, Platform.SLACK, key)


def event_key(body: dict[str, Any]) -> str | None:
    """The idempotency key of an Events API delivery, or None for other requests."""
    if body.get("type") != "event_callback" or not body.get("event_id"):
        return None
    return f"event:{body.get('team_id', '')}:{body['event_id']}"


def dedupe_events(
    sessions: sessionmaker[Session],
) -> Callable[..., BoltResponse | None]:
    """A Bolt middleware that acknowledges a repeated event and goes no further."""

    def middleware(body: dict[str, Any], next_: Callable[[], BoltResponse]) -> BoltResponse | None:
        key = event_key(body)
        if key is None or claim(sessions, key):
            return next_()
        log.info("Ignored a repeat delivery of Slack event %s", body.get("event_id"))
        return BoltResponse(status=200, body="")

    return middleware


class Once:
    """Wraps a handler so that, inside its transaction, it first claims `key`: the claim lands
    with the handler's work or not at all. A key already claimed makes it a no-op."""

    def __init__(self, key: str) -> None:
        self.key = key[:KEY_LENGTH]
        self.repeat = False

    def __call__(self, handler: Callable[..., Outcome]) -> Callable[..., Outcome]:
        @functools.wraps(handler)
        def run(*, session: Session, **kwargs: Any) -> Outcome:
            done = session.scalar(
                select(ProcessedEvent.id).where(
                    ProcessedEvent.platform == Platform.SLACK.value,
                    ProcessedEvent.event_key == self.key,
                )
            )
            if done is not None:
                self.repeat = True
                return Outcome(reply=Reply(title="That was already saved."))
            session.add(ProcessedEvent(platform=Platform.SLACK.value, event_key=self.key))
            session.flush()
            return handler(session=session, **kwargs)

        return run
