"""Records out: exports (the register to a transfer pack), leavers, and retention."""

from __future__ import annotations

from handlers.access import Permission
from handlers.catalogue.adapters import without
from handlers.catalogue.model import Action, Kind, phrase
from handlers.exports.chat import export_form, export_records
from handlers.pupils.leaver_form import leave_from_form, leaver_form
from handlers.retention import PURGE_ACTION, purge_records

ACTIONS = (
    Action(
        "export.records", "Export records", Kind.FORM, without(export_records, "pupil_id"),
        permission=Permission.EXPORT, needs="pupil_id", blank=True, group="Records out",
        surface_arg="surface",
        configured=lambda s: {"impact_min_sessions": s.impact_min_sessions},
        form=lambda s, a, ids, now: export_form(
            session=s, actor=a, pupil_id=ids.get("pupil_id"), now=now
        ),
        phrases=(
            phrase(r"\b(governors'?|head'?s?) (summary|report|figures|numbers)\b", kind="summary"),
            phrase(r"\bsen information report\b", kind="summary"),
            phrase(r"\btransfer (pack|file|record)s?\b", kind="transfer"),
            phrase(r"\b(subject access( request)?|sar)\b", kind="sar"),
            phrase(r"\b(export|download)\b.*\bchronology\b|\bchronology (file|export)\b",
                   kind="chronology"),
            phrase(r"\b(export|download)\b.*\bimpact\b|\bimpact (chart|report|export)s?\b",
                   kind="impact"),
            phrase(r"\b(export|download)\b.*\bprovision map\b", kind="provision-map"),
            phrase(r"\b(export|download)\b.*\bregister\b", kind="register"),
            phrase(r"\b(export|download)\b.*\bconcerns\b", kind="concerns"),
            phrase(r"\b(export|download)\b.*\bsessions\b", kind="sessions"),
            phrase(r"^\s*(export|download)( records| data| a file)?\s*[.!?]*$"),
        ),
        examples=("export the register", "governors' summary", "transfer pack for Ravi",
                  "subject access request for Ravi", "impact chart"),
    ),
    Action(
        "pupil.leave", "Record a leaver", Kind.FORM, without(leave_from_form, "pupil_id"),
        permission=Permission.RECORD_LEAVERS, needs="pupil_id", blank=True, group="Records out",
        configured=lambda s: {"retention_years": s.retention_years},
        form=lambda s, a, ids, now: leaver_form(
            session=s, actor=a, pupil_id=ids.get("pupil_id"), now=now
        ),
        phrases=(
            phrase(r"\b(has )?left (the |our )?school\b(?! early)(?! at)"),
            phrase(r"\b(is|are) (a )?leavers?\b|\brecord (a )?leaver\b"),
            phrase(r"\b(has )?moved (to another|to a new|schools?)\b"),
        ),
        examples=("Ravi has left the school", "record a leaver"),
    ),
    Action(
        "retention.due", "Records past retention", Kind.SHOW, purge_records,
        permission=Permission.RETENTION, group="Records out",
        configured=lambda s: {"retention_years": s.retention_years},
        phrases=(phrase(r"\bretention\b"),
                 phrase(r"\b(expired|old) (leavers'? )?records\b")),
        examples=("which records are past retention?",),
    ),
    Action(
        PURGE_ACTION, "Remove them now", Kind.RUN, purge_records, fixed={"dry_run": False},
        permission=Permission.RETENTION, group="Records out",
        configured=lambda s: {"retention_years": s.retention_years},
    ),
)  # fmt: skip
