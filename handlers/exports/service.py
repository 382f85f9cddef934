"""Running an export: the access check, the rows, the file, and the audit event, in one call.

The file is rendered and written before the export is audited, in the same transaction: an
export that crashes or cannot be written leaves no audit event claiming it happened. The
audit says who, what (kind, format, rows, the pupil for a one-pupil file, the receiving
school for a transfer pack) and why (the reason given for named data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import InvalidInput
from handlers.exports.formats import FORMATS
from handlers.exports.kinds import KINDS, ExportKind, ExportOptions
from handlers.exports.pupil_files import find_pupil
from handlers.exports.table import ExportReport, ExportTable
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction

DEFAULT_OPTIONS = ExportOptions()
REASON_NEEDED = (
    "Say why these named records are leaving the system (e.g. 'annual review', 'LA "
    "request'): the reason is kept in the audit trail."
)


def export_rows(*, session: Session, actor: Actor, kind: str, now: datetime) -> ExportTable:
    """The rows of one export of the actor's school (SENDCO or head); audited as EXPORT."""
    report, _ = _export(session, actor, kind, now, format_name="", ask_reason=False)
    return report.tables[0]


Writer = Callable[[str | bytes], None]


@dataclass
class ExportOutcome(Outcome):
    table: ExportTable | None = None  # the first (or only) table
    report: ExportReport | None = None
    content: str | bytes | None = None  # the rendered file
    filename: str = ""  # a name for the file: kind, pupil or group, date, format


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
    ask_reason: bool = True,
) -> ExportOutcome:
    """`export_rows` rendered in `format`, as a handler outcome for `unit_of_work.perform`.

    `write` (if given) stores the file before the export is audited; `via` says where the
    export came from (e.g. "command line") in the audit trail. `ask_reason`: refuse named
    data without a reason (chat always asks; the command line only when it can prompt).
    """
    if format not in FORMATS:
        access.require(actor, access.Permission.EXPORT)
        raise InvalidInput({"format": f"Unknown format '{format}'; use {_choices(FORMATS)}"})
    rendered: list[str | bytes] = []

    def deliver(report: ExportReport) -> None:
        content = FORMATS[format](report)
        if write is not None:
            write(content)
        rendered.append(content)

    report, used = _export(
        session, actor, kind, now, format_name=format, deliver=deliver, via=via,
        options=options or DEFAULT_OPTIONS, ask_reason=ask_reason,
    )  # fmt: skip
    noun = "rows" if report.single else f"rows in {len(report.tables)} tables"
    fields = [("Kind", kind), ("Format", format)]
    if report.chart is not None:
        fields.append(("Chart", "entry and exit per pupil (PNG)"))
    reply = Reply(title=f"Exported {report.rows} {kind} {noun}", fields=tuple(fields))
    return ExportOutcome(
        reply=reply,
        table=report.tables[0],
        report=report,
        content=rendered[0],
        filename=_filename(kind, used, now, format),
    )


def _export(
    session: Session,
    actor: Actor,
    kind: str,
    now: datetime,
    *,
    format_name: str,
    deliver: Callable[[ExportReport], None] | None = None,
    via: str = "",
    options: ExportOptions = DEFAULT_OPTIONS,
    ask_reason: bool = True,
) -> tuple[ExportReport, ExportOptions]:
    """The export, and the options as resolved (a pupil's UPN names the file)."""
    spec = KINDS.get(kind)
    if spec is None:
        access.require(actor, access.Permission.EXPORT)
        raise InvalidInput({"kind": f"Unknown export '{kind}'; choose {_choices(KINDS)}"})
    access.require(actor, spec.permission)
    reason = " ".join(options.reason.split())[:500]
    if spec.named and ask_reason and not reason:
        raise InvalidInput({"reason": REASON_NEEDED})
    today = school_today(now)
    options = replace(options, today=today)
    pupil_id: int | None = None
    if spec.per_pupil:
        pupil = find_pupil(
            session, actor.school_id, pupil_id=options.pupil_id, upn=options.pupil_upn
        )
        access.require_pupil_visible(session, actor, pupil.id)
        pupil_id = pupil.id
        options = replace(options, pupil_id=pupil.id, pupil_upn=pupil.upn)
    report = ExportReport.of(spec.build(session, actor, options))
    if deliver is not None:
        deliver(report)  # rendered and written first: audit only what really went out
    audit.record(
        session,
        action=AuditAction.EXPORT,
        entity=f"export:{kind}",
        entity_id=pupil_id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail=_detail(spec, report, options, today.isoformat(), format_name, via, reason),
    )
    return report, options


def _detail(
    spec: ExportKind,
    report: ExportReport,
    options: ExportOptions,
    on: str,
    format_name: str,
    via: str,
    reason: str,
) -> dict[str, object]:
    detail: dict[str, object] = {"rows": report.rows, "on": on}
    if format_name:
        detail["format"] = format_name
    if via:
        detail["via"] = via
    if spec.named or reason:
        detail["reason"] = reason or "not given"
    if options.group:
        detail["group"] = options.group
    if spec.per_pupil:
        detail["pupil"] = f"pupil:{options.pupil_id}"
    if options.recipient:
        detail["recipient"] = options.recipient[:200]
    if report.chart is not None:
        detail["chart"] = True
    return detail


def _filename(kind: str, options: ExportOptions, now: datetime, format: str) -> str:
    about = options.pupil_upn or (options.group or "").strip().replace(" ", "-").lower()
    parts = [kind, about, school_today(now).isoformat()]
    return "-".join(p for p in parts if p) + f".{format}"


def _choices(names: Iterable[str]) -> str:
    return ", ".join(names)
