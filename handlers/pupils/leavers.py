"""A pupil leaves: the date and the school they went to, then their record is closed.

From the day it is recorded the record is read-only (storage.closed_records refuses any
change) and kept until the retention period ends (handlers.retention). Their intervention
places end on the leaving date and reminders about them stop (they are no longer on roll).
The SEN file goes to the receiving SENDCO separately from the common transfer file, which
is due within 15 school days: the reply says by when.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import Conflict, InvalidInput
from handlers.pupils.lookup import visible_pupil
from handlers.reminders.calendar import load_calendar
from handlers.retention import DEFAULT_RETENTION_YEARS, retained_until
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction
from storage.models import InterventionMember, Pupil

TRANSFER_SCHOOL_DAYS = 15


def record_leaver(
    *,
    session: Session,
    actor: Actor,
    pupil_id: int,
    left_on: date,
    now: datetime,
    destination: str = "",
    retention_years: int = DEFAULT_RETENTION_YEARS,
) -> Outcome:
    """Record that a pupil left on `left_on` (for `destination`, if known); SENDCO, head or
    head. The pupil's record is closed from then on."""
    access.require(actor, access.Permission.RECORD_LEAVERS)
    pupil = visible_pupil(session, actor, pupil_id, field="pupil")
    today = school_today(now)
    if pupil.left_on is not None:
        raise Conflict(
            f"{pupil.known_as} is already recorded as leaving on {pupil.left_on:%-d %B %Y}; "
            "their record is closed and was not changed."
        )
    if left_on > today:
        raise InvalidInput(
            {"left_on": "That date is still to come: record a leaver on or after the day "
             "they leave, so their record stays open until then."}
        )  # fmt: skip
    if left_on < pupil.date_of_birth:
        raise InvalidInput({"left_on": "That is before the pupil was born; check the date."})
    destination = " ".join(destination.split())[:200]
    ended = _end_places(session, pupil, left_on)
    pupil.left_on = left_on
    pupil.destination = destination
    pupil.on_roll = False
    keep_until = retained_until(pupil.date_of_birth, retention_years)
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="pupil",
        entity_id=pupil.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={
            "left_on": left_on.isoformat(),
            "destination": destination,
            "places_ended": ended,
            "retained_until": keep_until.isoformat(),
        },
    )
    calendar = load_calendar(session, school_id=actor.school_id)
    send_by = calendar.add_school_days(left_on, TRANSFER_SCHOOL_DAYS)
    lines = (
        "Their record is now closed: it can be read and exported, not changed.",
        f"Kept until {keep_until:%-d %B %Y} (date of birth + {retention_years} years), "
        "then removed by the retention job.",
        f"Send the SEN file to the receiving SENDCO by {send_by:%-d %B %Y} "
        f"({TRANSFER_SCHOOL_DAYS} school days): ask me for their transfer pack.",
    )
    fields = [("Left on", f"{left_on:%-d %B %Y}")]
    if destination:
        fields.append(("Moving to", destination))
    if ended:
        fields.append(("Intervention places ended", str(ended)))
    return Outcome(
        reply=Reply(title=f"Recorded: {pupil.known_as} left", fields=tuple(fields), lines=lines),
        record_id=pupil.id,
    )


def _end_places(session: Session, pupil: Pupil, left_on: date) -> int:
    """End the pupil's open intervention places on the day they left."""
    places = session.scalars(
        select(InterventionMember).where(
            InterventionMember.pupil_id == pupil.id, InterventionMember.left_on.is_(None)
        )
    ).all()
    for place in places:
        place.left_on = max(left_on, place.joined_on)
    return len(places)
