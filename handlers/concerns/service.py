"""Logging a concern: any member of staff, about any pupils on roll in their school."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.access import Permission
from handlers.clock import school_today
from handlers.concerns.early import graduated_approach_notices
from handlers.concerns.forms import ConcernInput
from handlers.concerns.lookups import pupils_not_found_message, school_pupils
from handlers.concerns.messaging import areas_label, pupil_names, triage_notice
from handlers.concerns.records import load_view
from handlers.concerns.triage import triage_key
from handlers.errors import InvalidInput
from handlers.safeguarding_signs import assess
from handlers.validation import parse
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction, ConcernStatus
from storage.models import Concern, ConcernArea, ConcernPupil, ConcernStatusChange


def log_concern(
    *, session: Session, actor: Actor, data: ConcernInput | Mapping[str, Any], now: datetime
) -> Outcome:
    """Raise a concern about one or more pupils of the actor's school.

    The raiser gets the reference; the triage channel gets a card without names; each SENDCO
    is prompted when the pupil now has concerns from several staff this term.
    """
    access.require(actor, Permission.RAISE_CONCERN)
    form = parse(ConcernInput, data)
    signs = assess(form.observed, form.tried)
    if signs.clear:  # a form's free text gets the same check as a chat message
        raise InvalidInput(
            {
                "observed": f"This reads as a safeguarding matter ({signs.label}), not a SEND "
                "concern: report it as safeguarding so the DSL is alerted now. Nothing was "
                "saved."
            }
        )
    today = school_today(now)
    pupils, missing = school_pupils(session, actor.school_id, form.pupils)
    errors: dict[str, str] = {}
    if missing:
        errors["pupils"] = pupils_not_found_message(missing, total=len(form.pupils))
    observed_on = form.observed_on or today
    if observed_on > today:
        errors["observed_on"] = "That date is in the future: give the day you saw it."
    if errors:
        raise InvalidInput(errors)

    concern = Concern(
        school_id=actor.school_id,
        raised_by_id=actor.staff_id,
        raised_at=now,
        observed_on=observed_on,
        observed=form.observed,
        tried=form.tried,
        urgency=form.urgency.value,
        status=ConcernStatus.NEW.value,
        pupils=[ConcernPupil(pupil_id=p.id) for p in pupils],
        areas=[ConcernArea(area=a.value) for a in form.areas],
        history=[
            ConcernStatusChange(
                changed_at=now,
                changed_by_id=actor.staff_id,
                from_status=None,
                to_status=ConcernStatus.NEW.value,
                note="Raised",
            )
        ],
    )
    session.add(concern)
    session.flush()
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="concern",
        entity_id=concern.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={
            "reference": concern.reference,
            "pupil_ids": [p.id for p in pupils],
            "areas": [a.value for a in form.areas],
            "urgency": concern.urgency,
        },
    )
    view = load_view(session, concern)
    notices = [triage_notice(view, key=triage_key(concern, concern.history[0]), on=today)]
    notices += graduated_approach_notices(
        session, school_id=actor.school_id, pupils=pupils, today=today
    )
    reply = Reply(
        title=f"Thank you: concern {concern.reference} is with the SENDCO",
        fields=(
            ("Reference", concern.reference),
            ("Pupils", pupil_names(pupils)),
            ("Areas of need", areas_label(concern)),
            ("Urgency", concern.urgency),
        ),
        lines=("You'll be told each time it moves on.",),
    )
    return Outcome(reply=reply, notices=notices, record_id=concern.id)
