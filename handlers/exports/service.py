"""Running an export: the access check, the rows, and the audit event, in one call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import InvalidInput
from handlers.exports.formats import FORMATS
from handlers.exports.kinds import KINDS
from handlers.exports.table import ExportTable
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction


def export_rows(*, session: Session, actor: Actor, kind: str, now: datetime) -> ExportTable:
    """The rows of one export of the actor's school (SENDCO or head); audited as EXPORT."""
    return _export(session, actor, kind, now, format_name="")


@dataclass
class ExportOutcome(Outcome):
    table: ExportTable | None = None


def run_export(
    *, session: Session, actor: Actor, kind: str, now: datetime, format: str = "csv"
) -> ExportOutcome:
    """`export_rows` as a handler outcome, for `unit_of_work.perform` and chat commands."""
    if format not in FORMATS:
        access.require(actor, access.Permission.EXPORT)
        raise InvalidInput({"format": f"Unknown format '{format}'; use {_choices(FORMATS)}"})
    table = _export(session, actor, kind, now, format_name=format)
    reply = Reply(
        title=f"Exported {len(table.rows)} {kind} rows",
        fields=(("Kind", kind), ("Format", format)),
    )
    return ExportOutcome(reply=reply, table=table)


def _export(
    session: Session, actor: Actor, kind: str, now: datetime, *, format_name: str
) -> ExportTable:
    access.require(actor, access.Permission.EXPORT)
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput({"kind": f"Unknown export '{kind}'; choose {_choices(KINDS)}"})
    table = spec.build(session, actor.school_id)
    detail: dict[str, object] = {"rows": len(table.rows), "on": school_today(now).isoformat()}
    if format_name:
        detail["format"] = format_name
    audit.record(
        session,
        action=AuditAction.EXPORT,
        entity=f"export:{kind}",
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail=detail,
    )
    return table


def _choices(names: Iterable[str]) -> str:
    return ", ".join(names)
