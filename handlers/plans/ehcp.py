"""Recording an EHC plan: the plan, its annual review due by the statutory rule, and the
pupil's SEN provision set to E through the register."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers import access, audit, statutory
from handlers.clock import school_today
from handlers.errors import Conflict, InvalidInput
from handlers.plans.common import past_or_today, plan_ref, raise_problems, review_ref
from handlers.plans.inputs import EhcpInput
from handlers.plans.writing import active_plans, add_plan_with_review
from handlers.pupils.census import census_problems
from handlers.pupils.labels import provision_label
from handlers.pupils.lookup import visible_pupil
from handlers.register import apply_provision, register_notices
from handlers.statutory import DEFAULT_PERIODS, StatutoryPeriods
from handlers.validation import parse
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import AuditAction, NeedType, PlanKind, ReviewKind, ReviewStatus, SenProvision
from storage.models import Plan, Pupil, RegisterChange, Review


def record_ehcp(
    *,
    session: Session,
    actor: Actor,
    data: EhcpInput | Mapping[str, Any],
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
    transfer_years: tuple[int, ...] = statutory.DEFAULT_TRANSFER_YEARS,
) -> Outcome:
    """An EHC plan issued by the LA: the plan, its annual review due 12 months after issue
    (or the last review), and the pupil's SEN provision set to E if it was not already."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    form = parse(EhcpInput, data)
    pupil = visible_pupil(session, actor, form.pupil, field="pupil")
    today = school_today(now)
    problems: dict[str, str] = {}
    past_or_today(problems, "issued_on", form.issued_on, today)
    past_or_today(problems, "last_reviewed_on", form.last_reviewed_on, today)
    # A last review before the issue date is an amended plan re-issued after that review:
    # the review clock still runs from the review (CFA 2014 s.44(1)(b)).
    raise_problems(problems)
    existing = active_plans(session, pupil, PlanKind.EHCP)
    undated = existing[0] if len(existing) == 1 and existing[0].date_unknown else None
    if existing and undated is None:
        raise Conflict(
            f"{pupil.known_as} already has an EHC plan ({plan_ref(existing[0].id)}, issued "
            f"{existing[0].started_on.isoformat()}): record its reviews instead."
        )

    change = _make_ehcp_status(session, actor, pupil, form, now)
    due = statutory.next_annual_review_due(form.issued_on, form.last_reviewed_on, periods)
    if undated is not None:
        # Imported without its issue date (the SENDCO was reminded): the plan gets its dates.
        plan = undated
        review = _date_the_plan(session, actor, pupil, plan, form, due, now)
    else:
        plan = Plan(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            kind=PlanKind.EHCP.value,
            started_on=form.issued_on,
            last_reviewed_on=form.last_reviewed_on,
            review_due_on=due,
            local_authority=form.local_authority,
            created_by_id=actor.staff_id,
        )
        review = add_plan_with_review(session, actor, pupil, plan, ReviewKind.EHCP_ANNUAL, due, now)
    lines: list[str] = []
    if due < today:
        lines.append(f"The annual review is overdue: it was due by {due.isoformat()}.")
    if statutory.is_under_five(pupil.date_of_birth, today):
        recommended, latest = statutory.under_five_review_window(
            form.last_reviewed_on or form.issued_on, periods
        )
        lines.append(
            f"Under 5: consider reviewing every 3-6 months (from {recommended.isoformat()}, "
            f"by {latest.isoformat()} at the latest)."
        )
    # The school's own transfer years (REMINDER_PHASE_TRANSFER_YEARS), e.g. Year 2 for an
    # infant school: the surface passes the setting in.
    transfer = statutory.phase_transfer_deadline(
        pupil.year_group, today, transfer_years, periods=periods
    )
    if transfer is not None and transfer.year == statutory.academic_year_start(today) + 1:
        lines.append(f"Phase transfer: the plan must be amended by {transfer.isoformat()}.")
    if change is not None:
        lines.append(f"SEN register: now {provision_label(pupil.sen_status)}.")
    reply = Reply(
        title=f"EHC plan {plan_ref(plan.id)} recorded for {pupil.known_as}",
        fields=(
            ("Issued", form.issued_on.isoformat()),
            ("Local authority", form.local_authority),
            ("Annual review due by", due.isoformat()),
            ("Review", review_ref(review.id)),
        ),
        lines=tuple(lines),
        buttons=(
            Button("review.schedule_meeting", "Schedule the review meeting", str(review.id)),
            Button("pupil.open", "Open record", str(pupil.id)),
        ),
    )
    notices = (
        register_notices(session, actor=actor, pupil=pupil, change=change, today=today)
        if change is not None
        else []
    )
    return Outcome(reply=reply, notices=notices, record_id=plan.id)


def _date_the_plan(
    session: Session,
    actor: Actor,
    pupil: Pupil,
    plan: Plan,
    form: EhcpInput,
    due: date,
    now: datetime,
) -> Review:
    """Give an EHC plan imported without its issue date its dates, and book its annual
    review (or move the one already booked) to the date they give."""
    plan.started_on = form.issued_on
    plan.last_reviewed_on = form.last_reviewed_on
    plan.review_due_on = due
    plan.local_authority = form.local_authority
    plan.date_unknown = False
    booked = [r for r in plan.reviews if r.status == ReviewStatus.SCHEDULED.value]
    review = booked[0] if booked else None
    if review is None:
        review = Review(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            plan=plan,
            kind=ReviewKind.EHCP_ANNUAL.value,
            due_on=due,
            created_at=now,
        )
        session.add(review)
    elif review.meeting_on is None:
        review.due_on = due
    session.flush()
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="plan",
        entity_id=plan.id,
        school_id=pupil.school_id,
        actor_id=actor.staff_id,
        detail={"dates_entered": True, "review": review_ref(review.id)},
    )
    return review


def _make_ehcp_status(
    session: Session, actor: Actor, pupil: Pupil, form: EhcpInput, now: datetime
) -> RegisterChange | None:
    """Set provision E (keeping the needs, or taking the given primary need) via the register."""
    current = [n.need_code for n in sorted(pupil.needs, key=lambda n: n.rank)]
    needs = current
    if form.primary_need is not None:
        primary = form.primary_need.value
        rest = [c for c in current if c not in (primary, NeedType.NSA.value)]
        needs = [primary, *rest[:1]]
    if pupil.sen_status == SenProvision.EHCP.value and needs == current:
        return None
    need_types: list[NeedType | None] = [NeedType(c) for c in needs] + [None, None]
    problems = census_problems(SenProvision.EHCP, need_types[0], need_types[1])
    if problems:
        recorded = needs[0] if needs else "no need type"
        raise InvalidInput(
            {
                "primary_need": f"{pupil.known_as} has {recorded} recorded, and a pupil with "
                "an EHC plan needs an assessed primary need type: choose it here"
            }
        )
    reason = f"EHC plan issued {form.issued_on.isoformat()} by {form.local_authority}"
    return apply_provision(
        session,
        actor=actor,
        pupil=pupil,
        status=SenProvision.EHCP,
        needs=needs,
        reason=reason,
        now=now,
    )
