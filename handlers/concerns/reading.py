"""Reading concerns: a list (the SENDCO and head see their school's, everyone else what they
raised) and one whole record (SENDCO, head or raiser). Reads of pupil data are audited: one
READ event per list shown, naming the references in it, and one per record opened."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.access import Permission, may_list_concerns, visible_concerns_clause
from handlers.clock import school_time
from handlers.concerns.lookups import staff_names
from handlers.concerns.messaging import concern_buttons, concern_detail, pupil_names
from handlers.concerns.records import load_concern, load_view, require_readable
from handlers.concerns.workflow import STATUS_LABELS
from handlers.errors import Denied, InvalidInput
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import AuditAction, ConcernStatus
from storage.models import Concern, ConcernPupil, Pupil

LIST_LIMIT = 50


def _require_reader(actor: Actor) -> None:
    if not may_list_concerns(actor):
        raise Denied("You can't read concerns: that needs a teaching, support or SENDCO role.")


def list_concerns(
    *,
    session: Session,
    actor: Actor,
    status: ConcernStatus | str | None = None,
    open_only: bool = False,
    limit: int = LIST_LIMIT,
    now: datetime | None = None,
) -> Outcome:
    """The concerns this actor may see, newest first, optionally of one status or open only.
    (`now` is accepted so every handler can be called the same way; a list needs no clock.)"""
    _require_reader(actor)
    query = select(Concern).where(visible_concerns_clause(actor))
    if status:
        if status not in {s.value for s in ConcernStatus}:
            allowed = ", ".join(s.value for s in ConcernStatus)
            raise InvalidInput({"status": f"Status must be one of: {allowed}."})
        query = query.where(Concern.status == ConcernStatus(status).value)
    if open_only:
        query = query.where(Concern.status != ConcernStatus.CLOSED.value)
    concerns = session.scalars(
        query.order_by(Concern.raised_at.desc(), Concern.id.desc()).limit(limit)
    ).all()
    pupils = _pupils_by_concern(session, [c.id for c in concerns])
    names = staff_names(session, [c.raised_by_id for c in concerns])
    lines = tuple(
        " · ".join(
            [
                c.reference,
                STATUS_LABELS[ConcernStatus(c.status)],
                c.urgency,
                pupil_names(pupils[c.id]),
                f"raised {school_time(c.raised_at)} by {names.get(c.raised_by_id, '?')}",
            ]
        )
        for c in concerns
    )
    if concerns:
        audit.record(
            session,
            action=AuditAction.READ,
            entity="concern",
            school_id=actor.school_id,
            actor_id=actor.staff_id,
            detail={"view": "list", "references": [c.reference for c in concerns]},
        )
    return Outcome(
        reply=Reply(
            title=f"Concerns ({len(concerns)})" if concerns else "No concerns to show",
            lines=lines,
            buttons=tuple(
                Button("concern.open", f"Open {c.reference}", str(c.id)) for c in concerns
            ),
        )
    )


def get_concern(
    *, session: Session, actor: Actor, concern_id: int, now: datetime | None = None
) -> Outcome:
    """One concern with its pupils and dated history (SENDCO, head or raiser); audited."""
    _require_reader(actor)
    concern = load_concern(session, concern_id)
    require_readable(actor, concern)
    view = load_view(session, concern)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="concern",
        entity_id=concern.id,
        school_id=concern.school_id,
        actor_id=actor.staff_id,
        detail={"reference": concern.reference, "pupil_ids": [p.id for p in view.pupils]},
    )
    triage = access.allowed(actor, Permission.TRIAGE_CONCERN)
    buttons = concern_buttons(view) if triage else ()
    buttons = tuple(b for b in buttons if b.action != "concern.open")
    return Outcome(reply=concern_detail(view, buttons=buttons), record_id=concern.id)


def _pupils_by_concern(session: Session, concern_ids: list[int]) -> dict[int, list[Pupil]]:
    found: dict[int, list[Pupil]] = defaultdict(list)
    if not concern_ids:
        return found
    rows = session.execute(
        select(ConcernPupil.concern_id, Pupil)
        .join(Pupil, Pupil.id == ConcernPupil.pupil_id)
        .where(ConcernPupil.concern_id.in_(concern_ids))
        .order_by(ConcernPupil.id)
        .options(selectinload(Pupil.needs))
    )
    for concern_id, pupil in rows:
        found[concern_id].append(pupil)
    return found
