"""Finding pupils by name, UPN or class among those the actor may see.

A plain helper: every word must match a name (first, last or preferred, anywhere in it), the
UPN, or the class exactly. The conversation engine does fuzzy matching on top of this later.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handlers import access
from handlers.pupils.labels import year_label
from handlers.vocabulary import Actor
from storage.models import Pupil

MAX_RESULTS = 25


@dataclass(frozen=True)
class PupilMatch:
    pupil_id: int
    upn: str
    known_as: str
    year_group: int
    year_label: str
    class_name: str
    sen_status: str


def find_pupils(
    *, session: Session, actor: Actor, query: str, limit: int = MAX_RESULTS
) -> list[PupilMatch]:
    """Visible pupils on roll matching every word of `query`, by last then first name."""
    words = query.split()
    if not words:
        return []
    conditions = []
    for word in words:
        like = f"%{_escape(word.lower())}%"
        conditions.append(
            or_(
                func.lower(Pupil.first_name).like(like, escape="\\"),
                func.lower(Pupil.last_name).like(like, escape="\\"),
                func.lower(func.coalesce(Pupil.preferred_name, "")).like(like, escape="\\"),
                func.upper(Pupil.upn) == word.upper(),
                func.upper(Pupil.class_name) == word.upper(),
            )
        )
    pupils = session.scalars(
        select(Pupil)
        .where(access.visible_pupils_clause(actor), Pupil.on_roll.is_(True), *conditions)
        .order_by(Pupil.last_name, Pupil.first_name, Pupil.id)
        .limit(limit)
    )
    return [
        PupilMatch(
            pupil_id=p.id,
            upn=p.upn,
            known_as=p.known_as,
            year_group=p.year_group,
            year_label=year_label(p.year_group),
            class_name=p.class_name,
            sen_status=p.sen_status,
        )
        for p in pupils
    ]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
