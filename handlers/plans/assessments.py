"""EHC needs assessments: the request to the LA, the school's advice when the LA asks for it
(reg 8: within 6 weeks), and each decision the LA makes — to assess or not (regs 4-5), to
issue a plan or not (reg 10), the final plan (reg 13) — so the reminders stop, move on, or
tell the SENDCO about the family's 2-month appeal window."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy.orm import Session

from handlers import access, audit, statutory
from handlers.clock import school_today
from handlers.errors import Conflict, NotFound
from handlers.plans.common import past_or_today, raise_problems
from handlers.plans.inputs import pupil_id
from handlers.pupils.lookup import visible_pupil
from handlers.validation import parse
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form, Outcome, Reply
from storage.codes import AssessmentStatus, AuditAction
from storage.models import AssessmentRequest

S = AssessmentStatus
Decision = Literal["agreed", "refused", "plan_issued", "no_plan", "withdrawn"]
# What the LA may decide next, from where the request stands.
NEXT: dict[S, frozenset[S]] = {
    S.REQUESTED: frozenset({S.AGREED, S.REFUSED, S.WITHDRAWN}),
    S.AGREED: frozenset({S.PLAN_ISSUED, S.NO_PLAN, S.WITHDRAWN}),
}
DECISION_LABELS = {
    S.AGREED: "The LA agreed to assess",
    S.REFUSED: "The LA refused to assess",
    S.PLAN_ISSUED: "The final EHC plan was issued",
    S.NO_PLAN: "The LA decided not to issue a plan",
    S.WITHDRAWN: "The request was withdrawn",
}
APPEALABLE = frozenset({S.REFUSED, S.NO_PLAN})
APPEAL_MONTHS = 2  # the family may appeal to the tribunal within 2 months of the decision


def assessment_ref(request_id: int) -> str:
    return f"EHCNA-{request_id:05d}"


def appeal_deadline(decided_on: date) -> date:
    return statutory.add_months(decided_on, APPEAL_MONTHS)


class AssessmentRequestInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    pupil: int
    requested_on: date
    notes: str = ""

    @field_validator("pupil", mode="before")
    @classmethod
    def _pupil(cls, value: object) -> object:
        return pupil_id(value)


class DecisionInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    decision: Decision
    decided_on: date
    note: str = ""


class AdviceInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    asked_on: date | None = None
    sent_on: date | None = None


def request_assessment(
    *, session: Session, actor: Actor, data: Mapping[str, Any], now: datetime
) -> Outcome:
    """The school asked the LA for an EHC needs assessment (the 6/16/20 weeks run from the
    day the LA received it)."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    form = parse(AssessmentRequestInput, data)
    pupil = visible_pupil(session, actor, form.pupil, field="pupil")
    problems: dict[str, str] = {}
    past_or_today(problems, "requested_on", form.requested_on, school_today(now))
    raise_problems(problems)
    request = AssessmentRequest(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        requested_on=form.requested_on,
        status=S.REQUESTED.value,
        notes=form.notes.strip(),
    )
    session.add(request)
    session.flush()
    _audit(session, actor, request, "requested")
    dates = statutory.assessment_deadlines(form.requested_on)
    return Outcome(
        reply=Reply(
            title=f"EHC needs assessment request {assessment_ref(request.id)} recorded for "
            f"{pupil.known_as}",
            fields=(
                ("LA decides whether to assess by", dates.decide_to_assess.isoformat()),
                ("Final plan due by", dates.final_plan.isoformat()),
            ),
        ),
        record_id=request.id,
    )


def record_assessment_decision(
    *, session: Session, actor: Actor, request_id: int, data: Mapping[str, Any], now: datetime
) -> Outcome:
    """A decision by the LA: the request moves on and its reminders stop or change."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    request = _request(session, actor, request_id)
    form = parse(DecisionInput, data)
    decision, current = S(form.decision), S(request.status)
    if decision not in NEXT.get(current, frozenset()):
        raise Conflict(
            f"{assessment_ref(request.id)} is {current.value.replace('_', ' ')}: "
            f"it can't become {decision.value.replace('_', ' ')} now."
        )
    problems: dict[str, str] = {}
    past_or_today(problems, "decided_on", form.decided_on, school_today(now))
    if form.decided_on < request.requested_on:
        problems["decided_on"] = "That is before the request was made"
    raise_problems(problems)
    request.status = decision.value
    request.decided_on = form.decided_on
    if decision is S.PLAN_ISSUED:
        request.plan_issued_on = form.decided_on
    if decision is S.AGREED and request.advice_asked_on is None:
        request.advice_asked_on = form.decided_on  # the LA asks for advice as it starts
    if form.note.strip():
        request.notes = (request.notes + "\n" if request.notes else "") + form.note.strip()
    _audit(session, actor, request, decision.value)
    lines: list[str] = []
    if decision in APPEALABLE:
        lines.append(
            "The family may appeal to the SEND tribunal within 2 months of the decision "
            f"(by {appeal_deadline(form.decided_on).isoformat()}), or within a month of a "
            "mediation certificate. Make sure they have the decision letter."
        )
    if decision is S.AGREED:
        due = statutory.advice_due(request.advice_asked_on or form.decided_on)
        lines.append(f"The school's advice is due within 6 weeks: by {due.isoformat()} (reg 8).")
    if decision is S.PLAN_ISSUED:
        lines.append("Record the EHC plan itself so its annual review is scheduled.")
    return Outcome(
        reply=Reply(
            title=f"{DECISION_LABELS[decision]}: {assessment_ref(request.id)}", lines=tuple(lines)
        ),
        record_id=request.id,
    )


def record_assessment_advice(
    *, session: Session, actor: Actor, request_id: int, data: Mapping[str, Any], now: datetime
) -> Outcome:
    """When the LA asked for the school's advice, and when the school sent it."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    request = _request(session, actor, request_id)
    form = parse(AdviceInput, data)
    today = school_today(now)
    problems: dict[str, str] = {}
    past_or_today(problems, "asked_on", form.asked_on, today)
    past_or_today(problems, "sent_on", form.sent_on, today)
    raise_problems(problems)
    if form.asked_on is not None:
        request.advice_asked_on = form.asked_on
    if form.sent_on is not None:
        request.advice_sent_on = form.sent_on
    _audit(session, actor, request, "advice")
    return Outcome(
        reply=Reply(title=f"School advice recorded for {assessment_ref(request.id)}"),
        record_id=request.id,
    )


def decision_form(*, session: Session, actor: Actor, request_id: int) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    request = _request(session, actor, request_id)
    allowed = sorted(NEXT.get(S(request.status), frozenset()), key=lambda s: s.value)
    return Form(
        action="assessment.decision",
        title="The LA's decision",
        fields=(
            Field(
                "decision",
                "What did the LA decide?",
                FieldKind.CHOICE,
                choices=tuple(Choice(s.value, DECISION_LABELS[s]) for s in allowed),
            ),
            Field("decided_on", "On what date?", FieldKind.DATE),
            Field("note", "Anything to note", FieldKind.LONG_TEXT, required=False),
        ),
    )


def advice_dates_form(*, session: Session, actor: Actor, request_id: int) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    request = _request(session, actor, request_id)
    return Form(
        action="assessment.advice",
        title=f"School advice for {assessment_ref(request.id)}",
        fields=(
            Field("asked_on", "When the LA asked for the school's advice", FieldKind.DATE,
                  required=False, help="The 6 weeks for the advice run from this date."),
            Field("sent_on", "When the school sent it", FieldKind.DATE, required=False),
        ),
    )  # fmt: skip


def request_form(*, session: Session, actor: Actor) -> Form:
    access.require(actor, access.Permission.MANAGE_PLANS)
    return Form(
        action="assessment.request",
        title="Request an EHC needs assessment",
        fields=(
            Field("pupil", "Pupil", FieldKind.PUPIL, search="school_pupils"),
            Field("requested_on", "Date the LA received the request", FieldKind.DATE),
            Field("notes", "Notes", FieldKind.LONG_TEXT, required=False),
        ),
    )


def _request(session: Session, actor: Actor, request_id: int) -> AssessmentRequest:
    request = session.get(AssessmentRequest, request_id)
    if request is None or request.school_id != actor.school_id:
        raise NotFound(f"There is no needs assessment request {assessment_ref(request_id)}.")
    return request


def _audit(session: Session, actor: Actor, request: AssessmentRequest, what: str) -> None:
    audit.record(
        session, action=AuditAction.UPDATE if what != "requested" else AuditAction.CREATE,
        entity="assessment_request", entity_id=request.id, school_id=actor.school_id,
        actor_id=actor.staff_id, detail={"what": what, "status": request.status},
    )  # fmt: skip
