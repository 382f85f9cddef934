"""A pupil's record: profile (SEN provision, ranked needs, key adults, plans), the register
change history and the chronology, as a structured `PupilRecord` and a `Reply`.

The Slack home tab or a modal can render `PupilRecord` directly; chat shows the `Reply`.
Every read is audited (READ, entity "pupil").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.clock import school_date, school_today
from handlers.plans.common import plan_label, plan_ref, review_label, review_ref
from handlers.pupils.chronology import ChronologyEntry, collect_chronology
from handlers.pupils.labels import need_name, provision_label, year_label
from handlers.pupils.lookup import visible_pupil
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import AuditAction, PlanStatus, ReviewStatus
from storage.models import KeyAdult, Plan, Pupil, RegisterChange, Review, Staff

RECENT_ENTRIES = 10


@dataclass(frozen=True)
class NeedSummary:
    rank: int
    code: str
    name: str


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    reference: str
    kind: str
    label: str
    started_on: date
    local_authority: str
    outcomes: tuple[str, ...]
    next_review_id: int | None
    next_review_kind: str | None
    next_review_due: date | None
    next_meeting_on: date | None


@dataclass(frozen=True)
class RegisterEntry:
    on: date
    from_status: str | None
    to_status: str
    needs: str
    reason: str
    by: str


@dataclass(frozen=True)
class PupilRecord:
    pupil_id: int
    upn: str
    first_name: str
    last_name: str
    preferred_name: str | None
    known_as: str
    year_group: int
    year_label: str
    class_name: str
    sen_status: str
    sen_label: str
    looked_after: bool
    needs: tuple[NeedSummary, ...]
    key_adults: tuple[str, ...]
    plans: tuple[PlanSummary, ...]
    register_history: tuple[RegisterEntry, ...]
    chronology: tuple[ChronologyEntry, ...]


@dataclass
class PupilRecordOutcome(Outcome):
    record: PupilRecord | None = None


def get_pupil_record(
    *, session: Session, actor: Actor, pupil_id: int, now: datetime
) -> PupilRecordOutcome:
    """The pupil's record as this actor may see it; audited as a READ of the pupil."""
    pupil = visible_pupil(session, actor, pupil_id)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="pupil",
        entity_id=pupil.id,
        school_id=pupil.school_id,
        actor_id=actor.staff_id,
        detail={"view": "record"},
    )
    record = load_pupil_record(session, actor, pupil)
    return PupilRecordOutcome(
        reply=record_reply(record, actor, today=school_today(now)),
        record=record,
        record_id=pupil.id,
    )


def load_pupil_record(session: Session, actor: Actor, pupil: Pupil) -> PupilRecord:
    """Gather the record; the caller has checked access and audits the read."""
    staff = dict(
        session.execute(
            select(Staff.id, Staff.display_name).where(Staff.school_id == pupil.school_id)
        ).all()
    )
    key_adults = session.scalars(
        select(KeyAdult.staff_id).where(KeyAdult.pupil_id == pupil.id).order_by(KeyAdult.id)
    )
    changes = session.scalars(
        select(RegisterChange)
        .where(RegisterChange.pupil_id == pupil.id)
        .order_by(RegisterChange.changed_at, RegisterChange.id)
    )
    return PupilRecord(
        pupil_id=pupil.id,
        upn=pupil.upn,
        first_name=pupil.first_name,
        last_name=pupil.last_name,
        preferred_name=pupil.preferred_name,
        known_as=pupil.known_as,
        year_group=pupil.year_group,
        year_label=year_label(pupil.year_group),
        class_name=pupil.class_name,
        sen_status=pupil.sen_status,
        sen_label=provision_label(pupil.sen_status),
        looked_after=pupil.looked_after,
        needs=tuple(
            NeedSummary(n.rank, n.need_code, need_name(n.need_code))
            for n in sorted(pupil.needs, key=lambda n: n.rank)
        ),
        key_adults=tuple(staff.get(sid, "(former staff)") for sid in key_adults),
        plans=tuple(_active_plans(session, pupil)),
        register_history=tuple(
            RegisterEntry(
                on=school_date(c.changed_at),
                from_status=c.from_status,
                to_status=c.to_status,
                needs=c.needs,
                reason=c.reason,
                by=staff.get(c.changed_by_id or 0, ""),
            )
            for c in changes
        ),
        chronology=tuple(collect_chronology(session, actor, pupil)),
    )


def _active_plans(session: Session, pupil: Pupil) -> list[PlanSummary]:
    plans = session.scalars(
        select(Plan)
        .where(Plan.pupil_id == pupil.id, Plan.status == PlanStatus.ACTIVE.value)
        .options(selectinload(Plan.targets))
        .order_by(Plan.started_on, Plan.id)
    ).all()
    upcoming: dict[int, Review] = {}
    for scheduled in session.scalars(
        select(Review)
        .where(Review.pupil_id == pupil.id, Review.status == ReviewStatus.SCHEDULED.value)
        .order_by(Review.due_on.desc(), Review.id.desc())
    ):
        if scheduled.plan_id is not None:
            upcoming[scheduled.plan_id] = scheduled  # the earliest due wins (iterated last)
    summaries = []
    for plan in plans:
        review = upcoming.get(plan.id)
        summaries.append(
            PlanSummary(
                plan_id=plan.id,
                reference=plan_ref(plan.id),
                kind=plan.kind,
                label=plan_label(plan.kind),
                started_on=plan.started_on,
                local_authority=plan.local_authority,
                outcomes=tuple(t.outcome for t in plan.targets),
                next_review_id=review.id if review else None,
                next_review_kind=review.kind if review else None,
                next_review_due=review.due_on if review else plan.review_due_on,
                next_meeting_on=review.meeting_on if review else None,
            )
        )
    return summaries


def record_reply(record: PupilRecord, actor: Actor, *, today: date) -> Reply:
    """The record as chat text: profile fields, register history, recent chronology."""
    needs = "; ".join(f"{n.rank}. {n.code} {n.name}" for n in record.needs) or "none recorded"
    fields = [
        ("UPN", record.upn),
        ("Year", f"{record.year_label} ({record.class_name or 'no class'})"),
        ("SEN provision", record.sen_label),
        ("Needs", needs),
        ("Key adults", ", ".join(record.key_adults) or "none recorded"),
    ]
    for plan in record.plans:
        due = ""
        if plan.next_review_due is not None:
            late = " — overdue" if plan.next_review_due < today else ""
            kind = review_label(plan.next_review_kind) if plan.next_review_kind else "review"
            ref = f" {review_ref(plan.next_review_id)}" if plan.next_review_id else ""
            due = f"; {kind}{ref} due {plan.next_review_due.isoformat()}{late}"
        fields.append((plan.label, f"{plan.reference} from {plan.started_on.isoformat()}{due}"))
    lines: list[str] = []
    if record.register_history:
        lines.append("SEN register history:")
        lines += [
            f"  {e.on.isoformat()} {e.from_status or '—'} → {e.to_status}"
            + (f" ({e.needs})" if e.needs else "")
            + (f": {e.reason}" if e.reason else "")
            for e in record.register_history
        ]
    recent = record.chronology[-RECENT_ENTRIES:]
    if recent:
        lines.append(f"Recent ({len(recent)} of {len(record.chronology)}):")
        lines += [f"  {e.on.isoformat()} {e.reference} {e.summary}" for e in reversed(recent)]
    buttons = [Button("pupil.chronology", "Full chronology", str(record.pupil_id))]
    if access.allowed(actor, access.Permission.MANAGE_PLANS):
        buttons += [
            Button("register.set_provision", "SEN register", str(record.pupil_id)),
            Button("plan.create_support", "New SEN support plan", str(record.pupil_id)),
        ]
    return Reply(
        title=f"{record.known_as} — Year {record.year_label}",
        fields=tuple(fields),
        lines=tuple(lines),
        buttons=tuple(buttons),
    )
