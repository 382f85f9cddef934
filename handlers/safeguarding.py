"""Safeguarding: a disclosure or a sign of harm is not a SEND concern.

`report_safeguarding` tells the member of staff, plainly, to follow the school's safeguarding
procedure now and to speak to the DSL(s) in person today, and alerts each DSL at once with a
private notice: who reported, what they wrote, and to contact them now. The notice in the
outbox IS the alert; nothing else is kept: no concern, no pupil link, and an audit event
that holds neither the text nor a pupil.

Anyone acting for the school may report, whatever their roles (safeguarding is everyone's
responsibility), so there is no permission to check. A school with no DSL set up: the reply
says so and sends them to the head teacher, and the head(s) get the alert instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy.orm import Session

from handlers import audit
from handlers.clock import school_time, school_today
from handlers.concerns.lookups import staff_with_role
from handlers.validation import parse
from handlers.vocabulary import Actor, Field, FieldKind, Form, Notice, Outcome, Reply
from storage.codes import AuditAction, Role
from storage.models import Staff

MAX_TEXT = 4000


class SafeguardingInput(BaseModel):
    model_config = ConfigDict(validate_default=True)

    text: str = ""

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        text = str(value or "").strip()
        if not text:
            raise ValueError("Write what you saw or were told, in a few words, for the DSL.")
        if len(text) > MAX_TEXT:
            raise ValueError(
                f"Please keep this under {MAX_TEXT} characters: tell the DSL the rest."
            )
        return text


def safeguarding_form(*, session: Session, actor: Actor) -> Form:
    return Form(
        action="safeguarding.report",
        title="A safeguarding concern",
        submit_label="Alert the DSL",
        fields=(
            Field(
                "text",
                "What did you see or hear?",
                FieldKind.LONG_TEXT,
                help="The DSL gets this at once. Then follow the school's safeguarding "
                "procedure and speak to the DSL in person today.",
            ),
        ),
    )


def _names(staff: list[Staff]) -> str:
    names = [s.display_name for s in staff]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _reporter_reply(dsls: list[Staff], heads: list[Staff], actor: Actor) -> Reply:
    lines = [
        "This sounds like a safeguarding concern, not a SEND concern.",
        "Follow the school's safeguarding procedure now.",
    ]
    if dsls:
        role = "designated safeguarding lead" + ("s" if len(dsls) > 1 else "")
        lines.append(f"Speak to the {role} in person today: {_names(dsls)}.")
        others = [s for s in dsls if s.id != actor.staff_id]
        if others:
            lines.append(f"{_names(others)} {'has' if len(others) == 1 else 'have'} been alerted.")
    else:
        head = f" ({_names(heads)})" if heads else ""
        lines.append(
            "No designated safeguarding lead is set up for your school here: go to the head "
            f"teacher{head} in person now."
        )
        if heads:
            lines.append("The head teacher has been alerted.")
    lines.append("Nothing has been saved as a SEND record.")
    return Reply(title="Follow the safeguarding procedure now", lines=tuple(lines))


def _alert(to: Staff, actor: Actor, text: str, *, event_id: int, now: datetime) -> Notice:
    reporter = actor.display_name or actor.email or f"staff #{actor.staff_id}"
    return Notice(
        key=f"safeguarding:{event_id}:{to.id}",
        reply=Reply(
            title=f"Safeguarding: contact {reporter} now",
            fields=(
                ("Reported by", reporter),
                ("Email", actor.email or "-"),
                ("At", school_time(now)),
            ),
            lines=(
                f"What they wrote: {text}",
                f"Please contact {reporter} now. sendco-bot keeps nothing of this but this alert: "
                "record it in the school's safeguarding system.",
            ),
        ),
        on=school_today(now),
        rule="safeguarding.alert",
        staff_id=to.id,
        subject_ref=f"SG-{event_id:05d}",
    )


def report_safeguarding(
    *, session: Session, actor: Actor, data: SafeguardingInput | Mapping[str, Any], now: datetime
) -> Outcome:
    """Send the reporter to the safeguarding procedure and alert the DSL(s) at once."""
    form = parse(SafeguardingInput, data)
    dsls = staff_with_role(session, actor.school_id, Role.DSL)
    heads = [] if dsls else staff_with_role(session, actor.school_id, Role.HEAD)
    recipients = [s for s in (dsls or heads) if s.id != actor.staff_id]
    event = audit.record(
        session,
        action=AuditAction.CREATE,
        entity="safeguarding_alert",
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"alerted": len(recipients), "to_role": "dsl" if dsls else "head"},
    )
    session.flush()
    notices = [_alert(s, actor, form.text, event_id=event.id, now=now) for s in recipients]
    return Outcome(reply=_reporter_reply(dsls, heads, actor), notices=notices)
