"""Concerns about pupils: raised by any member of staff, triaged by the SENDCO.

- forms.py: input models and `Form`s;  workflow.py: pure decisions (transitions, terms,
  early identification);  service.py: logging a concern;  triage.py: the SENDCO's
  steps (status, more information, assign);  reading.py: handlers that read;
  early.py: the graduated-approach prompt;  messaging.py: cards and notices;
  records.py: loading and access checks;  lookups.py: small shared queries and labels.
"""

from handlers.concerns.forms import (
    ConcernInput,
    MoreInfoInput,
    StatusChangeInput,
    concern_form,
    more_info_form,
    status_form,
)
from handlers.concerns.reading import get_concern, list_concerns
from handlers.concerns.service import log_concern
from handlers.concerns.triage import (
    ask_for_more_information,
    assign_concern,
    change_concern_status,
    concern_status_form,
)
from handlers.concerns.workflow import (
    TRANSITIONS,
    RaisedConcern,
    needs_graduated_approach_prompt,
    next_statuses,
    note_required,
    term_bounds,
    transition_problem,
)

__all__ = [
    "TRANSITIONS",
    "ConcernInput",
    "MoreInfoInput",
    "RaisedConcern",
    "StatusChangeInput",
    "ask_for_more_information",
    "assign_concern",
    "change_concern_status",
    "concern_form",
    "concern_status_form",
    "get_concern",
    "list_concerns",
    "log_concern",
    "may_read_concern",
    "more_info_form",
    "needs_graduated_approach_prompt",
    "next_statuses",
    "note_required",
    "status_form",
    "term_bounds",
    "transition_problem",
    "visible_concerns_clause",
]
