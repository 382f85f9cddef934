"""Each school's `roster_version` goes up in the same transaction as any change to its pupils
or staff, so a process holding the school's roster in memory (handlers.conversation.roster)
knows with one tiny query whether it is still current. Bulk statements that bypass the ORM
(none in the app) would have to bump it themselves."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from storage.models import Pupil, School, Staff


@event.listens_for(Session, "before_flush")
def _bump_changed_schools(session: Session, _context: Any, _instances: Any) -> None:
    changed = {
        obj.school_id
        for group in (session.new, session.deleted)
        for obj in group
        if isinstance(obj, Pupil | Staff) and obj.school_id is not None
    }
    changed |= {
        obj.school_id
        for obj in session.dirty
        if isinstance(obj, Pupil | Staff) and session.is_modified(obj, include_collections=False)
    }
    if changed:
        session.connection().execute(
            update(School)
            .where(School.id.in_(changed))
            .values(roster_version=School.roster_version + 1)
        )
