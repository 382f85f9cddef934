"""One catalogue of what staff can do with the bot. Every surface renders it: Slack (buttons,
modals, App Home, `/sen`, the shortcut), the terminal and the conversation (numbered choices,
forms asked field by field, phrases) and Teams. Adding an action here makes it appear on all
of them; tests/catalogue proves each action reachable from each surface.
"""

from __future__ import annotations

from handlers.catalogue.entries import groups, plans, records, records_out, training, triage
from handlers.catalogue.invoke import (
    CatalogueError,
    open_form,
    run_action,
    submit_form,
)
from handlers.catalogue.model import Action, Ids, Kind, Phrase

ACTIONS: tuple[Action, ...] = (
    *triage.ACTIONS,
    *plans.ACTIONS,  # before groups: "put Ravi on SEN support" is not a group called that
    *records_out.ACTIONS,  # before groups, records: "left the school", "export … chronology"
    *groups.ACTIONS,
    *records.ACTIONS,
    *training.ACTIONS,
)
CATALOGUE: dict[str, Action] = {action.name: action for action in ACTIONS}
assert len(CATALOGUE) == len(ACTIONS), "two actions share a name"

__all__ = [
    "ACTIONS",
    "CATALOGUE",
    "Action",
    "CatalogueError",
    "Ids",
    "Kind",
    "Phrase",
    "open_form",
    "run_action",
    "submit_form",
]
