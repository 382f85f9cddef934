"""What an action in the catalogue is: one thing a member of staff can do, described once so
that every surface (Slack, Teams, the terminal, the conversation) offers it the same way."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from handlers.access import Permission, allowed
from handlers.reminders.settings import ReminderSettings
from handlers.vocabulary import Actor, Form, Outcome

Ids = Mapping[str, int]
FormBuilder = Callable[[Session, Actor, Ids, datetime], Form]
# A handler called with the catalogue's keywords: session, actor, now, the ids the action
# needs and, for a form, `data` (the submitted values).
Handler = Callable[..., Outcome]


class Kind(StrEnum):
    FORM = "form"  # asks, then saves: a modal, an Adaptive Card, questions in chat
    RUN = "run"  # acts at once on a record (acknowledge, claim, assign)
    SHOW = "show"  # shows a record or a list (read, audited by its handler)


# The record an action works on, by the id its handler takes.
NEEDS = ("pupil_id", "intervention_id", "review_id", "concern_id", "request_id",
         "assessment_id", "notice_id")  # fmt: skip


@dataclass(frozen=True)
class Phrase:
    """A way of asking for the action in conversation. Named groups in `pattern` fill the
    form's fields of the same name (or `ref`: the record's reference); `preset` fills others."""

    pattern: re.Pattern[str]
    preset: Mapping[str, Any] = field(default_factory=dict)


def phrase(pattern: str, **preset: Any) -> Phrase:
    return Phrase(re.compile(pattern, re.IGNORECASE), preset)


@dataclass(frozen=True)
class Action:
    name: str  # the button's action id and the form's `action`, e.g. "intervention.create"
    label: str  # what a person reads on a button or in a menu
    kind: Kind
    handler: Handler
    permission: Permission | None = None  # who is offered it; the handler enforces it again
    needs: str = ""  # the id it takes from a record (one of NEEDS), or "" for none
    form: FormBuilder | None = None
    fixed: Mapping[str, Any] = field(default_factory=dict)  # extra arguments to the handler
    phrases: tuple[Phrase, ...] = ()
    examples: tuple[str, ...] = ()  # what a person might type (help text; checked by tests)
    group: str = ""  # the heading it is listed under in help and menus
    blank: bool | None = None  # may start with no record in hand (default: when it needs none)
    surface_arg: str = ""  # the handler argument that is told which surface it came from
    # Handler arguments from the school's REMINDER_* settings (statutory periods, years).
    configured: Callable[[ReminderSettings], Mapping[str, Any]] | None = None

    def __post_init__(self) -> None:
        assert self.needs in ("", *NEEDS), self.needs
        assert (self.kind is Kind.FORM) == (self.form is not None), self.name

    def offered_to(self, actor: Actor) -> bool:
        return self.permission is None or allowed(actor, self.permission)

    @property
    def starts_blank(self) -> bool:
        """Started with no record in hand: from a menu, a command or a sentence. An action on
        a record may still start blank in conversation, which asks which record first."""
        return not self.needs if self.blank is None else self.blank
