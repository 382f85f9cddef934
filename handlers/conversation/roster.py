"""Loading the pupils and programmes a message is resolved against."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.conversation.pupils import PupilRef, Roster
from handlers.conversation.understand import GroupRef
from storage.codes import InterventionStatus
from storage.models import Intervention, InterventionMember, Pupil, School, Staff

# (database, school id, school created at) -> (roster version, roster); see load_roster.
_ROSTERS: dict[tuple[str, int, str], tuple[int, Roster]] = {}


def load_roster(session: Session, *, school_id: int) -> Roster:
    """The school's pupils on roll and staff first names, for understanding messages.

    Kept in memory per school and reloaded only when the school's `roster_version` moved on
    (any change to its pupils or staff bumps it), so a message costs one small query however
    large the school is.
    """
    version = session.execute(
        select(School.roster_version, School.created_at).where(School.id == school_id)
    ).first()
    if version is None:
        return _read_roster(session, school_id)
    key = (str(session.get_bind().engine.url), school_id, version.created_at.isoformat())
    cached = _ROSTERS.get(key)
    if cached is not None and cached[0] == version.roster_version:
        return cached[1]
    roster = _read_roster(session, school_id)
    _ROSTERS[key] = (version.roster_version, roster)
    return roster


def _read_roster(session: Session, school_id: int) -> Roster:
    rows = session.execute(
        select(
            Pupil.id,
            Pupil.upn,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Pupil.class_name,
            Pupil.year_group,
        ).where(Pupil.school_id == school_id, Pupil.on_roll.is_(True))
    ).all()
    staff_names = session.scalars(
        select(Staff.display_name).where(Staff.school_id == school_id, Staff.active.is_(True))
    ).all()
    first_names = frozenset(name.split()[0] for name in staff_names if name.split())
    return Roster([PupilRef(*row) for row in rows], staff_first_names=first_names)


def load_programmes(session: Session, *, school_id: int) -> list[str]:
    rows = session.execute(
        select(Intervention.programme, Intervention.name).where(Intervention.school_id == school_id)
    ).all()
    return list(dict.fromkeys(name for row in rows for name in row))


def load_groups(session: Session, *, school_id: int, lead_id: int) -> list[GroupRef]:
    """The running groups a member of staff leads, with their current members."""
    interventions = session.scalars(
        select(Intervention).where(
            Intervention.school_id == school_id,
            Intervention.lead_id == lead_id,
            Intervention.status.in_(
                [InterventionStatus.ACTIVE.value, InterventionStatus.PLANNED.value]
            ),
        )
    ).all()
    groups: list[GroupRef] = []
    for intervention in interventions:
        members = session.scalars(
            select(InterventionMember.pupil_id).where(
                InterventionMember.intervention_id == intervention.id,
                InterventionMember.left_on.is_(None),
            )
        ).all()
        groups.append(GroupRef(intervention.id, intervention.programme, frozenset(members)))
    return groups
