"""Recording an exception to a statutory timescale against one reminder (SEND Regulations
2014, regs 5(4), 10(4), 13(3) and the like): the reason is kept and shown on the reminder,
which is held back until the date given, if any."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import InvalidInput
from handlers.reminders.rules import RULE_NAMES
from handlers.validation import parse
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form, Outcome, Reply
from storage.codes import AuditAction
from storage.models import DeadlineException


class ExceptionInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str  # the reminder's rule, e.g. assessment_final_plan
    ref: str  # the record, e.g. EHCNA-00003 or R-00012
    reason: str
    until: date | None = None

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Say why the timescale does not apply (e.g. the school was closed)")
        return value.strip()


def exception_form(*, session: Session, actor: Actor) -> Form:
    """An exception to a statutory timescale, against the reminder it holds back."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    return Form(
        action="deadline.exception",
        title="Timescale exception",
        fields=(
            Field("rule", "Which deadline", FieldKind.CHOICE,
                  choices=tuple(Choice(r, r.replace("_", " ")) for r in sorted(RULE_NAMES))),
            Field("ref", "Record reference", FieldKind.SHORT_TEXT,
                  help="As the reminder shows it, e.g. EHCNA-00003 or R-00012."),
            Field("reason", "Why the timescale does not apply", FieldKind.LONG_TEXT,
                  help="e.g. the school was closed for four weeks or more (reg 10(4))."),
            Field("until", "Hold the reminder until", FieldKind.DATE, required=False),
        ),
    )  # fmt: skip


def record_deadline_exception(
    *, session: Session, actor: Actor, data: Mapping[str, Any], now: datetime
) -> Outcome:
    access.require(actor, access.Permission.MANAGE_PLANS)
    form = parse(ExceptionInput, data)
    if form.rule not in RULE_NAMES:
        raise InvalidInput({"rule": f"'{form.rule}' is not a reminder the bot sends"})
    row = session.scalar(
        select(DeadlineException).where(
            DeadlineException.school_id == actor.school_id,
            DeadlineException.rule == form.rule,
            DeadlineException.ref == form.ref.strip().upper(),
        )
    )
    if row is None:
        row = DeadlineException(
            school_id=actor.school_id, rule=form.rule, ref=form.ref.strip().upper()
        )
        session.add(row)
    row.reason, row.until = form.reason, form.until
    row.recorded_on, row.recorded_by_id = school_today(now), actor.staff_id
    session.flush()
    audit.record(
        session, action=AuditAction.UPDATE, entity="deadline_exception", entity_id=row.id,
        school_id=actor.school_id, actor_id=actor.staff_id,
        detail={"rule": row.rule, "ref": row.ref},
    )  # fmt: skip
    held = f", held back until {form.until.isoformat()}" if form.until else ""
    return Outcome(
        reply=Reply(title=f"Timescale exception recorded for {row.ref} ({row.rule}){held}"),
        record_id=row.id,
    )
