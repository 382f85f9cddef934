"""Who may do what: the one place the access rules live. Every handler calls these.

SENDCO and head see their whole school; teachers what they raised and the pupils in their
classes; TAs the pupils in the intervention groups they lead; key adults their pupils.
Nobody sees another school's pupils. Decisions are pure functions of the actor and facts;
the query helpers below gather those facts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select, true
from sqlalchemy.orm import Session

from handlers.errors import Denied
from handlers.vocabulary import Actor
from storage.codes import Role
from storage.models import (
    AdviceRequest,
    Concern,
    Intervention,
    InterventionMember,
    KeyAdult,
    Pupil,
    StaffClass,
)


class Permission(StrEnum):
    RAISE_CONCERN = "raise a concern"
    TRIAGE_CONCERN = "triage concerns"
    LOG_SESSION = "log intervention sessions"
    MANAGE_INTERVENTIONS = "manage interventions"
    ASK_ADVICE = "ask the SENDCO for advice"
    ANSWER_ADVICE = "answer advice requests"
    MANAGE_PLANS = "manage plans and reviews"
    READ_REGISTER = "read the SEN register"
    EXPORT = "export records"
    MANAGE_TRAINING = "manage training records"
    READ_TRAINING_REPORT = "see the school's training report"
    MANAGE_STAFF = "manage staff and imports"
    RECORD_LEAVERS = "record pupils leaving"
    TRANSFER_RECORDS = "send transfer packs and answer subject access requests"
    RETENTION = "purge records past their retention date"


STAFF_ROLES = frozenset({Role.TEACHER, Role.TA, Role.SENDCO, Role.DSL, Role.HEAD})

GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.RAISE_CONCERN: STAFF_ROLES,
    Permission.TRIAGE_CONCERN: frozenset({Role.SENDCO}),
    Permission.LOG_SESSION: frozenset({Role.TA, Role.TEACHER, Role.SENDCO}),
    Permission.MANAGE_INTERVENTIONS: frozenset({Role.SENDCO}),
    Permission.ASK_ADVICE: STAFF_ROLES,
    Permission.ANSWER_ADVICE: frozenset({Role.SENDCO}),
    Permission.MANAGE_PLANS: frozenset({Role.SENDCO}),
    Permission.READ_REGISTER: frozenset({Role.SENDCO, Role.HEAD}),
    Permission.EXPORT: frozenset({Role.SENDCO, Role.HEAD}),
    Permission.MANAGE_TRAINING: frozenset({Role.SENDCO, Role.HEAD, Role.ADMIN}),
    Permission.READ_TRAINING_REPORT: frozenset({Role.SENDCO, Role.HEAD, Role.ADMIN}),
    Permission.MANAGE_STAFF: frozenset({Role.ADMIN, Role.SENDCO, Role.HEAD}),
    Permission.RECORD_LEAVERS: frozenset({Role.SENDCO, Role.HEAD}),
    Permission.TRANSFER_RECORDS: frozenset({Role.SENDCO, Role.HEAD}),
    Permission.RETENTION: frozenset({Role.SENDCO, Role.HEAD}),
}

WHOLE_SCHOOL_READERS = frozenset({Role.SENDCO, Role.HEAD})


def allowed(actor: Actor, permission: Permission) -> bool:
    return bool(actor.roles & GRANTS[permission])


def require(actor: Actor, permission: Permission, *, school_id: int | None = None) -> None:
    """Raise `Denied` unless the actor holds a role granting `permission` in that school."""
    if school_id is not None and school_id != actor.school_id:
        raise Denied("That record belongs to another school.")
    if not allowed(actor, permission):
        needed = ", ".join(sorted(r.value for r in GRANTS[permission]))
        raise Denied(f"You can't {permission.value}: that needs one of these roles: {needed}.")


def sees_whole_school(actor: Actor) -> bool:
    return bool(actor.roles & WHOLE_SCHOOL_READERS)


def visible_pupils_clause(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on `Pupil` selecting the pupils this actor may see."""
    same_school = Pupil.school_id == actor.school_id
    if sees_whole_school(actor):
        return same_school
    routes: list[ColumnElement[bool]] = [
        Pupil.id.in_(select(KeyAdult.pupil_id).where(KeyAdult.staff_id == actor.staff_id))
    ]
    if Role.TEACHER in actor.roles:
        routes.append(
            Pupil.class_name.in_(
                select(StaffClass.class_name).where(StaffClass.staff_id == actor.staff_id)
            )
        )
    if actor.roles & {Role.TA, Role.TEACHER}:
        routes.append(Pupil.id.in_(_group_pupils(actor)))
    return same_school & or_(false(), *routes)


def _group_pupils(actor: Actor) -> Select[Any]:
    return (
        select(InterventionMember.pupil_id)
        .join(Intervention, Intervention.id == InterventionMember.intervention_id)
        .where(Intervention.lead_id == actor.staff_id, Intervention.school_id == actor.school_id)
    )


def can_see_pupil(session: Session, actor: Actor, pupil_id: int) -> bool:
    found = session.scalar(
        select(Pupil.id).where(Pupil.id == pupil_id, visible_pupils_clause(actor))
    )
    return found is not None


def require_pupil_visible(session: Session, actor: Actor, pupil_id: int) -> None:
    if not can_see_pupil(session, actor, pupil_id):
        raise Denied(
            "You can't see that pupil's record: it is open to the SENDCO, the head, the pupil's "
            "class teachers, key adults and the leads of their intervention groups.",
            entity="pupil",
            entity_id=pupil_id,
        )


def may_log_for(actor: Actor, intervention: Intervention) -> bool:
    """Session logging: the group's lead, the SENDCO, or any TA/teacher when it has no lead."""
    if intervention.school_id != actor.school_id or not allowed(actor, Permission.LOG_SESSION):
        return False
    if Role.SENDCO in actor.roles or intervention.lead_id == actor.staff_id:
        return True
    return intervention.lead_id is None


# Record-level rules: who may read or act on one concern, advice request or group.


def may_list_concerns(actor: Actor) -> bool:
    return allowed(actor, Permission.RAISE_CONCERN) or allowed(actor, Permission.TRIAGE_CONCERN)


def visible_concerns_clause(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on `Concern`: the school's for the SENDCO and head, else one's own."""
    whole_school = sees_whole_school(actor) or allowed(actor, Permission.TRIAGE_CONCERN)
    mine = true() if whole_school else Concern.raised_by_id == actor.staff_id
    return (Concern.school_id == actor.school_id) & mine


def may_read_concern(actor: Actor, concern: Concern) -> bool:
    """The whole record: the SENDCO and head of its school, and whoever raised it."""
    if concern.school_id != actor.school_id:
        return False
    return (
        sees_whole_school(actor)
        or allowed(actor, Permission.TRIAGE_CONCERN)
        or concern.raised_by_id == actor.staff_id
    )


def is_asker(actor: Actor, request: AdviceRequest) -> bool:
    return request.asked_by_id == actor.staff_id and request.school_id == actor.school_id


def may_take_part(actor: Actor, request: AdviceRequest) -> bool:
    """Reading, following up and closing: the asker and the SENDCO of the school."""
    if request.school_id != actor.school_id:
        return False
    return is_asker(actor, request) or allowed(actor, Permission.ANSWER_ADVICE)


def may_manage(actor: Actor, intervention: Intervention) -> bool:
    """Setting up the group and its membership: the SENDCO of its school."""
    return intervention.school_id == actor.school_id and allowed(
        actor, Permission.MANAGE_INTERVENTIONS
    )


def may_view(actor: Actor, intervention: Intervention) -> bool:
    """Seeing the group, its sessions and impact: SENDCO and head, the lead, or whoever may log
    sessions for it (any TA/teacher when it has no lead)."""
    if intervention.school_id != actor.school_id:
        return False
    return sees_whole_school(actor) or may_log_for(actor, intervention)


def may_record_scores(actor: Actor, intervention: Intervention) -> bool:
    """Entry and exit scores: the SENDCO, or the group's lead."""
    if intervention.school_id != actor.school_id:
        return False
    return Role.SENDCO in actor.roles or (
        intervention.lead_id is not None and intervention.lead_id == actor.staff_id
    )


def may_read_impact(actor: Actor, intervention: Intervention) -> bool:
    if intervention.school_id != actor.school_id:
        return False
    return sees_whole_school(actor) or (
        intervention.lead_id is not None and intervention.lead_id == actor.staff_id
    )
