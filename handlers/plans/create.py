"""Recording SEN support plans, Health Care Plans and PEPs, each with its first review
scheduled by the rules of handlers.statutory (EHC plans: handlers.plans.ehcp)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers import access, statutory
from handlers.clock import school_today
from handlers.plans.common import (
    in_future,
    past_or_today,
    plan_label,
    plan_ref,
    raise_problems,
    review_label,
    review_ref,
)
from handlers.plans.inputs import DatedPlanInput, SupportPlanInput
from handlers.plans.writing import add_plan_with_review, end_active_plans
from handlers.pupils.lookup import class_teacher_ids, key_adult_ids, visible_pupil
from handlers.statutory import DEFAULT_PERIODS, StatutoryPeriods
from handlers.validation import parse
from handlers.vocabulary import Actor, Button, Notice, Outcome, Reply
from storage.codes import PlanKind, ReviewKind, SenProvision
from storage.models import Plan, PlanTarget, Pupil


def create_support_plan(
    *,
    session: Session,
    actor: Actor,
    data: SupportPlanInput | Mapping[str, Any],
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> Outcome:
    """A new SEN support plan (outcomes and provision) replacing any active one, with its
    review scheduled termly unless a date is given."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    form = parse(SupportPlanInput, data)
    pupil = visible_pupil(session, actor, form.pupil, field="pupil")
    today = school_today(now)
    problems: dict[str, str] = {}
    in_future(problems, "review_due_on", form.review_due_on, today)
    raise_problems(problems)
    due = form.review_due_on or statutory.sen_support_review_due(today, periods)

    replaced = end_active_plans(session, actor, pupil, PlanKind.SEN_SUPPORT, today)
    plan = Plan(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=PlanKind.SEN_SUPPORT.value,
        started_on=today,
        review_due_on=due,
        parent_views=form.parent_views,
        pupil_views=form.pupil_views,
        created_by_id=actor.staff_id,
        targets=[PlanTarget(outcome=t.outcome, provision=t.provision) for t in form.targets],
    )
    review = add_plan_with_review(session, actor, pupil, plan, ReviewKind.SEN_SUPPORT, due, now)
    lines = [f"• {t.outcome}" + (f" — {t.provision}" if t.provision else "") for t in form.targets]
    lines += [f"Replaces {plan_ref(p.id)}, now ended." for p in replaced]
    buttons = [Button(action="pupil.open", label="Open record", value=str(pupil.id))]
    if pupil.sen_status == SenProvision.NONE.value:
        lines.append(
            f"{pupil.known_as} is not on the SEN register (N): set their provision to "
            "K (SEN support) if this plan starts SEN support."
        )
        buttons.insert(0, Button("register.set_provision", "Update SEN register", str(pupil.id)))
    reply = Reply(
        title=f"SEN support plan {plan_ref(plan.id)} for {pupil.known_as}",
        fields=(
            ("Outcomes", str(len(form.targets))),
            ("Review due", due.isoformat()),
            ("Review", review_ref(review.id)),
        ),
        lines=tuple(lines),
        buttons=tuple(buttons),
    )
    return Outcome(
        reply=reply,
        notices=_plan_notices(session, actor, pupil, plan, due, today),
        record_id=plan.id,
    )


def add_health_care_plan(
    *,
    session: Session,
    actor: Actor,
    data: DatedPlanInput | Mapping[str, Any],
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> Outcome:
    """A Health Care Plan and its next review (yearly unless a date is given)."""
    return _dated_plan(
        session,
        actor,
        data,
        now,
        PlanKind.HEALTH_CARE,
        ReviewKind.HEALTH_CARE,
        lambda day: statutory.health_care_review_due(day, periods),
    )


def add_pep(
    *,
    session: Session,
    actor: Actor,
    data: DatedPlanInput | Mapping[str, Any],
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> Outcome:
    """A looked-after child's Personal Education Plan and its next (termly) review."""
    return _dated_plan(
        session,
        actor,
        data,
        now,
        PlanKind.PEP,
        ReviewKind.PEP,
        lambda day: statutory.pep_review_due(day, periods),
    )


def _dated_plan(
    session: Session,
    actor: Actor,
    data: DatedPlanInput | Mapping[str, Any],
    now: datetime,
    kind: PlanKind,
    review_kind: ReviewKind,
    next_due: Callable[[date], date],
) -> Outcome:
    access.require(actor, access.Permission.MANAGE_PLANS)
    form = parse(DatedPlanInput, data)
    pupil = visible_pupil(session, actor, form.pupil, field="pupil")
    today = school_today(now)
    problems: dict[str, str] = {}
    past_or_today(problems, "started_on", form.started_on, today)
    in_future(problems, "review_due_on", form.review_due_on, today)
    raise_problems(problems)
    # By default one period after the start; a plan started long ago is reviewed one
    # period from today rather than shown overdue from a date nobody entered.
    due = form.review_due_on or next_due(form.started_on)
    if form.review_due_on is None and due <= today:
        due = next_due(today)
    replaced = end_active_plans(session, actor, pupil, kind, today)
    plan = Plan(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=kind.value,
        started_on=form.started_on,
        review_due_on=due,
        local_authority=form.local_authority,
        created_by_id=actor.staff_id,
    )
    review = add_plan_with_review(session, actor, pupil, plan, review_kind, due, now)
    lines = [f"Replaces {plan_ref(p.id)}, now ended." for p in replaced]
    if kind is PlanKind.PEP and not pupil.looked_after:
        lines.append(f"Note: {pupil.known_as} is not recorded as looked after.")
    reply = Reply(
        title=f"{plan_label(kind)} {plan_ref(plan.id)} recorded for {pupil.known_as}",
        fields=(
            ("Started", form.started_on.isoformat()),
            (f"{review_label(review_kind)} due", due.isoformat()),
            ("Review", review_ref(review.id)),
        ),
        lines=tuple(lines),
        buttons=(Button("pupil.open", "Open record", str(pupil.id)),),
    )
    return Outcome(reply=reply, record_id=plan.id)


def _plan_notices(
    session: Session, actor: Actor, pupil: Pupil, plan: Plan, due: date, today: date
) -> list[Notice]:
    """Tell the pupil's class teachers and key adults, who deliver the provision."""
    recipients = dict.fromkeys(class_teacher_ids(session, pupil) + key_adult_ids(session, pupil))
    reply = Reply(
        title=f"New SEN support plan for {pupil.known_as} ({pupil.class_name})",
        fields=(("Outcomes", str(len(plan.targets))), ("Review due", due.isoformat())),
        lines=tuple(f"• {t.outcome}" for t in plan.targets),
        buttons=(Button("pupil.open", "Open record", str(pupil.id)),),
    )
    return [
        Notice(
            key=f"plan:{plan.id}:staff:{staff_id}",
            reply=reply,
            on=today,
            rule="plan.created",
            staff_id=staff_id,
            subject_ref=plan_ref(plan.id),
        )
        for staff_id in recipients
        if staff_id != actor.staff_id
    ]
