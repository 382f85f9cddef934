"""One pupil's whole record as a file: their chronology, the transfer pack for the receiving
SENDCO, and a copy for a subject access request.

- `chronology`: everything recorded about the pupil, oldest first, in full (one table).
- `transfer`: the SEN file that follows the pupil to their next school: who they are, needs,
  plans and outcomes, reviews, needs assessments, concerns, interventions with entry and exit
  scores and attendance, advice asked, and the chronology. Staff by email, so the receiving
  SENDCO knows whom to ask.
- `sar`: the same record for the pupil or their parent (UK GDPR Art. 15). Other people's
  data is withheld: other pupils named in a shared concern are removed from it (their names
  in its text replaced by "[another pupil]") and counted, never named; other pupils in the
  pupil's intervention sessions are not listed; staff are named by role, not by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import impact
from handlers.errors import InvalidInput
from handlers.exports.lookups import staff_emails
from handlers.exports.table import Cell, ExportReport, ExportTable
from handlers.interventions.impact_report import figures_for
from handlers.plans.common import plan_ref, review_ref
from handlers.pupils.chronology import collect_chronology
from handlers.pupils.labels import year_label
from handlers.vocabulary import Actor
from storage.codes import Role
from storage.models import (
    AdviceRequest,
    AssessmentRequest,
    Concern,
    ConcernPupil,
    Intervention,
    InterventionMember,
    Plan,
    Pupil,
    Review,
    Staff,
)

OTHER_PUPIL = "[another pupil]"
ROLE_NAMES = (
    (Role.SENDCO.value, "the SENDCO"),
    (Role.HEAD.value, "the head teacher"),
    (Role.DSL.value, "the designated safeguarding lead"),
    (Role.TEACHER.value, "a teacher"),
    (Role.TA.value, "a teaching assistant"),
)


def find_pupil(session: Session, school_id: int, *, pupil_id: int | None, upn: str | None) -> Pupil:
    """The pupil named by id (from a form) or UPN (from the command line), in this school."""
    pupil: Pupil | None = None
    if pupil_id is not None:
        pupil = session.get(Pupil, pupil_id)
    elif upn:
        pupil = session.scalar(
            select(Pupil).where(Pupil.school_id == school_id, Pupil.upn == upn.strip().upper())
        )
    else:
        raise InvalidInput({"pupil": "Say which pupil: their name, or --pupil UPN."})
    if pupil is None or pupil.school_id != school_id:
        raise InvalidInput({"pupil": f"No pupil {upn or ''} in this school.".replace("  ", " ")})
    return pupil


def chronology_table(
    session: Session, actor: Actor, pupil: Pupil, names: dict[int, str] | None = None
) -> ExportTable:
    entries = collect_chronology(session, actor, pupil, full_text=True, staff_names=names)
    rows = [(e.on, e.kind, e.reference, e.summary) for e in entries]
    return ExportTable("chronology", ("on", "kind", "reference", "entry"), rows)


def chronology_report(session: Session, actor: Actor, pupil: Pupil) -> ExportReport:
    """The chronology on its own, each row naming the pupil by UPN so the file stands alone."""
    table = chronology_table(session, actor, pupil)
    rows = [(pupil.upn, *row) for row in table.rows]
    return ExportReport("chronology", (ExportTable("chronology", ("upn", *table.columns), rows),))


def transfer_report(session: Session, actor: Actor, pupil: Pupil) -> ExportReport:
    staff = staff_emails(session, pupil.school_id)
    return ExportReport(
        "transfer",
        (
            _about(pupil),
            *_plans(session, pupil),
            _reviews(session, pupil),
            _assessments(session, pupil),
            _concerns(session, pupil, staff, subject_access=False),
            _interventions(session, pupil),
            _advice(session, pupil, staff),
            chronology_table(session, actor, pupil),
        ),
    )


def sar_report(session: Session, actor: Actor, pupil: Pupil) -> ExportReport:
    roles = _staff_roles(session, pupil.school_id)
    concerns = _concerns(session, pupil, roles, subject_access=True)
    withheld = (
        "This is the school's SEND record of the pupil named above, for a subject access "
        "request (UK GDPR Art. 15). Other pupils' information is withheld: other pupils "
        "named in a concern are removed and their names in its text replaced by "
        f"'{OTHER_PUPIL}'; other pupils in intervention sessions are not listed. Staff are "
        "named by their role."
    )
    about = _about(pupil)
    return ExportReport(
        "sar",
        (
            ExportTable(about.kind, about.columns, about.rows, note=withheld),
            *_plans(session, pupil),
            _reviews(session, pupil),
            _assessments(session, pupil),
            concerns,
            _interventions(session, pupil),
            _advice(session, pupil, roles),
            _redacted(chronology_table(session, actor, pupil, roles), _other_names(
                session, pupil)),
        ),
    )  # fmt: skip


def _about(pupil: Pupil) -> ExportTable:
    needs = {n.rank: n.need_code for n in pupil.needs}
    columns = ("upn", "first_name", "last_name", "preferred_name", "date_of_birth",
               "year_group", "class_name", "sen_status", "primary_need", "secondary_need",
               "looked_after", "previously_looked_after", "left_on", "destination")  # fmt: skip
    row: tuple[Cell, ...] = (
        pupil.upn, pupil.first_name, pupil.last_name, pupil.preferred_name,
        pupil.date_of_birth, year_label(pupil.year_group), pupil.class_name, pupil.sen_status,
        needs.get(1), needs.get(2), "yes" if pupil.looked_after else "no",
        "yes" if pupil.previously_looked_after else "no", pupil.left_on, pupil.destination,
    )  # fmt: skip
    return ExportTable("pupil", columns, [row])


def _plans(session: Session, pupil: Pupil) -> tuple[ExportTable, ExportTable]:
    plans = session.scalars(
        select(Plan).where(Plan.pupil_id == pupil.id).options(selectinload(Plan.targets))
        .order_by(Plan.started_on, Plan.id)
    ).all()  # fmt: skip
    plan_rows = [
        (plan_ref(p.id), p.kind, p.status, p.started_on, p.ended_on, p.review_due_on,
         p.last_reviewed_on, p.local_authority, p.parent_views, p.pupil_views)
        for p in plans
    ]  # fmt: skip
    target_rows = [
        (plan_ref(p.id), t.outcome, t.provision, t.progress) for p in plans for t in p.targets
    ]
    return (
        ExportTable("plans", ("reference", "kind", "status", "started_on", "ended_on",
                              "review_due_on", "last_reviewed_on", "local_authority",
                              "parent_views", "pupil_views"), plan_rows),
        ExportTable("outcomes", ("plan", "outcome", "provision", "progress"), target_rows),
    )  # fmt: skip


def _reviews(session: Session, pupil: Pupil) -> ExportTable:
    rows = [
        (review_ref(r.id), r.kind, r.status, r.due_on, r.meeting_on, r.held_on, r.outcome,
         r.notes)
        for r in session.scalars(
            select(Review).where(Review.pupil_id == pupil.id).order_by(Review.due_on, Review.id)
        )
    ]  # fmt: skip
    columns = ("reference", "kind", "status", "due_on", "meeting_on", "held_on", "outcome",
               "notes")  # fmt: skip
    return ExportTable("reviews", columns, rows)


def _assessments(session: Session, pupil: Pupil) -> ExportTable:
    rows = [
        (a.requested_on, a.status, a.decided_on, a.plan_issued_on, a.advice_asked_on,
         a.advice_sent_on, a.notes)
        for a in session.scalars(
            select(AssessmentRequest).where(AssessmentRequest.pupil_id == pupil.id)
            .order_by(AssessmentRequest.requested_on)
        )
    ]  # fmt: skip
    columns = ("requested_on", "status", "decided_on", "plan_issued_on", "advice_asked_on",
               "advice_sent_on", "notes")  # fmt: skip
    return ExportTable("needs_assessments", columns, rows)


def _concerns(
    session: Session, pupil: Pupil, staff: dict[int, str], *, subject_access: bool
) -> ExportTable:
    concerns = session.scalars(
        select(Concern)
        .join(ConcernPupil, ConcernPupil.concern_id == Concern.id)
        .where(ConcernPupil.pupil_id == pupil.id)
        .options(selectinload(Concern.pupils), selectinload(Concern.areas))
        .order_by(Concern.raised_at, Concern.id)
    ).all()
    upns = _upns(session, {p.pupil_id for c in concerns for p in c.pupils} - {pupil.id})
    others = _names_of(session, set(upns)) if subject_access else {}
    rows: list[tuple[Cell, ...]] = []
    for c in concerns:
        other_ids = [p.pupil_id for p in c.pupils if p.pupil_id != pupil.id]
        observed, tried = c.observed, c.tried
        if subject_access:
            names = [name for pid in other_ids for name in others.get(pid, ())]
            observed, tried = _blank_names(observed, names), _blank_names(tried, names)
            with_whom: Cell = f"{len(other_ids)} other pupil(s), withheld" if other_ids else ""
        else:
            with_whom = ";".join(sorted(upns[pid] for pid in other_ids))
        rows.append(
            (c.reference, c.raised_at, c.observed_on, staff.get(c.raised_by_id, ""), c.urgency,
             c.status, ";".join(sorted(a.area for a in c.areas)), observed, tried, with_whom)
        )  # fmt: skip
    columns = ("reference", "raised_at", "observed_on", "raised_by", "urgency", "status",
               "areas", "observed", "tried", "other_pupils")  # fmt: skip
    return ExportTable("concerns", columns, rows)


def _interventions(session: Session, pupil: Pupil) -> ExportTable:
    groups = session.scalars(
        select(Intervention)
        .join(InterventionMember, InterventionMember.intervention_id == Intervention.id)
        .where(InterventionMember.pupil_id == pupil.id)
        .order_by(Intervention.start_on, Intervention.id)
    ).all()
    rows: list[tuple[Cell, ...]] = []
    for group, figures in zip(groups, figures_for(session, list(groups)), strict=True):
        for row in figures.members:
            if row.member.pupil_id != pupil.id:
                continue  # other pupils in the group are not part of this pupil's record
            m, result = row.member, row.impact
            rows.append(
                (figures.group.reference, group.name, group.programme, m.joined_on, m.left_on,
                 group.custom_scale or group.measure, m.entry_score, m.entry_on, m.exit_score,
                 m.exit_on, result.attendance.present, result.attendance.recorded,
                 impact.describe(result))
            )  # fmt: skip
    columns = ("reference", "group", "programme", "joined_on", "left_on", "measure",
               "entry_score", "entry_on", "exit_score", "exit_on", "sessions_attended",
               "sessions_recorded", "impact")  # fmt: skip
    return ExportTable("interventions", columns, rows)


def _advice(session: Session, pupil: Pupil, staff: dict[int, str]) -> ExportTable:
    requests = session.scalars(
        select(AdviceRequest).where(AdviceRequest.pupil_id == pupil.id)
        .options(selectinload(AdviceRequest.messages)).order_by(AdviceRequest.asked_at)
    ).all()  # fmt: skip
    rows = [
        (r.reference, r.asked_at, staff.get(r.asked_by_id, ""), r.question, r.status,
         "\n".join(f"{staff.get(m.author_id or 0, 'someone')}: {m.body}" for m in r.messages))
        for r in requests
    ]  # fmt: skip
    columns = ("reference", "asked_at", "asked_by", "question", "status", "thread")
    return ExportTable("advice", columns, rows)


def _staff_roles(session: Session, school_id: int) -> dict[int, str]:
    """Staff named by role for a subject access copy: "the SENDCO", "a teacher"."""
    labels: dict[int, str] = {}
    for member in session.scalars(
        select(Staff).where(Staff.school_id == school_id).options(selectinload(Staff.roles))
    ):
        held = member.role_names
        labels[member.id] = next(
            (label for role, label in ROLE_NAMES if role in held), "a member of staff"
        )
    return labels


def _upns(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Pupil.id, Pupil.upn).where(Pupil.id.in_(ids))).all())


def _names_of(session: Session, ids: set[int]) -> dict[int, tuple[str, ...]]:
    """Each pupil's names as staff might write them: first, preferred, last, full."""
    if not ids:
        return {}
    rows = session.execute(
        select(Pupil.id, Pupil.first_name, Pupil.preferred_name, Pupil.last_name).where(
            Pupil.id.in_(ids)
        )
    )
    return {
        pid: tuple(n for n in (f"{first} {last}", f"{preferred} {last}" if preferred else "",
                               first, preferred or "", last) if n)
        for pid, first, preferred, last in rows
    }  # fmt: skip


def _other_names(session: Session, pupil: Pupil) -> list[str]:
    """Names of the other pupils who share a concern with this pupil."""
    shared = select(ConcernPupil.concern_id).where(ConcernPupil.pupil_id == pupil.id)
    ids = set(
        session.scalars(
            select(ConcernPupil.pupil_id).where(
                ConcernPupil.concern_id.in_(shared), ConcernPupil.pupil_id != pupil.id
            )
        )
    )
    return [name for names in _names_of(session, ids).values() for name in names]


def _blank_names(text: str, names: Iterable[str]) -> str:
    """Replace each name (longest first, whole words, any case) with OTHER_PUPIL."""
    for name in sorted(set(names), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", OTHER_PUPIL, text, flags=re.I)
    return text


def _redacted(table: ExportTable, names: list[str]) -> ExportTable:
    if not names:
        return table
    clean: Callable[[Cell], Cell] = lambda c: _blank_names(c, names) if isinstance(c, str) else c  # noqa: E731
    rows = [tuple(clean(cell) for cell in row) for row in table.rows]
    return ExportTable(table.kind, table.columns, rows, table.note)
