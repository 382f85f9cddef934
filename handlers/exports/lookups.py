"""How exports name people: staff by email, pupils by UPN, looked up once per export."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Pupil, Staff


def staff_emails(session: Session, school_id: int) -> dict[int, str]:
    """Staff id -> email, for every member of staff of the school."""
    return dict(
        session.execute(select(Staff.id, Staff.email).where(Staff.school_id == school_id)).all()
    )


def school_upns(session: Session, school_id: int) -> dict[int, str]:
    """Pupil id -> UPN, for every pupil of the school."""
    return dict(
        session.execute(select(Pupil.id, Pupil.upn).where(Pupil.school_id == school_id)).all()
    )
