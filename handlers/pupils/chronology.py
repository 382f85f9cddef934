"""Everything recorded about a pupil, in date order: concerns and their status changes,
intervention membership and scores, sessions attended or missed, advice requests, plans,
reviews and SEN register changes.

Who sees what (design.md: teachers never see other staff's entries about pupils they don't
teach). Whoever may see the pupil sees the pupil's interventions, sessions, plans, reviews and
register changes. Concerns and advice requests are other staff's words about the pupil, so:
- the SENDCO and the head see all of them;
- everyone sees, in full, the concerns they raised and the advice requests they made;
- a teacher of the pupil's class also sees that a colleague's concern exists and its current
  status (reference, date, status: no text, no raiser), so they know it is being dealt with;
- TAs and key adults, and teachers who see the pupil only through a group they lead, do not
  see colleagues' concerns or advice requests at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.clock import school_date
from handlers.plans.common import plan_label, plan_ref, review_label, review_ref
from handlers.pupils.lookup import teaches, visible_pupil
from handlers.vocabulary import Actor
from storage.codes import AuditAction, ReviewStatus
from storage.models import (
    AdviceRequest,
    Concern,
    ConcernPupil,
    Intervention,
    InterventionMember,
    InterventionSession,
    Plan,
    Pupil,
    RegisterChange,
    Review,
    SessionAttendance,
    Staff,
)

SUMMARY_LENGTH = 140
Clip = Callable[[str], str]


@dataclass(frozen=True)
class ChronologyEntry:
    """One dated thing recorded about the pupil; `reference` opens the record it came from."""

    on: date
    kind: str  # concern, concern_status, intervention, score, session, advice, plan, review,
    # register
    summary: str
    reference: str
    at: datetime | None = None  # when it was recorded, to order entries of the same day


def pupil_chronology(
    *, session: Session, actor: Actor, pupil_id: int, now: datetime
) -> list[ChronologyEntry]:
    """The pupil's chronology as this actor may see it; the read is audited."""
    pupil = visible_pupil(session, actor, pupil_id)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="pupil",
        entity_id=pupil.id,
        school_id=pupil.school_id,
        actor_id=actor.staff_id,
        detail={"view": "chronology"},
    )
    return collect_chronology(session, actor, pupil)


def collect_chronology(
    session: Session,
    actor: Actor,
    pupil: Pupil,
    *,
    full_text: bool = False,
    staff_names: Mapping[int, str] | None = None,
) -> list[ChronologyEntry]:
    """The entries, oldest first. The caller has checked the actor may see the pupil.

    `full_text` keeps what staff wrote whole (exports) instead of a one-line summary (chat);
    `staff_names` says how to name staff (a subject access copy names them by role)."""
    names = dict(
        staff_names
        if staff_names is not None
        else session.execute(
            select(Staff.id, Staff.display_name).where(Staff.school_id == pupil.school_id)
        ).all()
    )
    clip = _whole if full_text else _short
    entries = [
        *_concerns(session, actor, pupil, names, clip),
        *_interventions(session, pupil),
        *_sessions(session, pupil),
        *_advice(session, actor, pupil, names, clip),
        *_plans_and_reviews(session, pupil),
        *_register(session, pupil, names, clip),
    ]
    return sorted(entries, key=_order)


def _order(entry: ChronologyEntry) -> tuple[date, float, str]:
    return (entry.on, entry.at.timestamp() if entry.at else 0.0, entry.reference)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _whole(text: str) -> str:
    return " ".join(text.split())


def _score(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _concerns(
    session: Session, actor: Actor, pupil: Pupil, names: dict[int, str], clip: Clip
) -> list[ChronologyEntry]:
    concerns = session.scalars(
        select(Concern)
        .join(ConcernPupil, ConcernPupil.concern_id == Concern.id)
        .where(ConcernPupil.pupil_id == pupil.id)
        .options(selectinload(Concern.areas), selectinload(Concern.history))
        .order_by(Concern.id)
    ).all()
    whole_school = access.sees_whole_school(actor)
    class_teacher = None  # computed once, only when needed
    found: list[ChronologyEntry] = []
    for concern in concerns:
        ref = concern.reference
        on = school_date(concern.raised_at)
        if not whole_school and concern.raised_by_id != actor.staff_id:
            if class_teacher is None:
                class_teacher = teaches(session, actor, pupil)
            if class_teacher:
                status = concern.status.replace("_", " ")
                found.append(
                    ChronologyEntry(
                        on,
                        "concern",
                        f"Concern {ref} raised by a colleague; status now {status}",
                        ref,
                        concern.raised_at,
                    )
                )
            continue
        areas = ", ".join(a.area.replace("_", " ") for a in concern.areas) or "area not given"
        by = names.get(concern.raised_by_id, "a member of staff")
        found.append(
            ChronologyEntry(
                on,
                "concern",
                f"Concern raised by {by}: {clip(concern.observed)} ({areas}; "
                f"{concern.urgency} urgency)",
                ref,
                concern.raised_at,
            )
        )
        for change in concern.history:
            if change.from_status is None:
                continue  # the concern being raised, already listed
            who = names.get(change.changed_by_id or 0, "someone")
            note = f": {clip(change.note)}" if change.note else ""
            found.append(
                ChronologyEntry(
                    school_date(change.changed_at),
                    "concern_status",
                    f"{ref} {change.from_status} → {change.to_status} by {who}{note}",
                    ref,
                    change.changed_at,
                )
            )
    return found


def _interventions(session: Session, pupil: Pupil) -> list[ChronologyEntry]:
    rows = session.execute(
        select(InterventionMember, Intervention)
        .join(Intervention, Intervention.id == InterventionMember.intervention_id)
        .where(InterventionMember.pupil_id == pupil.id)
        .order_by(InterventionMember.id)
    ).all()
    found: list[ChronologyEntry] = []
    for member, group in rows:
        ref = f"I-{group.id:05d}"
        measure = group.custom_scale or group.measure.replace("_", " ")
        found.append(
            ChronologyEntry(
                member.joined_on, "intervention", f"Joined {group.name} ({group.programme})", ref
            )
        )
        for label, score, on in (
            ("Entry", member.entry_score, member.entry_on or member.joined_on),
            ("Exit", member.exit_score, member.exit_on or member.left_on),
        ):
            if score is not None and on is not None:
                text = f"{label} score {_score(score)} ({measure}) in {group.name}"
                found.append(ChronologyEntry(on, "score", text, ref))
        if member.left_on is not None:
            found.append(ChronologyEntry(member.left_on, "intervention", f"Left {group.name}", ref))
    return found


def _sessions(session: Session, pupil: Pupil) -> list[ChronologyEntry]:
    rows = session.execute(
        select(SessionAttendance, InterventionSession, Intervention)
        .join(InterventionSession, InterventionSession.id == SessionAttendance.session_id)
        .join(Intervention, Intervention.id == InterventionSession.intervention_id)
        .where(SessionAttendance.pupil_id == pupil.id)
        .order_by(InterventionSession.held_on, InterventionSession.id)
    ).all()
    found: list[ChronologyEntry] = []
    for attendance, held, group in rows:
        if attendance.present:
            text = f"Attended {group.name} ({held.duration_minutes} min)"
        else:
            text = f"Missed {group.name}: {attendance.absence_reason}"
        found.append(
            ChronologyEntry(held.held_on, "session", text, f"S-{held.id:05d}", held.created_at)
        )
    return found


def _advice(
    session: Session, actor: Actor, pupil: Pupil, names: dict[int, str], clip: Clip
) -> list[ChronologyEntry]:
    query = select(AdviceRequest).where(AdviceRequest.pupil_id == pupil.id)
    if not access.sees_whole_school(actor):
        query = query.where(AdviceRequest.asked_by_id == actor.staff_id)
    found: list[ChronologyEntry] = []
    for request in session.scalars(query.order_by(AdviceRequest.id)):
        by = names.get(request.asked_by_id, "a member of staff")
        found.append(
            ChronologyEntry(
                school_date(request.asked_at),
                "advice",
                f"Advice asked by {by}: {clip(request.question)} ({request.status})",
                request.reference,
                request.asked_at,
            )
        )
    return found


def _plans_and_reviews(session: Session, pupil: Pupil) -> list[ChronologyEntry]:
    found: list[ChronologyEntry] = []
    for plan in session.scalars(
        select(Plan)
        .where(Plan.pupil_id == pupil.id)
        .options(selectinload(Plan.targets))
        .order_by(Plan.id)
    ):
        ref, label = plan_ref(plan.id), plan_label(plan.kind)
        detail = f" by {plan.local_authority}" if plan.local_authority else ""
        if plan.targets:
            detail += f" with {len(plan.targets)} outcome(s)"
        found.append(ChronologyEntry(plan.started_on, "plan", f"{label} started{detail}", ref))
        if plan.ended_on is not None:
            found.append(ChronologyEntry(plan.ended_on, "plan", f"{label} ended", ref))
    for review in session.scalars(
        select(Review)
        .where(Review.pupil_id == pupil.id, Review.status == ReviewStatus.HELD.value)
        .order_by(Review.id)
    ):
        assert review.held_on is not None  # a held review has a date (CHECK constraint)
        found.append(
            ChronologyEntry(
                review.held_on,
                "review",
                f"{review_label(review.kind)} held: {review.outcome}",
                review_ref(review.id),
            )
        )
    return found


def _register(
    session: Session, pupil: Pupil, names: dict[int, str], clip: Clip
) -> list[ChronologyEntry]:
    found: list[ChronologyEntry] = []
    for change in session.scalars(
        select(RegisterChange)
        .where(RegisterChange.pupil_id == pupil.id)
        .order_by(RegisterChange.id)
    ):
        needs = f" ({change.needs})" if change.needs else ""
        why = f": {clip(change.reason)}" if change.reason else ""
        who = names.get(change.changed_by_id or 0)
        found.append(
            ChronologyEntry(
                school_date(change.changed_at),
                "register",
                f"SEN provision {change.from_status or '—'} → {change.to_status}{needs}{why}"
                + (f" (by {who})" if who else ""),
                f"RC-{change.id:05d}",
                change.changed_at,
            )
        )
    return found
