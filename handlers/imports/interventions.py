"""`import interventions`: one row per intervention group, with its pupils by UPN.

A group already set up (same name, any letter case) is not changed, but pupils listed for it
who are not yet members are added, so a file can be re-imported as a term's groups fill up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.conversation.areas import parse_area
from handlers.errors import InvalidInput
from handlers.imports.fields import split_list
from handlers.imports.through_handlers import (
    RowProblem,
    RowWork,
    SetupKind,
    given,
    pupil_by_upn,
    staff_by_email,
)
from handlers.interventions.inputs import InterventionInput
from handlers.interventions.setup import add_members, create_intervention
from handlers.validation import parse
from handlers.vocabulary import Actor
from storage.codes import ScoreMeasure
from storage.models import Intervention

REQUIRED = ("name", "programme", "start_on")
OPTIONAL = (
    "lead_email",
    "end_on",
    "weekdays",
    "schedule_note",
    "session_minutes",
    "planned_sessions",
    "cost_per_session",
    "measure",
    "custom_scale",
    "area",
    "pupils",
)
_PASSED = tuple(c for c in (*REQUIRED, *OPTIONAL) if c not in ("lead_email", "pupils"))


MEASURE_WORDS: dict[str, ScoreMeasure] = {
    "standardised": ScoreMeasure.STANDARDISED,
    "standardised score": ScoreMeasure.STANDARDISED,
    "standardized": ScoreMeasure.STANDARDISED,
    "ss": ScoreMeasure.STANDARDISED,
    "reading age": ScoreMeasure.READING_AGE,
    "spelling age": ScoreMeasure.SPELLING_AGE,
    "custom": ScoreMeasure.CUSTOM,
} | {measure.value.replace("_", " "): measure for measure in ScoreMeasure}


def _apply(session: Session, actor: Actor, values: Mapping[str, str], now: datetime) -> RowWork:
    try:
        pupils, lead_id = _references(session, actor, values)
    except InvalidInput as unknown:
        # Report the row's other problems too, so one pass over the file fixes them all.
        problems = dict(unknown.errors)
        try:
            parse(InterventionInput, _group_data(values, None))
        except InvalidInput as invalid:
            problems |= invalid.errors
        raise InvalidInput(problems) from None
    name = values.get("name", "").strip()
    group = session.scalar(
        select(Intervention).where(
            Intervention.school_id == actor.school_id,
            func.lower(Intervention.name) == name.lower(),
        )
    )
    if group is not None:
        members = {m.pupil_id for m in group.members}
        joining = [pid for pid in pupils if pid not in members]
        if not joining:
            return RowWork("unchanged", [])
        outcome = add_members(
            session=session,
            actor=actor,
            data={"intervention_id": group.id, "pupil_ids": joining},
            now=now,
        )
        return RowWork("updated", list(outcome.notices))

    data = _group_data(values, lead_id)
    created = create_intervention(session=session, actor=actor, data=data, now=now)
    notices = list(created.notices)
    if pupils:
        start = session.get(Intervention, created.record_id)
        assert start is not None
        joined = add_members(
            session=session,
            actor=actor,
            data={
                "intervention_id": start.id,
                "pupil_ids": pupils,
                "joined_on": start.start_on,  # imported groups: members from the start
            },
            now=now,
        )
        notices.extend(joined.notices)
    return RowWork("created", notices)


def _group_data(values: Mapping[str, str], lead_id: int | None) -> dict[str, object]:
    """The row as `create_intervention` takes it, with the words schools use for codes."""
    data: dict[str, object] = dict(given(values, *_PASSED))
    data["lead_id"] = lead_id
    if "measure" in data:
        said = " ".join(str(data["measure"]).lower().replace("_", " ").split())
        data["measure"] = MEASURE_WORDS.get(said, data["measure"])
    if "area" in data:
        data["area"] = parse_area(str(data["area"])) or data["area"]
    return data


def _references(
    session: Session, actor: Actor, values: Mapping[str, str]
) -> tuple[list[int], int | None]:
    """The pupils (by UPN) and lead (by email) the row names; every unknown one reported."""
    problems: dict[str, str] = {}
    pupils: list[int] = []
    unknown: list[str] = []
    for upn in split_list(values.get("pupils", "")):
        try:
            pupils.append(pupil_by_upn(session, actor, upn, column="pupils").id)
        except RowProblem:
            unknown.append(upn.upper())
    if unknown:
        problems["pupils"] = (
            f"no pupil with UPN {', '.join(unknown)} in this school: check it, or import "
            "pupils first"
        )
    lead_id = None
    if values.get("lead_email", "").strip():
        try:
            lead_id = staff_by_email(session, actor, values["lead_email"], column="lead_email").id
        except RowProblem as problem:
            problems["lead_email"] = problem.message
    if problems:
        raise InvalidInput(problems)
    return list(dict.fromkeys(pupils)), lead_id


INTERVENTIONS = SetupKind(
    name="interventions",
    required=REQUIRED,
    optional=OPTIONAL,
    apply=_apply,
    columns={"lead_id": "lead_email", "pupil_ids": "pupils", "joined_on": "start_on"},
)
