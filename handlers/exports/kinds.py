"""What each export holds: one builder per kind, registered in `KINDS` with who may run it.

In the school-wide tables pupils appear by UPN and staff by email, never by name, so a file
can be matched against the MIS. The one-pupil files (chronology, transfer pack, subject
access copy) are the pupil's record and name them; the governors' summary names nobody.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers.access import Permission
from handlers.exports.charts import impact_chart
from handlers.exports.impact_rows import impact_groups, impact_table
from handlers.exports.lookups import school_upns, staff_emails
from handlers.exports.provision_map import provision_map_table
from handlers.exports.pupil_files import (
    chronology_report,
    find_pupil,
    sar_report,
    transfer_report,
)
from handlers.exports.summary import summary_report
from handlers.exports.table import ExportReport, ExportTable
from handlers.pupils.labels import year_label
from handlers.register import register_rows
from handlers.vocabulary import Actor
from storage.models import (
    Concern,
    Intervention,
    InterventionSession,
    Pupil,
    SessionAttendance,
)


@dataclass(frozen=True)
class ExportOptions:
    """What one export is of (a pupil, a group), why, and the school's settings for it."""

    # Pupils who attended fewer sessions than this are marked, not counted, in impact figures.
    min_sessions: int = 6
    pupil_id: int | None = None  # chronology, transfer, sar: from a form ...
    pupil_upn: str | None = None  # ... or from the command line
    group: str | None = None  # impact: one group by name (default: every group)
    reason: str = ""  # why named data is leaving the system (audited)
    recipient: str = ""  # transfer: the receiving school or SENDCO (audited)
    today: date | None = None  # set by the export service from its clock


Built = ExportTable | ExportReport
RowBuilder = Callable[[Session, Actor, ExportOptions], Built]


@dataclass(frozen=True)
class ExportKind:
    name: str
    description: str
    build: RowBuilder
    permission: Permission = Permission.EXPORT
    named: bool = True  # holds pupils' identities: a reason is asked for and audited
    per_pupil: bool = False  # is of one pupil (--pupil UPN)


REGISTER_COLUMNS = (
    "upn",
    "first_name",
    "last_name",
    "year_group",
    "class_name",
    "sen_status",
    "primary_need",
    "secondary_need",
    "ehcp_issued_on",
    "last_review_on",
    "next_review_due",
)

CONCERN_COLUMNS = (
    "reference",
    "raised_at",
    "observed_on",
    "raised_by",
    "pupils",
    "areas",
    "urgency",
    "status",
    "assigned_to",
    "observed",
    "tried",
    "status_history",
)

SESSION_COLUMNS = (
    "reference",
    "intervention",
    "programme",
    "held_on",
    "duration_minutes",
    "logged_by",
    "present",
    "absent",
    "notes",
    "rating",
)


def register_table(session: Session, actor: Actor, _options: ExportOptions) -> ExportTable:
    """The SEN register: pupils with K or E, census codes and review dates."""
    rows = [
        (
            r.upn,
            r.first_name,
            r.last_name,
            year_label(r.year_group),
            r.class_name,
            r.sen_status,
            r.primary_need,
            r.secondary_need,
            r.ehcp_issued_on,
            r.last_review_on,
            r.next_review_due,
        )
        for r in register_rows(session, school_id=actor.school_id)
    ]
    return ExportTable("register", REGISTER_COLUMNS, rows)


def concerns_table(session: Session, actor: Actor, _options: ExportOptions) -> ExportTable:
    """Every concern, with its pupils (UPNs), areas and status history as a JSON list."""
    school_id = actor.school_id
    upns, emails = school_upns(session, school_id), staff_emails(session, school_id)
    concerns = session.scalars(
        select(Concern)
        .where(Concern.school_id == school_id)
        .options(
            selectinload(Concern.pupils),
            selectinload(Concern.areas),
            selectinload(Concern.history),
        )
        .order_by(Concern.id)
    )
    rows = []
    for c in concerns:
        history = [
            {
                "at": change.changed_at.isoformat(),
                "from": change.from_status,
                "to": change.to_status,
                "by": emails.get(change.changed_by_id or 0, ""),
                "note": change.note,
            }
            for change in c.history
        ]
        rows.append(
            (
                c.reference,
                c.raised_at,
                c.observed_on,
                emails.get(c.raised_by_id, ""),
                ";".join(sorted(upns[p.pupil_id] for p in c.pupils)),
                ";".join(sorted(a.area for a in c.areas)),
                c.urgency,
                c.status,
                emails.get(c.assigned_to_id or 0, ""),
                c.observed,
                c.tried,
                json.dumps(history, ensure_ascii=False),
            )
        )
    return ExportTable("concerns", CONCERN_COLUMNS, rows)


def sessions_table(session: Session, actor: Actor, _options: ExportOptions) -> ExportTable:
    """Every intervention session, with who was there (UPNs) and who missed it and why."""
    school_id = actor.school_id
    upns, emails = school_upns(session, school_id), staff_emails(session, school_id)
    found = session.execute(
        select(InterventionSession, Intervention)
        .join(Intervention, Intervention.id == InterventionSession.intervention_id)
        .where(Intervention.school_id == school_id)
        .order_by(InterventionSession.held_on, InterventionSession.id)
    ).all()
    # One query for every session's attendance (not one per batch of sessions).
    attendance: dict[int, list[SessionAttendance]] = {}
    for mark in session.scalars(
        select(SessionAttendance)
        .join(InterventionSession, InterventionSession.id == SessionAttendance.session_id)
        .join(Intervention, Intervention.id == InterventionSession.intervention_id)
        .where(Intervention.school_id == school_id)
    ):
        attendance.setdefault(mark.session_id, []).append(mark)
    rows = []
    for held, group in found:
        marks = attendance.get(held.id, [])
        present = sorted(upns[a.pupil_id] for a in marks if a.present)
        absent = sorted(
            f"{upns[a.pupil_id]}: {a.absence_reason.replace(';', ',')}"
            for a in marks
            if not a.present
        )
        rows.append(
            (
                f"S-{held.id:05d}",
                group.name,
                group.programme,
                held.held_on,
                held.duration_minutes,
                emails.get(held.logged_by_id or 0, ""),
                ";".join(present),
                ";".join(absent),
                held.notes,
                held.rating,
            )
        )
    return ExportTable("sessions", SESSION_COLUMNS, rows)


def provision_map(session: Session, actor: Actor, options: ExportOptions) -> ExportTable:
    return provision_map_table(session, actor.school_id, min_sessions=options.min_sessions)


def impact_report(session: Session, actor: Actor, options: ExportOptions) -> ExportReport:
    """One row per pupil per group (`--group` for one), and the chart of entry and exit."""
    groups = impact_groups(session, actor.school_id, options.group)
    table, summaries = impact_table(session, groups, min_sessions=options.min_sessions)
    return ExportReport("impact", (table,), chart=impact_chart(summaries))


def summary(session: Session, actor: Actor, options: ExportOptions) -> ExportReport:
    return summary_report(session, actor.school_id, options.today or date.today())


def _of_pupil(
    make: Callable[[Session, Actor, Pupil], ExportReport],
) -> RowBuilder:
    def build(session: Session, actor: Actor, options: ExportOptions) -> ExportReport:
        pupil = find_pupil(
            session, actor.school_id, pupil_id=options.pupil_id, upn=options.pupil_upn
        )
        return make(session, actor, pupil)

    return build


KINDS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in (
        ExportKind("register", "the SEN register with census codes", register_table),
        ExportKind("concerns", "every concern with its status history", concerns_table),
        ExportKind("sessions", "every intervention session with attendance", sessions_table),
        ExportKind(
            "provision-map",
            "every intervention place and EHCP provision, with attendance, cost and impact",
            provision_map,
        ),
        ExportKind(
            "impact",
            "intervention impact per pupil and group (ratio gain, scores, attendance, cost), "
            "with a chart",
            impact_report,
        ),
        ExportKind(
            "summary",
            "the governors' and head's summary and SEN information report figures (no names; "
            "counts under 5 withheld)",
            summary,
            named=False,
        ),
        ExportKind(
            "chronology",
            "everything recorded about one pupil, in date order",
            _of_pupil(chronology_report),
            per_pupil=True,
        ),
        ExportKind(
            "transfer",
            "one pupil's whole SEN file for the receiving school's SENDCO",
            _of_pupil(transfer_report),
            permission=Permission.TRANSFER_RECORDS,
            per_pupil=True,
        ),
        ExportKind(
            "sar",
            "one pupil's whole record for a subject access request (others' data withheld)",
            _of_pupil(sar_report),
            permission=Permission.TRANSFER_RECORDS,
            per_pupil=True,
        ),
    )
}
