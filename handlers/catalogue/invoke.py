"""Calling an action: open its form, take its submission, or run it. Each is itself a handler
(session, actor, …) so surfaces run it through `handlers.unit_of_work.perform` like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from handlers.errors import HandlerError
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from handlers.vocabulary import Actor, Form, Outcome

if TYPE_CHECKING:
    from handlers.catalogue.model import Action, Ids


class CatalogueError(HandlerError):
    """An action that does not exist, or a record it needs that was not given."""


def find(name: str) -> Action:
    from handlers.catalogue import CATALOGUE

    action = CATALOGUE.get(name)
    if action is None:
        raise CatalogueError("That button or command is out of date: open the record again.")
    return action


def _ids(action: Action, ids: Ids) -> dict[str, int]:
    if action.needs and action.needs not in ids and not action.starts_blank:
        raise CatalogueError(f"{action.label}: which record? Open it from the record itself.")
    return {action.needs: int(ids[action.needs])} if action.needs in ids else {}


def open_form(*, session: Session, actor: Actor, action: str, ids: Ids, now: datetime) -> Form:
    found = find(action)
    if found.form is None:
        raise CatalogueError(f"{found.label} has no form.")
    _ids(found, ids)
    return found.form(session, actor, ids, now)


def submit_form(
    *,
    session: Session,
    actor: Actor,
    action: str,
    ids: Ids,
    data: Mapping[str, Any],
    now: datetime,
    surface: str = "",
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> Outcome:
    found = find(action)
    extra: dict[str, Any] = {found.surface_arg: surface} if found.surface_arg and surface else {}
    return found.handler(
        session=session, actor=actor, now=now, data=data, **_ids(found, ids), **found.fixed,
        **extra, **_configured(found, settings),
    )  # fmt: skip


def run_action(
    *,
    session: Session,
    actor: Actor,
    action: str,
    ids: Ids,
    now: datetime,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> Outcome:
    """A button or command that acts at once or shows something."""
    found = find(action)
    if found.form is not None:
        raise CatalogueError(f"{found.label} needs a form.")
    return found.handler(
        session=session, actor=actor, now=now, **_ids(found, ids), **found.fixed,
        **_configured(found, settings),
    )  # fmt: skip


def _configured(action: Action, settings: ReminderSettings) -> dict[str, Any]:
    """The school's configured periods and years (REMINDER_* settings) for handlers that
    work out statutory dates, so a changed setting reaches them as it reaches the reminders."""
    return dict(action.configured(settings)) if action.configured is not None else {}
