"""Running an export: the access check, the rows, the file, and the audit event, in one call.

The file is rendered and written before the export is audited, in the same transaction: an
export that crashes or cannot be written leaves no audit event claiming it happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import InvalidInput
from handlers.exports.formats import FORMATS
from handlers.exports.kinds import KINDS, ExportOptions
from handlers.exports.table import ExportTable
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction

DEFAULT_OPTIONS = ExportOptions()


def export_rows(*, session: Session, actor: Actor, kind: str, now: datetime) -> ExportTable:
    """The rows of one export of the actor's school (SENDCO or head); audited as EXPORT."""
    return _export(session, actor, kind, now, format_name="")


Writer = Callable[[str | bytes], None]


@dataclass
class ExportOutcome(Outcome):
    table: ExportTable | None = None
    content: str | bytes | None = None  # the rendered file


def run_export(
    *,
    session: Session,
    actor: Actor,
    kind: str,
    now: datetime,
    format: str = "csv",
    write: Writer | None = None,
    via: str = "",
    options: ExportOptions | None = None,
) -> ExportOutcome:
    """`export_rows` rendered in `format`, as a handler outcome for `unit_of_work.perform`.

    `write` (if given) stores the file before the export is audited; `via` says where the
    export came from (e.g. "command line") in the audit trail.
    """
    if format not in FORMATS:
        access.require(actor, access.Permission.EXPORT)
        raise InvalidInput({"format": f"Unknown format '{format}'; use {_choices(FORMATS)}"})
    rendered: list[str | bytes] = []

    def deliver(table: ExportTable) -> None:
        content = FORMATS[format](table)
        if write is not None:
            write(content)
        rendered.append(content)

    table = _export(
        session, actor, kind, now, format_name=format, deliver=deliver, via=via,
        options=options or DEFAULT_OPTIONS,
    )  # fmt: skip
    reply = Reply(
        title=f"Exported {len(table.rows)} {kind} rows",
        fields=(("Kind", kind), ("Format", format)),
    )
    return ExportOutcome(reply=reply, table=table, content=rendered[0])


def _export(
    session: Session,
    actor: Actor,
    kind: str,
    now: datetime,
    *,
    format_name: str,
    deliver: Callable[[ExportTable], None] | None = None,
    via: str = "",
    options: ExportOptions = DEFAULT_OPTIONS,
) -> ExportTable:
    access.require(actor, access.Permission.EXPORT)
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput({"kind": f"Unknown export '{kind}'; choose {_choices(KINDS)}"})
    table = spec.build(session, actor.school_id, options)
    if deliver is not None:
        deliver(table)  # rendered and written first: audit only what really went out
    detail: dict[str, object] = {"rows": len(table.rows), "on": school_today(now).isoformat()}
    if format_name:
        detail["format"] = format_name
    if via:
        detail["via"] = via
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
