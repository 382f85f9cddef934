"""Entry and exit scores per member: by the SENDCO or the group's lead."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from handlers import audit, impact
from handlers.clock import school_today
from handlers.errors import Denied, InvalidInput
from handlers.interventions.common import (
    friendly_date,
    intervention_ref,
    load_intervention,
    require_scores,
)
from handlers.interventions.inputs import ScoreInput, ScoreStage, score_problem
from handlers.validation import parse
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction, Role, ScoreMeasure
from storage.models import Pupil

SCORING_ROLES = frozenset({Role.SENDCO, Role.TA, Role.TEACHER})
MEASURE_NAMES = {
    ScoreMeasure.STANDARDISED: "standardised score",
    ScoreMeasure.READING_AGE: "reading age (months)",
    ScoreMeasure.SPELLING_AGE: "spelling age (months)",
    ScoreMeasure.CUSTOM: "custom scale",
}


def record_scores(
    *,
    session: Session,
    actor: Actor,
    data: ScoreInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """Record a member's entry or exit score, dated; a second one for the same stage replaces
    the first (both are in the audit trail)."""
    if not actor.has(*SCORING_ROLES):
        raise Denied("Only the SENDCO or the group's lead can record entry and exit scores.")
    given = parse(ScoreInput, data)
    intervention = load_intervention(session, actor, given.intervention_id)
    require_scores(actor, intervention)
    member = next((m for m in intervention.members if m.pupil_id == given.pupil_id), None)
    if member is None:
        raise InvalidInput({"pupil_id": f"That pupil is not in {intervention.name}."})
    measure = ScoreMeasure(intervention.measure)
    errors: dict[str, str] = {}
    problem = score_problem(measure, given.score)
    if problem:
        errors["score"] = problem
    today = school_today(now)
    assessed_on = given.assessed_on or today
    if assessed_on > today:
        errors["assessed_on"] = "The assessment date can't be in the future."
    elif given.stage is ScoreStage.EXIT and member.entry_on and assessed_on < member.entry_on:
        errors["assessed_on"] = (
            f"The exit assessment can't be before the entry assessment on "
            f"{friendly_date(member.entry_on)}."
        )
    elif given.stage is ScoreStage.ENTRY and member.exit_on and assessed_on > member.exit_on:
        errors["assessed_on"] = (
            f"The entry assessment can't be after the exit assessment on "
            f"{friendly_date(member.exit_on)}."
        )
    if errors:
        raise InvalidInput(errors)

    score = given.score.quantize(Decimal("0.01"))
    if given.stage is ScoreStage.ENTRY:
        replaced = member.entry_score is not None
        member.entry_score, member.entry_on = score, assessed_on
    else:
        replaced = member.exit_score is not None
        member.exit_score, member.exit_on = score, assessed_on
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
            "pupil_id": member.pupil_id,
            "score": given.stage.value,
            "replaced": replaced,
        },
    )
    pupil = session.get(Pupil, member.pupil_id)
    assert pupil is not None
    label = MEASURE_NAMES[measure]
    if measure is ScoreMeasure.CUSTOM:
        label += f": {intervention.custom_scale}"
    fields: list[tuple[str, str]] = [
        ("Measure", label),
        (given.stage.value.title(), f"{score.normalize():f} on {friendly_date(assessed_on)}"),
    ]
    if member.entry_score is not None and member.exit_score is not None:
        result = impact.member_impact(
            measure=measure,
            entry_score=member.entry_score,
            entry_on=member.entry_on,
            exit_score=member.exit_score,
            exit_on=member.exit_on,
        )
        fields.append(("Impact", impact.describe(result)))
    return Outcome(
        reply=Reply(
            title=f"{given.stage.value.title()} score saved for {pupil.known_as}",
            fields=tuple(fields),
        ),
        record_id=member.id,
    )
