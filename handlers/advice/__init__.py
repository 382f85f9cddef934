"""Advice requests: any member of staff asks the SENDCO, who claims, answers and closes.

- forms.py: input models and `Form`s;  rules.py: pure decisions (overdue, reopening);
  service.py: handlers that write;  reading.py: the queue and one thread;
  messaging.py: cards and notices;  records.py: loading and access checks.
"""

from handlers.advice.forms import (
    AdviceInput,
    AdviceMessageInput,
    advice_form,
    answer_form,
    follow_up_form,
)
from handlers.advice.reading import get_advice, list_advice_queue, queue_requests
from handlers.advice.rules import (
    DEFAULT_MAX_OPEN,
    overdue_advice,
    status_after_follow_up,
    waiting_since,
)
from handlers.advice.service import (
    answer_advice,
    ask_advice,
    claim_advice,
    close_advice,
    follow_up_advice,
)

__all__ = [
    "DEFAULT_MAX_OPEN",
    "AdviceInput",
    "AdviceMessageInput",
    "advice_form",
    "answer_advice",
    "answer_form",
    "ask_advice",
    "claim_advice",
    "close_advice",
    "follow_up_advice",
    "follow_up_form",
    "get_advice",
    "list_advice_queue",
    "overdue_advice",
    "queue_requests",
    "status_after_follow_up",
    "waiting_since",
]
