"""The SEN register, plans, reviews and needs assessments (SENDCO), and the head's figures."""

from __future__ import annotations

from typing import Any

from handlers.access import Permission
from handlers.catalogue.adapters import without
from handlers.catalogue.model import Action, Kind, phrase
from handlers.overview import register_counts, reviews_due
from handlers.plans.assessments import (
    advice_dates_form,
    decision_form,
    record_assessment_advice,
    record_assessment_decision,
    request_assessment,
    request_form,
)
from handlers.plans.create import add_health_care_plan, add_pep, create_support_plan
from handlers.plans.ehcp import record_ehcp
from handlers.plans.forms import (
    amendment_form,
    dated_plan_form,
    ehcp_form,
    milestone_form,
    review_meeting_form,
    review_outcome_form,
    support_plan_form,
)
from handlers.plans.reviews import (
    complete_milestone,
    record_amendment,
    record_review_outcome,
    schedule_review_meeting,
)
from handlers.register import provision_form, sen_register, set_sen_provision
from handlers.reminders.exceptions import exception_form, record_deadline_exception
from handlers.reminders.settings import ReminderSettings
from storage.codes import PlanKind

REGISTER = r"(sen support|the (sen )?register|k|the sen register)"
PLANS = Permission.MANAGE_PLANS


def _periods(settings: ReminderSettings) -> dict[str, Any]:
    return {"periods": settings.periods}


def _ehcp_settings(settings: ReminderSettings) -> dict[str, Any]:
    # The school's phase-transfer years (e.g. Year 2 for an infant school) as the reminders.
    return _periods(settings) | {"transfer_years": settings.phase_transfer_years}


ACTIONS = (
    Action(
        "register.show", "SEN register", Kind.SHOW, without(sen_register, "now"),
        permission=Permission.READ_REGISTER, group="Register",
        phrases=(phrase(r"^\s*(show |open |see |get |view )?(me )?(the |our )?sen register\s*\??$"),
                 phrase(r"\b(show|see|open|view) (me )?(the |our )?(sen )?register\b")),
        examples=("show me the SEN register",),
    ),
    Action(
        "register.counts", "SEN numbers", Kind.SHOW, register_counts,
        permission=Permission.READ_REGISTER, group="Register",
        phrases=(phrase(r"\bhow many\b.*\b(sen|ehc|ehcps?|register|send|plans?)\b"),
                 phrase(r"\b(sen|send|register) (numbers|figures|counts|breakdown|totals?)\b")),
        examples=("how many children are on SEN support?",),
    ),
    Action(
        "register.set_provision", "SEN register", Kind.FORM, set_sen_provision,
        permission=PLANS, needs="pupil_id", group="Register",
        form=lambda s, a, ids, now: provision_form(session=s, actor=a, pupil_id=ids["pupil_id"]),
        phrases=(phrase(r"\b(put|place|add) (?P<who>.+?) (on|onto|to) " + REGISTER + r"\b",
                        sen_status="K"),
                 phrase(r"\b(take|remove) (?P<who>.+?) off " + REGISTER + r"\b", sen_status="N"),
                 phrase(r"\b(change|update|set) (?P<who>.+?)('s)? (primary |secondary )?needs?\b"),
                 phrase(r"\b(update|change) (?P<who>.+?)('s)? (sen )?(status|register entry)\b")),
        examples=("put Ravi on SEN support",),
    ),
    Action(
        "reviews.due", "Reviews due", Kind.SHOW, reviews_due,
        configured=_periods, permission=Permission.READ_REGISTER, group="Reviews",
        phrases=(phrase(r"\breviews?\b.*\b(due|overdue|late|this week|coming up)\b"),
                 phrase(r"\b(overdue|late|upcoming) reviews?\b")),
        examples=("which reviews are overdue?",),
    ),
    Action(
        "plan.create_support", "New SEN support plan", Kind.FORM,
        without(create_support_plan, "pupil_id"),
        configured=_periods, permission=PLANS, needs="pupil_id", blank=True, group="Plans",
        form=lambda s, a, ids, now: support_plan_form(
            session=s, actor=a, pupil_id=ids.get("pupil_id"), now=now
        ),
        phrases=(phrase(r"\b(new|write|start|create|add|record|set up|do)\b.*\b(sen )?support plan\b"),
                 phrase(r"\b(sen )?support plan for\b"),
                 phrase(r"\b(new|write|start|create|add|record|set up)\b.*\b(iep|apdr|individual plan)\b")),
        examples=("new SEN support plan for Ravi",),
    ),
    Action(
        "plan.record_ehcp", "Record an EHC plan", Kind.FORM, without(record_ehcp, "pupil_id"),
        configured=_ehcp_settings, permission=PLANS, needs="pupil_id", blank=True, group="Plans",
        form=lambda s, a, ids, now: ehcp_form(session=s, actor=a, pupil_id=ids.get("pupil_id")),
        phrases=(phrase(r"\b(record|add|new|enter|log)\b.*\b(ehcp?|ehc plan|education,? health and care plan)\b"),
                 phrase(r"\b(ehcp?|ehc plan) (was |has been )?(issued|finali[sz]ed|came through)\b"),
                 phrase(r"\b(has|got|now has) (an? |her |his |their )?(final )?(ehcp?|ehc plan)\b")),
        examples=("record an EHCP for Ravi",),
    ),
    Action(
        "plan.add_health_care", "Record a Health Care Plan", Kind.FORM,
        without(add_health_care_plan, "pupil_id"),
        configured=_periods, permission=PLANS, needs="pupil_id", blank=True, group="Plans",
        form=lambda s, a, ids, now: dated_plan_form(
            session=s, actor=a, kind=PlanKind.HEALTH_CARE, pupil_id=ids.get("pupil_id")
        ),
        phrases=(phrase(r"\b(health ?care plan|ihcp?)\b"),),
        examples=("record a health care plan for Ravi",),
    ),
    Action(
        "plan.add_pep", "Record a PEP", Kind.FORM, without(add_pep, "pupil_id"),
        configured=_periods, permission=PLANS, needs="pupil_id", blank=True, group="Plans",
        form=lambda s, a, ids, now: dated_plan_form(
            session=s, actor=a, kind=PlanKind.PEP, pupil_id=ids.get("pupil_id")
        ),
        phrases=(phrase(r"\b(record|add|new|log)\b.*\b(pep|personal education plan)\b"),),
        examples=("record a PEP for Ravi",),
    ),
    Action(
        "review.schedule_meeting", "Book the review meeting", Kind.FORM, schedule_review_meeting,
        configured=_periods, permission=PLANS, needs="review_id", group="Reviews",
        form=lambda s, a, ids, now: review_meeting_form(session=s, actor=a, review_id=ids["review_id"]),
        phrases=(phrase(r"\breview\b.*\b(booked|book|schedule|scheduled|arrange|arranged|is on|will be)\b"),
                 phrase(r"\b(book|schedule|arrange|move)\b.*\breview\b")),
        examples=("Ravi's review is booked for 14th January",),
    ),
    Action(
        "review.record_outcome", "Record the outcome", Kind.FORM, record_review_outcome,
        configured=_periods, permission=PLANS, needs="review_id", group="Reviews",
        form=lambda s, a, ids, now: review_outcome_form(session=s, actor=a, review_id=ids["review_id"]),
        phrases=(phrase(r"\b(record|log|enter)\b.*\b(review|outcome)\b.*\b(outcome|held|result)s?\b"),
                 phrase(r"\breview (was |has been )?(held|done|happened)\b"),
                 phrase(r"\b(held|had|did) (her|his|their|the|\w+'s) review\b")),
        examples=("Ravi's review was held today",),
    ),
    Action(
        "review.complete_milestone", "Statutory step done", Kind.FORM, complete_milestone,
        permission=PLANS, needs="review_id", group="Reviews",
        form=lambda s, a, ids, now: milestone_form(session=s, actor=a, review_id=ids["review_id"]),
        phrases=(phrase(r"\b(papers|invitations?|invites?|notices?|report|advice)\b.*\b(sent|went out|gone out|done)\b.*\breview\b"),
                 phrase(r"\b(statutory|review) (step|milestone)s? (done|completed)\b"),
                 phrase(r"\b(tick|mark)\b.*\b(step|milestone)\b")),
        examples=("tick off a statutory step for Ravi's review",),
    ),
    Action(
        "review.record_amendment", "Amendment dates", Kind.FORM, record_amendment,
        configured=_periods, permission=PLANS, needs="review_id", group="Reviews",
        form=lambda s, a, ids, now: amendment_form(session=s, actor=a, review_id=ids["review_id"]),
        phrases=(phrase(r"\b(amendment notice|amended (ehc )?plan|proposed amendments)\b"),),
        examples=("the amended plan for Ravi was issued",),
    ),
    Action(
        "assessment.request", "Request a needs assessment", Kind.FORM, request_assessment,
        permission=PLANS, group="Plans",
        form=lambda s, a, ids, now: request_form(session=s, actor=a),
        phrases=(phrase(r"\b(request|requested|apply for|applied for|asked for|ask for)\b.*\b(needs assessment|ehc ?na|ehc assessment|statutory assessment)\b"),
                 phrase(r"\b(needs assessment|ehcna) (request|application)\b")),
        examples=("we've requested a needs assessment for Ravi",),
    ),
    Action(
        "assessment.decision", "The LA's decision", Kind.FORM, record_assessment_decision,
        permission=PLANS, needs="assessment_id", group="Plans",
        form=lambda s, a, ids, now: decision_form(session=s, actor=a, request_id=ids["assessment_id"]),
        phrases=(phrase(r"\b(la|local authority|council|panel)\b.*\b(agreed|refused|decided|declined|will assess|won'?t assess|decision|turned)\b"),),
        examples=("the LA agreed to assess Ravi",),
    ),
    Action(
        "assessment.advice", "School advice dates", Kind.FORM, record_assessment_advice,
        permission=PLANS, needs="assessment_id", group="Plans",
        form=lambda s, a, ids, now: advice_dates_form(session=s, actor=a, request_id=ids["assessment_id"]),
        phrases=(phrase(r"\b(sent|send|submitted) (our|the school'?s?|my) advice\b"),
                 phrase(r"\b(la|local authority) (asked|wants?) (for )?(our|the school'?s?) advice\b")),
        examples=("we sent our advice to the LA for Ravi",),
    ),
    Action(
        "deadline.exception", "Timescale exception", Kind.FORM, record_deadline_exception,
        permission=PLANS, group="Reviews",
        form=lambda s, a, ids, now: exception_form(session=s, actor=a),
        phrases=(phrase(r"\b(timescale|deadline) exception\b"),
                 phrase(r"\bexception to (the |a )?(timescale|deadline)\b")),
        examples=("record a timescale exception",),
    ),
)  # fmt: skip
