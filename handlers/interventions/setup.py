"""Setting up intervention groups: create one, add pupils, record a pupil leaving, end it
(SENDCO)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers.clock import school_today
from handlers.errors import InvalidInput
from handlers.interventions.common import (
    friendly_date,
    intervention_ref,
    load_intervention,
    names,
    pupils_by_id,
)
from handlers.interventions.inputs import (
    WEEKDAY_NAMES,
    EndInput,
    InterventionInput,
    MembersInput,
    RemoveMemberInput,
)
from handlers.validation import parse
from handlers.vocabulary import Actor, Button, Notice, Outcome, Reply
from storage.codes import AuditAction, InterventionStatus, Role
from storage.models import Intervention, InterventionMember, Pupil, Staff

LEAD_ROLES = frozenset({Role.TA.value, Role.TEACHER.value, Role.SENDCO.value})


def create_intervention(
    *,
    session: Session,
    actor: Actor,
    data: InterventionInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """The SENDCO sets up a group: programme, lead, schedule, sessions, cost and measure."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    given = parse(InterventionInput, data)
    errors: dict[str, str] = {}
    taken = session.scalar(
        select(Intervention.name).where(
            Intervention.school_id == actor.school_id,
            func.lower(Intervention.name) == given.name.lower(),
        )
    )
    if taken is not None:
        errors["name"] = (
            f"Your school already has a group called '{taken}': choose another name, "
            "e.g. add the year group or term."
        )
    lead = _lead(session, actor, given.lead_id)
    if given.lead_id is not None and lead is None:
        errors["lead_id"] = (
            "Choose a TA, a teacher or the SENDCO from your school to lead the group."
        )
    if errors:
        raise InvalidInput(errors)

    today = school_today(now)
    intervention = Intervention(
        school_id=actor.school_id,
        name=given.name,
        programme=given.programme,
        area=given.area.value if given.area else None,
        lead_id=given.lead_id,
        weekdays=",".join(given.weekdays),
        schedule_note=given.schedule_note,
        planned_sessions=given.planned_sessions,
        session_minutes=given.session_minutes,
        cost_per_session_pence=given.cost_per_session_pence,
        measure=given.measure.value,
        custom_scale=given.custom_scale,
        start_on=given.start_on,
        end_on=given.end_on,
        status=(
            InterventionStatus.PLANNED if given.start_on > today else InterventionStatus.ACTIVE
        ).value,
        created_at=now,
    )
    session.add(intervention)
    session.flush()
    ref = intervention_ref(intervention.id)
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="intervention",
        entity_id=intervention.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"reference": ref, "lead_id": given.lead_id, "measure": given.measure.value},
    )
    days = ", ".join(WEEKDAY_NAMES[d] for d in given.weekdays) or "not set"
    reply = Reply(
        title=f"Intervention group created: {given.name} ({ref})",
        fields=(
            ("Programme", given.programme),
            ("Lead", lead.display_name if lead else "no lead yet"),
            ("Days", days),
            ("Starts", friendly_date(given.start_on)),
        ),
        buttons=(
            Button(
                action="intervention.add_members", label="Add pupils", value=str(intervention.id)
            ),
        ),
    )
    notices: list[Notice] = []
    if lead is not None and lead.id != actor.staff_id:
        notices.append(
            Notice(
                key=f"intervention:{intervention.id}:lead:{lead.id}",
                reply=Reply(
                    title=f"You are leading a new intervention group: {given.name} ({ref})",
                    fields=(("Programme", given.programme), ("Days", days)),
                ),
                on=today,
                rule="intervention.lead",
                staff_id=lead.id,
                subject_ref=ref,
            )
        )
    return Outcome(reply=reply, notices=notices, record_id=intervention.id)


def add_members(
    *,
    session: Session,
    actor: Actor,
    data: MembersInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """The SENDCO adds pupils of the school to a group; each pupil joins once."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    given = parse(MembersInput, data)
    intervention = load_intervention(session, actor, given.intervention_id)
    wanted = list(dict.fromkeys(given.pupil_ids))
    found = pupils_by_id(session, wanted)
    errors: dict[str, str] = {}
    unknown = [pid for pid in wanted if pid not in found or found[pid].school_id != actor.school_id]
    if unknown:
        errors["pupil_ids"] = (
            f"There is no pupil with id {', '.join(map(str, unknown))} in your school."
        )
    else:
        existing = {m.pupil_id: m for m in intervention.members}
        again = [found[pid] for pid in wanted if pid in existing]
        left = [p for p in again if existing[p.id].left_on is not None]
        if left:
            errors["pupil_ids"] = (
                f"{names(left)} left {intervention.name} earlier and can't rejoin it: set up "
                "a new group for another round."
            )
        elif again:
            errors["pupil_ids"] = f"Already in {intervention.name}: {names(again)}."
        off_roll = [found[pid] for pid in wanted if not found[pid].on_roll]
        if off_roll and "pupil_ids" not in errors:
            errors["pupil_ids"] = f"No longer on roll: {names(off_roll)}."
    joined_on = given.joined_on or max(school_today(now), intervention.start_on)
    if joined_on < intervention.start_on:
        errors["joined_on"] = (
            f"The group starts on {friendly_date(intervention.start_on)}: pupils can't join "
            "before then."
        )
    if errors:
        raise InvalidInput(errors)

    added: list[Pupil] = []
    for pid in wanted:
        member = InterventionMember(pupil_id=pid, joined_on=joined_on)
        intervention.members.append(member)
        added.append(found[pid])
    session.flush()
    ref = intervention_ref(intervention.id)
    for member in intervention.members:
        if member.pupil_id in wanted:
            audit.record(
                session,
                action=AuditAction.CREATE,
                entity="intervention_member",
                entity_id=member.id,
                school_id=actor.school_id,
                actor_id=actor.staff_id,
                detail={"intervention": ref, "pupil_id": member.pupil_id},
            )
    notices: list[Notice] = []
    if intervention.lead_id is not None and intervention.lead_id != actor.staff_id:
        notices.append(
            Notice(
                key=f"intervention:{intervention.id}:joined:{joined_on}:"
                + "-".join(map(str, sorted(wanted))),
                reply=Reply(
                    title=f"New in your group {intervention.name}: {names(added)}",
                    fields=(("From", friendly_date(joined_on)),),
                ),
                on=school_today(now),
                rule="intervention.members",
                staff_id=intervention.lead_id,
                subject_ref=ref,
            )
        )
    return Outcome(
        reply=Reply(
            title=f"Added to {intervention.name}: {names(added)}",
            fields=(("Joined", friendly_date(joined_on)),),
        ),
        notices=notices,
        record_id=intervention.id,
    )


def remove_member(
    *,
    session: Session,
    actor: Actor,
    data: RemoveMemberInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """The SENDCO records that a pupil left a group; their sessions and scores stay on record."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    given = parse(RemoveMemberInput, data)
    intervention = load_intervention(session, actor, given.intervention_id)
    member = next((m for m in intervention.members if m.pupil_id == given.pupil_id), None)
    if member is None:
        raise InvalidInput({"pupil_id": f"That pupil is not in {intervention.name}."})
    pupil = session.get(Pupil, member.pupil_id)
    assert pupil is not None  # the foreign key guarantees it
    if member.left_on is not None:
        raise InvalidInput(
            {"pupil_id": f"{pupil.known_as} already left on {friendly_date(member.left_on)}."}
        )
    today = school_today(now)
    left_on = given.left_on or today
    if left_on > today:
        raise InvalidInput({"left_on": "The leaving date can't be in the future."})
    if left_on < member.joined_on:
        raise InvalidInput(
            {
                "left_on": f"{pupil.known_as} joined on {friendly_date(member.joined_on)}: "
                "the leaving date can't be before that."
            }
        )
    member.left_on = left_on
    session.flush()
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="intervention_member",
        entity_id=member.id,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={
            "intervention": intervention_ref(intervention.id),
            "pupil_id": pupil.id,
            "left_on": left_on.isoformat(),
        },
    )
    return Outcome(
        reply=Reply(
            title=f"{pupil.known_as} left {intervention.name} on {friendly_date(left_on)}",
            lines=("Their sessions and scores stay on record.",),
        ),
        record_id=intervention.id,
    )


def _lead(session: Session, actor: Actor, staff_id: int | None) -> Staff | None:
    if staff_id is None:
        return None
    staff = session.scalar(
        select(Staff).where(Staff.id == staff_id).options(selectinload(Staff.roles))
    )
    if (
        staff is None
        or staff.school_id != actor.school_id
        or not staff.active
        or not staff.role_names & LEAD_ROLES
    ):
        return None
    return staff


def end_intervention(
    *, session: Session, actor: Actor, intervention_id: int, data: Mapping[str, Any], now: datetime
) -> Outcome:
    """The SENDCO ends a group: completed (ran its course) or stopped early, with a date.
    Its members and sessions stay on record; no more session reminders follow."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    intervention = load_intervention(session, actor, intervention_id)
    given = parse(EndInput, data)
    today = school_today(now)
    ended_on = given.ended_on or today
    errors: dict[str, str] = {}
    if ended_on > today:
        errors["ended_on"] = "That date is still to come: end the group on or after the day"
    if ended_on < intervention.start_on:
        errors["ended_on"] = f"That is before the group started ({intervention.start_on})"
    if intervention.status in (InterventionStatus.COMPLETED, InterventionStatus.STOPPED):
        errors["how"] = f"{intervention.name} has already ended ({intervention.status})"
    if errors:
        raise InvalidInput(errors)
    intervention.status = given.how.value
    intervention.end_on = ended_on
    for member in intervention.members:
        if member.left_on is None:
            member.left_on = max(ended_on, member.joined_on)
    ref = intervention_ref(intervention.id)
    audit.record(
        session, action=AuditAction.UPDATE, entity="intervention", entity_id=intervention.id,
        school_id=actor.school_id, actor_id=actor.staff_id,
        detail={"reference": ref, "status": given.how.value, "end_on": ended_on.isoformat()},
    )  # fmt: skip
    return Outcome(
        reply=Reply(
            title=f"{intervention.name} ({ref}) {given.how.value} on {friendly_date(ended_on)}",
            lines=("Its sessions and scores stay on record; record exit scores for its impact.",),
            buttons=(Button("intervention.impact", "Impact", str(intervention.id)),),
        ),
        record_id=intervention.id,
    )
