"""Records out from chat: the export form (every kind the person may run, in a format, with a
reason) and its handler, which hands the file back in the reply. Slack uploads it into the
conversation, Teams offers it (an image is shown in the card), the terminal saves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import access
from handlers.concerns.lookups import SCHOOL_PUPILS
from handlers.exports.kinds import KINDS, ExportOptions
from handlers.exports.service import ExportOutcome, run_export
from handlers.pupils.lookup import visible_pupil
from handlers.validation import parse
from handlers.vocabulary import Actor, Attachment, Choice, Field, FieldKind, Form, Outcome, Reply
from storage.models import Intervention

MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
}
FORMAT_LABELS = {"xlsx": "Excel workbook", "csv": "CSV", "json": "JSON"}


def kinds_for(actor: Actor) -> list[str]:
    return [name for name, spec in KINDS.items() if access.allowed(actor, spec.permission)]


def export_form(
    *, session: Session, actor: Actor, pupil_id: int | None = None, now: datetime | None = None
) -> Form:
    """What to export, as what, and why; the pupil for a one-pupil file."""
    kinds = kinds_for(actor)
    if not kinds:
        access.require(actor, access.Permission.EXPORT)  # says who may
    pupil = visible_pupil(session, actor, pupil_id) if pupil_id is not None else None
    initial = str(pupil.id) if pupil is not None else None
    groups = session.scalars(
        select(Intervention.name).where(Intervention.school_id == actor.school_id)
        .order_by(Intervention.name)
    ).all()  # fmt: skip
    return Form(
        action="export.records",
        title="Export records",
        submit_label="Export",
        fields=(
            Field("kind", "What", FieldKind.CHOICE,
                  choices=tuple(Choice(k, f"{k}: {KINDS[k].description}") for k in kinds)),
            Field("format", "Format", FieldKind.CHOICE, initial="xlsx",
                  choices=tuple(Choice(f, label) for f, label in FORMAT_LABELS.items())),
            Field("pupil", "Pupil", FieldKind.PUPIL, required=False, initial=initial,
                  search=SCHOOL_PUPILS,
                  help="For a chronology, transfer pack or subject access copy."),
            Field("group", "Intervention group", FieldKind.CHOICE, required=False,
                  choices=tuple(Choice(g, g) for g in groups),
                  help="For impact: one group (leave empty for every group)."),
            Field("recipient", "Sent to", FieldKind.SHORT_TEXT, required=False,
                  initial=pupil.destination if pupil is not None and pupil.destination else None,
                  help="For a transfer pack: the receiving school or SENDCO."),
            Field("reason", "Why", FieldKind.SHORT_TEXT,
                  help="Why the records are leaving the system and for whom, e.g. 'annual "
                  "review', 'governors' meeting' (kept in the audit trail)."),
        ),
    )  # fmt: skip


class ExportInput(BaseModel):
    model_config = ConfigDict(validate_default=True)

    kind: str
    format: str = "xlsx"
    pupil: int | None = None
    group: str | None = None
    recipient: str = ""
    reason: str = ""

    @field_validator("pupil", "group", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        if isinstance(value, list):
            value = value[0] if value else None
        return None if value in ("", None) else value


def export_records(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    data: Mapping[str, Any],
    impact_min_sessions: int = 6,
    surface: str = "chat",
) -> Outcome:
    """Run the export and hand the file (and, for impact, the chart) back in the reply."""
    given = parse(ExportInput, data)
    outcome = run_export(
        session=session, actor=actor, kind=given.kind, now=now, format=given.format,
        via=surface or "chat",
        options=ExportOptions(
            min_sessions=impact_min_sessions, pupil_id=given.pupil, group=given.group,
            reason=given.reason, recipient=given.recipient,
        ),
    )  # fmt: skip
    return with_files(outcome, given.format)


def with_files(outcome: ExportOutcome, format: str) -> Outcome:
    files = []
    if outcome.content is not None:
        content = outcome.content
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        files.append(Attachment(outcome.filename, data, MEDIA_TYPES[format]))
    if outcome.report is not None and outcome.report.chart is not None:
        name = outcome.filename.rsplit(".", 1)[0] + ".png"
        files.append(Attachment(name, outcome.report.chart, MEDIA_TYPES["png"]))
    reply = outcome.reply
    lines = (*reply.lines, *(f"File: {f.name}" for f in files))
    return Outcome(
        reply=Reply(title=reply.title, fields=reply.fields, lines=lines, files=tuple(files)),
        record_id=outcome.record_id,
    )
