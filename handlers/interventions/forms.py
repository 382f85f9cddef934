"""The forms for setting up groups and recording scores; field names match the input models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access
from handlers.clock import school_today
from handlers.interventions.common import load_intervention, require_scores
from handlers.interventions.inputs import WEEKDAY_NAMES, EndHow, ScoreStage
from handlers.interventions.scores import MEASURE_NAMES
from handlers.interventions.setup import LEAD_ROLES
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form
from storage.codes import AreaOfNeed, ScoreMeasure
from storage.models import Intervention, Pupil, Staff

AREA_LABELS = {
    AreaOfNeed.COMMUNICATION: "Communication and interaction",
    AreaOfNeed.COGNITION: "Cognition and learning",
    AreaOfNeed.SEMH: "Social, emotional and mental health",
    AreaOfNeed.SENSORY_PHYSICAL: "Sensory and/or physical",
}


def intervention_form(*, session: Session, actor: Actor) -> Form:
    """Set up a new intervention group (SENDCO)."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    leads = session.scalars(
        select(Staff)
        .where(Staff.school_id == actor.school_id, Staff.active.is_(True))
        .options(selectinload(Staff.roles))
        .order_by(Staff.display_name)
    )
    lead_choices = tuple(
        Choice(str(s.id), s.display_name) for s in leads if s.role_names & LEAD_ROLES
    )
    return Form(
        action="intervention.create",
        title="New intervention group",
        submit_label="Create group",
        fields=(
            Field(
                "name",
                "Group name",
                FieldKind.SHORT_TEXT,
                help="Unique in your school, e.g. 'Toe by Toe - Year 4'.",
            ),
            Field(
                "programme",
                "Programme",
                FieldKind.SHORT_TEXT,
                help="What the group runs, e.g. Toe by Toe, Talk Boost, ELSA.",
            ),
            Field(
                "area",
                "Area of need",
                FieldKind.CHOICE,
                required=False,
                choices=tuple(Choice(a.value, AREA_LABELS[a]) for a in AreaOfNeed),
            ),
            Field(
                "lead_id",
                "Lead",
                FieldKind.STAFF,
                required=False,
                choices=lead_choices,
                help="The TA or teacher who runs the sessions and is nudged to log them.",
            ),
            Field(
                "weekdays",
                "Days",
                FieldKind.MULTI_CHOICE,
                required=False,
                multiple=True,
                choices=tuple(Choice(code, name) for code, name in WEEKDAY_NAMES.items()),
                help="The days sessions are planned; a session not logged by the end of "
                "one of these days gets a reminder.",
            ),
            Field(
                "schedule_note",
                "Schedule note",
                FieldKind.SHORT_TEXT,
                required=False,
                help="e.g. 'after lunch, library'.",
            ),
            Field(
                "planned_sessions",
                "Planned sessions",
                FieldKind.NUMBER,
                required=False,
                help="How many sessions the programme runs for.",
            ),
            Field(
                "session_minutes",
                "Minutes per session",
                FieldKind.NUMBER,
                required=False,
                help="Between 1 and 480.",
            ),
            Field(
                "cost_per_session",
                "Cost per session (£)",
                FieldKind.NUMBER,
                required=False,
                help="Adult time and materials for one session in pounds, e.g. 4.50.",
            ),
            Field(
                "measure",
                "How progress is measured",
                FieldKind.CHOICE,
                choices=tuple(Choice(m.value, MEASURE_NAMES[m]) for m in ScoreMeasure),
                initial=ScoreMeasure.STANDARDISED.value,
                help="Reading and spelling ages give a ratio gain; standardised scores an "
                "effect size.",
            ),
            Field(
                "custom_scale",
                "Custom scale",
                FieldKind.SHORT_TEXT,
                required=False,
                help="Needed when the measure is custom, e.g. 'Boxall profile, 0-68'.",
            ),
            Field("start_on", "Starts", FieldKind.DATE),
            Field(
                "end_on",
                "Ends",
                FieldKind.DATE,
                required=False,
                help="Leave empty if it runs until stopped.",
            ),
        ),
    )


def members_form(*, session: Session, actor: Actor, intervention_id: int, now: datetime) -> Form:
    """Add pupils to a group (SENDCO); pupils already in it are not offered."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    intervention = load_intervention(session, actor, intervention_id)
    inside = {m.pupil_id for m in intervention.members}
    pupils = session.scalars(
        select(Pupil)
        .where(Pupil.school_id == actor.school_id, Pupil.on_roll.is_(True))
        .order_by(Pupil.last_name, Pupil.first_name)
    )
    return Form(
        action="intervention.add_members",
        title=f"Add pupils to {intervention.name}",
        submit_label="Add",
        fields=(
            _group_field(intervention),
            Field(
                "pupil_ids",
                "Pupils",
                FieldKind.PUPIL,
                multiple=True,
                choices=tuple(Choice(str(p.id), p.known_as) for p in pupils if p.id not in inside),
            ),
            Field(
                "joined_on",
                "Joining from",
                FieldKind.DATE,
                required=False,
                initial=max(school_today(now), intervention.start_on).isoformat(),
                help="Leave empty for today.",
            ),
        ),
    )


def remove_member_form(*, session: Session, actor: Actor, intervention_id: int) -> Form:
    """Record a pupil leaving a group (SENDCO)."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    intervention = load_intervention(session, actor, intervention_id)
    return Form(
        action="intervention.remove_member",
        title=f"A pupil leaves {intervention.name}",
        submit_label="Record",
        fields=(
            _group_field(intervention),
            Field(
                "pupil_id",
                "Pupil",
                FieldKind.PUPIL,
                choices=_member_choices(session, intervention, current_only=True),
            ),
            Field(
                "left_on", "Left on", FieldKind.DATE, required=False, help="Leave empty for today."
            ),
        ),
    )


def scores_form(*, session: Session, actor: Actor, intervention_id: int) -> Form:
    """Record an entry or exit score (SENDCO or the group's lead)."""
    intervention = load_intervention(session, actor, intervention_id)
    require_scores(actor, intervention)
    measure = ScoreMeasure(intervention.measure)
    scale = f" ({intervention.custom_scale})" if measure is ScoreMeasure.CUSTOM else ""
    return Form(
        action="intervention.record_scores",
        title=f"Scores for {intervention.name}",
        fields=(
            _group_field(intervention),
            Field(
                "pupil_id",
                "Pupil",
                FieldKind.PUPIL,
                choices=_member_choices(session, intervention, current_only=False),
            ),
            Field(
                "stage",
                "Entry or exit",
                FieldKind.CHOICE,
                choices=(
                    Choice(ScoreStage.ENTRY.value, "Entry (before)"),
                    Choice(ScoreStage.EXIT.value, "Exit (after)"),
                ),
            ),
            Field(
                "score",
                MEASURE_NAMES[measure].capitalize() + scale,
                FieldKind.NUMBER,
                help=_score_help(measure),
            ),
            Field(
                "assessed_on",
                "Assessed on",
                FieldKind.DATE,
                required=False,
                help="Leave empty for today.",
            ),
        ),
    )


def end_form(*, session: Session, actor: Actor, intervention_id: int) -> Form:
    """End a group (SENDCO): completed or stopped, and when."""
    access.require(actor, access.Permission.MANAGE_INTERVENTIONS)
    intervention = load_intervention(session, actor, intervention_id)
    return Form(
        action="intervention.end",
        title=f"End {intervention.name}",
        submit_label="End the group",
        fields=(
            Field(
                "how",
                "How did it end?",
                FieldKind.CHOICE,
                choices=(
                    Choice(EndHow.COMPLETED.value, "Completed: it ran its course"),
                    Choice(EndHow.STOPPED.value, "Stopped early"),
                ),
                initial=EndHow.COMPLETED.value,
            ),
            Field(
                "ended_on",
                "Last day",
                FieldKind.DATE,
                required=False,
                help="Leave empty for today.",
            ),
        ),
    )


def _group_field(intervention: Intervention) -> Field:
    return Field(
        "intervention_id",
        "Group",
        FieldKind.CHOICE,
        choices=(Choice(str(intervention.id), intervention.name),),
        initial=str(intervention.id),
    )


def _member_choices(
    session: Session, intervention: Intervention, *, current_only: bool
) -> tuple[Choice, ...]:
    ids = [m.pupil_id for m in intervention.members if not current_only or m.left_on is None]
    pupils = session.scalars(select(Pupil).where(Pupil.id.in_(ids)).order_by(Pupil.last_name))
    return tuple(Choice(str(p.id), p.known_as) for p in pupils)


def _score_help(measure: ScoreMeasure) -> str:
    if measure is ScoreMeasure.STANDARDISED:
        return "A standardised score between 40 and 160 (100 is average)."
    if measure is ScoreMeasure.CUSTOM:
        return "A score of 0 or more on the group's scale."
    return "In months, between 24 and 240: 7 years 6 months is 90."
