"""One record of every kind an action can need, in the test world (tests/worlds.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.advice import ask_advice
from handlers.concerns import log_concern
from handlers.plans.assessments import request_assessment
from handlers.plans.create import create_support_plan
from handlers.reminders.rules.ehcp import ANNUAL_RULE
from handlers.unit_of_work import perform
from storage.models import OutboxNotice, Review
from tests.worlds import World


def make_records(sessions: sessionmaker[Session], world: World, now: datetime) -> dict[str, int]:
    """needs name -> an id of that kind the SENDCO may act on."""
    teacher, sendco = world.actor("teacher_2c"), world.actor("sendco")
    ravi, amira = world.pupils["ravi"], world.pupils["amira"]
    seen = {"pupils": [ravi], "observed": "Ravi can't copy from the board."}
    asked = {"question": "How can I help Ravi with spelling?", "pupil_id": ravi}
    planned = {"pupil": ravi, "targets": "Reads 50 words | Precision Teaching"}
    requested = {"pupil": amira, "requested_on": now.date().isoformat()}
    concern = perform(sessions, log_concern, actor=teacher, now=now, data=seen)
    advice = perform(sessions, ask_advice, actor=teacher, now=now, data=asked)
    plan = perform(sessions, create_support_plan, actor=sendco, now=now, data=planned)
    assessment = perform(sessions, request_assessment, actor=sendco, now=now, data=requested)
    for outcome in (concern, advice, plan, assessment):
        assert outcome.ok and outcome.record_id is not None, outcome.reply.text()
    with sessions.begin() as session:
        review = session.scalars(select(Review.id).where(Review.plan_id == plan.record_id)).one()
        notice = OutboxNotice(
            key="test-reminder", school_id=sendco.school_id, rule=ANNUAL_RULE, subject="R-1",
            due_on=date(2026, 12, 1), recipient_id=sendco.staff_id,
            message="The annual review is due", payload={"title": "The annual review is due"},
        )  # fmt: skip
        session.add(notice)
        session.flush()
        notice_id = notice.id
    return {
        "pupil_id": ravi,
        "intervention_id": world.interventions["plus_one"],
        "review_id": review,
        "concern_id": concern.record_id or 0,
        "request_id": advice.record_id or 0,
        "assessment_id": assessment.record_id or 0,
        "notice_id": notice_id,
    }
