"""Rate limits without oversleeping: slack_sdk's retry handler sleeps for whatever Retry-After
Slack sends. A short wait is worth it; a long one (Slack may say 5 minutes) would hold an
outbox claim past its lease and let another deliverer send the same notice. So the client
waits only for short Retry-Afters, and the outbox channel turns a long one into `RetryLater`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from handlers.delivery import RetryLater

MAX_WAIT_SECONDS = 20  # well inside the outbox lease, even with every retry taken
DEFAULT_RETRY_AFTER = 60


def retry_after_seconds(headers: Mapping[str, Any] | None) -> int | None:
    """Retry-After from a response's headers (values may be strings or lists of them)."""
    for name, value in (headers or {}).items():
        if name.lower() != "retry-after":
            continue
        first = value[0] if isinstance(value, list | tuple) and value else value
        try:
            return max(0, int(str(first).strip()))
        except ValueError:
            return None
    return None


class ShortRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Retries a 429 only when Slack asks for a short wait."""

    def __init__(self, max_retry_count: int, max_wait_seconds: int = MAX_WAIT_SECONDS) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait_seconds = max_wait_seconds

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        assert response is not None
        wait = retry_after_seconds(response.headers)
        return wait is not None and wait <= self.max_wait_seconds


def as_retry_later(error: SlackApiError) -> RetryLater | None:
    """A 429 that the client did not wait out, as the outbox's "come back later"."""
    if getattr(error.response, "status_code", None) != 429:
        return None
    wait = retry_after_seconds(getattr(error.response, "headers", None))
    return RetryLater(timedelta(seconds=DEFAULT_RETRY_AFTER if wait is None else wait))
