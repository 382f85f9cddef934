"""`import plans`: one row per plan — EHC plans, SEN support plans (outcomes and provision),
Health Care Plans and PEPs — for pupils already imported, by UPN.

Re-importing the same file changes nothing: a plan already recorded with the same date (or,
for SEN support, the same outcomes) is left as it is. An EHC plan imported with `import
pupils` without its issue date gets its dates here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from handlers.errors import InvalidInput
from handlers.imports.fields import iso_date
from handlers.imports.through_handlers import RowProblem, RowWork, SetupKind, given, pupil_by_upn
from handlers.plans.create import add_health_care_plan, add_pep, create_support_plan
from handlers.plans.ehcp import record_ehcp
from handlers.plans.writing import active_plans
from handlers.vocabulary import Actor
from storage.codes import PlanKind
from storage.models import Plan, Pupil

REQUIRED = ("upn", "kind")
OPTIONAL = (
    "started_on",
    "last_reviewed_on",
    "review_due_on",
    "local_authority",
    "primary_need",
    "outcomes",
    "parent_views",
    "pupil_views",
)
KIND_WORDS: dict[str, PlanKind] = {
    "ehcp": PlanKind.EHCP,
    "ehc plan": PlanKind.EHCP,
    "e": PlanKind.EHCP,
    "sen support": PlanKind.SEN_SUPPORT,
    "sen_support": PlanKind.SEN_SUPPORT,
    "support": PlanKind.SEN_SUPPORT,
    "k": PlanKind.SEN_SUPPORT,
    "health care": PlanKind.HEALTH_CARE,
    "health_care": PlanKind.HEALTH_CARE,
    "health care plan": PlanKind.HEALTH_CARE,
    "hcp": PlanKind.HEALTH_CARE,
    "ihcp": PlanKind.HEALTH_CARE,
    "pep": PlanKind.PEP,
}
KINDS_SAID = "ehcp, sen_support, health_care or pep"


def plan_kind(text: str) -> PlanKind:
    word = re.sub(r"[\s_-]+", " ", text.strip().lower())
    kind = KIND_WORDS.get(word) or KIND_WORDS.get(word.replace(" ", "_"))
    if kind is None:
        raise RowProblem("kind", f"'{text}' is not a kind of plan; use {KINDS_SAID}")
    return kind


def _apply(session: Session, actor: Actor, values: Mapping[str, str], now: datetime) -> RowWork:
    problems: dict[str, str] = {}
    try:
        pupil = pupil_by_upn(session, actor, values.get("upn", ""))
    except RowProblem as problem:
        problems["upn"] = problem.message
    try:
        kind = plan_kind(values.get("kind", ""))
    except RowProblem as problem:
        problems["kind"] = problem.message
    if problems:
        raise InvalidInput(problems)
    if kind is PlanKind.EHCP:
        return _ehcp(session, actor, pupil, values, now)
    if kind is PlanKind.SEN_SUPPORT:
        return _support(session, actor, pupil, values, now)
    return _dated(session, actor, pupil, kind, values, now)


def _ehcp(
    session: Session, actor: Actor, pupil: Pupil, values: Mapping[str, str], now: datetime
) -> RowWork:
    current = _current(session, pupil, PlanKind.EHCP)
    issued = values.get("started_on", "").strip()
    if current is not None and not current.date_unknown:
        if issued and _day(issued, "started_on") == current.started_on:
            return RowWork("unchanged", [])
        raise RowProblem(
            "started_on",
            f"{pupil.known_as} already has an EHC plan issued {current.started_on.isoformat()}: "
            "record its annual reviews in chat rather than importing it again",
        )
    data: dict[str, object] = {"pupil": pupil.id}
    data |= given(values, "local_authority", "last_reviewed_on", "primary_need")
    data["issued_on"] = issued
    outcome = record_ehcp(session=session, actor=actor, data=data, now=now)
    return RowWork("updated" if current is not None else "created", list(outcome.notices))


def _support(
    session: Session, actor: Actor, pupil: Pupil, values: Mapping[str, str], now: datetime
) -> RowWork:
    outcomes = values.get("outcomes", "")
    items = [t.strip() for t in re.split(r"[\n;]", outcomes) if t.strip()]
    wanted = [(o.strip(), p.strip()) for o, _, p in (item.partition("|") for item in items)]
    current = _current(session, pupil, PlanKind.SEN_SUPPORT)
    if current is not None and [(t.outcome, t.provision) for t in current.targets] == wanted:
        return RowWork("unchanged", [])
    data: dict[str, object] = {"pupil": pupil.id, "targets": items}
    data |= given(values, "review_due_on", "parent_views", "pupil_views")
    outcome = create_support_plan(session=session, actor=actor, data=data, now=now)
    return RowWork("created", list(outcome.notices))


def _dated(
    session: Session,
    actor: Actor,
    pupil: Pupil,
    kind: PlanKind,
    values: Mapping[str, str],
    now: datetime,
) -> RowWork:
    started = values.get("started_on", "").strip()
    current = _current(session, pupil, kind)
    if current is not None and started and _day(started, "started_on") == current.started_on:
        return RowWork("unchanged", [])
    data: dict[str, object] = {"pupil": pupil.id, "started_on": started}
    data |= given(values, "review_due_on", "local_authority")
    handler = add_health_care_plan if kind is PlanKind.HEALTH_CARE else add_pep
    outcome = handler(session=session, actor=actor, data=data, now=now)
    return RowWork("created", list(outcome.notices))


def _current(session: Session, pupil: Pupil, kind: PlanKind) -> Plan | None:
    plans = active_plans(session, pupil, kind)
    return plans[-1] if plans else None


def _day(text: str, column: str) -> object:
    try:
        return iso_date(text)
    except ValueError as error:
        raise RowProblem(column, str(error)) from None


PLANS = SetupKind(
    name="plans",
    required=REQUIRED,
    optional=OPTIONAL,
    apply=_apply,
    columns={
        "pupil": "upn",
        "issued_on": "started_on",
        "targets": "outcomes",
    },
)
