"""The neutral vocabulary between handlers and platform adapters (../shared/design.md).

`Actor` says who acts; `Form` what to ask; `Reply` what to show; `Notice` what to push to
someone else. Adapters render these as Block Kit, Adaptive Cards or terminal text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from storage.codes import Role


@dataclass(frozen=True)
class Actor:
    """Who is acting, resolved by an adapter from a platform identity via the staff table."""

    staff_id: int
    school_id: int
    roles: frozenset[Role]
    email: str = ""
    display_name: str = ""

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


class FieldKind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    DATE = "date"
    NUMBER = "number"
    PUPIL = "pupil"  # one or more pupils, chosen from those the actor may see
    STAFF = "staff"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind
    required: bool = True
    help: str = ""
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    initial: str | list[str] | None = None
    # Options looked up as the person types (handlers.pickers.SEARCHES names the lookup),
    # instead of listed in `choices`: a whole school's pupils are too many to list.
    search: str = ""


@dataclass(frozen=True)
class Form:
    """What to ask for. `action` names the handler that takes the submitted values."""

    action: str
    title: str
    fields: tuple[Field, ...]
    submit_label: str = "Save"


class Privacy(StrEnum):
    PRIVATE = "private"  # only the person it answers
    CHANNEL = "channel"  # may be seen by a channel: no pupil names


@dataclass(frozen=True)
class Button:
    action: str  # e.g. "concern.acknowledge"
    label: str
    value: str = ""  # what the handler needs back, e.g. the record id
    style: str = ""  # "primary" | "danger" | ""


@dataclass(frozen=True)
class Attachment:
    """A file a reply carries: an export, a transfer pack, a chart. Slack uploads it into the
    conversation, Teams shows an image in the card (or offers the file), the terminal saves
    it and says where. Never part of a notice: files go only to the person who asked."""

    name: str
    content: bytes
    media_type: str  # e.g. "image/png", "text/csv"

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class Reply:
    """What to show. `fields` are label/value pairs; `lines` free text below them."""

    title: str
    lines: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    buttons: tuple[Button, ...] = ()
    privacy: Privacy = Privacy.PRIVATE
    ok: bool = True
    files: tuple[Attachment, ...] = ()

    def text(self) -> str:
        parts = [self.title]
        parts += [f"{label}: {value}" for label, value in self.fields]
        parts += list(self.lines)
        return "\n".join(parts)


@dataclass(frozen=True)
class Notice:
    """Something to push to a person (by staff id) or to a role's channel, after the commit.

    `key` makes the notice idempotent: the same key is delivered once.
    """

    key: str
    reply: Reply
    on: date  # the school day it is due (today for immediate notices)
    rule: str = "notice"  # what produced it, e.g. "concern.status" or a reminder rule
    staff_id: int | None = None
    channel: str = ""  # "triage" for the SENDCO's triage channel, "dsl" for safeguarding
    subject_ref: str = ""  # a record reference such as C-00012, never a pupil name


@dataclass
class Outcome:
    """What a handler returns: a reply to the actor, notices for others, the record touched."""

    reply: Reply
    notices: list[Notice] = field(default_factory=list)
    record_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field name -> problem, on bad input

    @property
    def ok(self) -> bool:
        return self.reply.ok


def reply_from_payload(payload: Mapping[str, Any]) -> Reply:
    """A `Reply` back from an outbox row's payload (`dataclasses.asdict(reply)`)."""
    return Reply(
        title=str(payload.get("title", "")),
        lines=tuple(str(line) for line in payload.get("lines", ())),
        fields=tuple((str(label), str(value)) for label, value in payload.get("fields", ())),
        buttons=tuple(
            Button(
                action=str(b.get("action", "")),
                label=str(b.get("label", "")),
                value=str(b.get("value", "")),
                style=str(b.get("style", "")),
            )
            for b in payload.get("buttons", ())
        ),
        privacy=Privacy(payload.get("privacy", Privacy.PRIVATE.value)),
        ok=bool(payload.get("ok", True)),
    )
