"""Early identification: after a concern is logged, prompt each SENDCO to consider the
graduated approach for a pupil that several different staff have raised concerns about
this term (the decision itself is `workflow.needs_graduated_approach_prompt`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.clock import school_today
from handlers.concerns.lookups import staff_with_role
from handlers.concerns.messaging import graduated_approach_notice
from handlers.concerns.workflow import RaisedConcern, needs_graduated_approach_prompt, term_bounds
from handlers.vocabulary import Notice
from storage.codes import Role
from storage.models import Concern, ConcernPupil, Pupil


def raised_concerns(session: Session, pupil: Pupil) -> list[RaisedConcern]:
    """Who raised each concern about `pupil`, and on which school day."""
    rows = session.execute(
        select(Concern.raised_by_id, Concern.raised_at)
        .join(ConcernPupil, ConcernPupil.concern_id == Concern.id)
        .where(ConcernPupil.pupil_id == pupil.id, Concern.school_id == pupil.school_id)
    )
    return [RaisedConcern(raised_by_id=by, raised_on=school_today(at)) for by, at in rows]


def graduated_approach_notices(
    session: Session,
    *,
    school_id: int,
    pupils: Sequence[Pupil],
    today: date,
    term: tuple[date, date] | None = None,
) -> list[Notice]:
    """One private prompt per SENDCO per pupil who now meets the rule. Keys hold the term's
    start, so a pupil is raised with each SENDCO at most once a term."""
    start, end = term or term_bounds(today)
    sendcos = staff_with_role(session, school_id, Role.SENDCO)
    notices: list[Notice] = []
    for pupil in pupils:
        raised = [c for c in raised_concerns(session, pupil) if start <= c.raised_on <= end]
        if not sendcos or not needs_graduated_approach_prompt(raised, start, end):
            continue
        raisers = len({c.raised_by_id for c in raised})
        notices += [
            graduated_approach_notice(
                pupil, sendco, concerns=len(raised), raisers=raisers, term_start=start, on=today
            )
            for sendco in sendcos
        ]
    return notices
