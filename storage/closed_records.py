"""A leaver's record is closed: once `Pupil.left_on` is set, nothing about that pupil may be
added, changed or deleted, whoever writes it and however (a handler, an import, a script).

Handlers check first and say so in their own words; this is the backstop, in the same
transaction as the write, so a path nobody thought of cannot edit a closed record either.
Only the retention purge deletes a closed record, and it says so on the session
(`allow_closed_changes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from storage.models import (
    AdviceMessage,
    AdviceRequest,
    Concern,
    ConcernArea,
    ConcernPupil,
    ConcernStatusChange,
    Plan,
    PlanTarget,
    Pupil,
    Review,
    ReviewMilestone,
)

ALLOW_KEY = "allow_closed_changes"
# Rows that belong to a pupil through a parent record: (row, parent, the row's parent key).
PARENTS: tuple[tuple[type, type, str], ...] = (
    (PlanTarget, Plan, "plan_id"),
    (ReviewMilestone, Review, "review_id"),
    (AdviceMessage, AdviceRequest, "request_id"),
)


class ClosedRecord(Exception):
    """A write touched the record of a pupil who has left. Nothing of the transaction is kept."""

    def __init__(self, upn: str, left_on: date | None) -> None:
        when = f" on {left_on.isoformat()}" if left_on else ""
        super().__init__(
            f"{upn} left{when}: their record is closed (read-only) and kept as it was. "
            "Nothing was changed."
        )
        self.message = str(self)
        self.upn = upn


@contextmanager
def allow_closed_changes(session: Session) -> Iterator[None]:
    """For the retention purge only: delete closed records on purpose."""
    session.info[ALLOW_KEY] = True
    try:
        yield
    finally:
        session.info.pop(ALLOW_KEY, None)


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_closed_records(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(ALLOW_KEY):
        return
    touched = [*session.new, *session.dirty, *session.deleted]
    for obj in touched:
        if isinstance(obj, Pupil) and obj not in session.new and _was_closed(obj):  # noqa: SIM102
            if obj in session.deleted or session.is_modified(obj, include_collections=False):
                raise ClosedRecord(obj.upn, _committed(obj, "left_on"))
    pupil_ids = set(_pupil_ids(session, touched))
    concern_ids = {cid for cid in _concern_ids(touched) if cid is not None}
    if not pupil_ids and not concern_ids:
        return
    connection = session.connection()
    if concern_ids:
        # A concern is closed when every pupil it names has left.
        rows = connection.execute(
            select(ConcernPupil.concern_id, Pupil.id, Pupil.left_on)
            .join(Pupil, Pupil.id == ConcernPupil.pupil_id)
            .where(ConcernPupil.concern_id.in_(concern_ids))
        ).all()
        by_concern: dict[int, list[tuple[int, date | None]]] = {}
        for concern_id, pupil_id, left_on in rows:
            by_concern.setdefault(concern_id, []).append((pupil_id, left_on))
        for pupils in by_concern.values():
            if pupils and all(left_on is not None for _, left_on in pupils):
                pupil_ids.add(pupils[0][0])
    if not pupil_ids:
        return
    closed = connection.execute(
        select(Pupil.upn, Pupil.left_on).where(Pupil.id.in_(pupil_ids), Pupil.left_on.is_not(None))
    ).first()
    if closed is not None:
        raise ClosedRecord(closed.upn, closed.left_on)


def _was_closed(pupil: Pupil) -> bool:
    return _committed(pupil, "left_on") is not None


def _committed(obj: object, name: str) -> Any:
    """The value as it was loaded from the database, before this transaction changed it."""
    history = inspect(obj).attrs[name].history
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return None if history.added else getattr(obj, name)


def _pupil_ids(session: Session, objects: Iterable[object]) -> Iterator[int]:
    parents: dict[type, set[int]] = {}
    for obj in objects:
        if isinstance(obj, Pupil):
            continue
        for child, parent, key in PARENTS:
            if isinstance(obj, child):
                parent_id = getattr(obj, key)
                linked = getattr(obj, key.removesuffix("_id"), None)  # appended, not flushed
                if parent_id is None and isinstance(getattr(linked, "pupil_id", None), int):
                    yield linked.pupil_id  # type: ignore[union-attr]
                elif isinstance(parent_id, int):
                    parents.setdefault(parent, set()).add(parent_id)
                break
        else:
            pupil_id = getattr(obj, "pupil_id", None)
            if pupil_id is None and getattr(obj, "pupil", None) is not None:
                pupil_id = obj.pupil.id  # type: ignore[attr-defined]
            if isinstance(pupil_id, int):
                yield pupil_id
    for parent, ids in parents.items():
        column = parent.pupil_id  # type: ignore[attr-defined]
        found = session.connection().execute(select(column).where(parent.id.in_(ids)))  # type: ignore[attr-defined]
        yield from (pupil_id for (pupil_id,) in found if pupil_id is not None)


def _concern_ids(objects: Iterable[object]) -> Iterator[int | None]:
    for obj in objects:
        if isinstance(obj, Concern):
            yield obj.id
        elif isinstance(obj, ConcernArea | ConcernStatusChange):
            yield obj.concern_id
