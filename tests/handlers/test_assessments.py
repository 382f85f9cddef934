"""EHC needs assessments from request to decision, with dates worked out from the
regulations by hand first: the LA's 6/16/20 weeks, the school's advice within 6 weeks of
being asked (reg 8), and the family's 2-month appeal window after a refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from handlers.plans.assessments import (
    record_assessment_advice,
    record_assessment_decision,
    request_assessment,
)
from handlers.reminders.facts import load_facts
from handlers.reminders.rules.assessment import assessment_deadlines
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from tests.handlers.reminders.builders import ctx
from tests.worlds import World

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def act(sessions: sessionmaker[Session], world: World, handler: Any, **kwargs: Any) -> Outcome:
    return perform(sessions, handler, actor=world.actor("sendco"), now=NOW, **kwargs)


def due_on(sessions: sessionmaker[Session], world: World, day: str) -> dict[str, date]:
    with sessions() as session:
        facts = load_facts(session, school_id=world.school_ids["a"])
    return {r.rule: r.due for r in assessment_deadlines(facts, ctx(day))}


def requested(sessions: sessionmaker[Session], world: World) -> int:
    outcome = act(sessions, world, request_assessment,
                  data={"pupil": world.pupils["ravi"], "requested_on": "2026-10-05"})  # fmt: skip
    assert outcome.ok and outcome.record_id is not None, outcome.reply.text()
    return outcome.record_id


def test_agreed_to_assess_then_the_schools_advice_is_chased_and_the_plan_stops_it(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = requested(sessions, world)
    # Requested Mon 5 Oct 2026: decision by 16 Nov (6 weeks), final plan by 22 Feb 2027.
    assert due_on(sessions, world, "2026-11-16") == {"assessment_decision": date(2026, 11, 16)}

    agreed = act(sessions, world, record_assessment_decision, request_id=request_id,
                 data={"decision": "agreed", "decided_on": "2026-11-09"})  # fmt: skip
    assert agreed.ok and "by 2026-12-21 (reg 8)" in agreed.reply.text()
    # Advice asked 9 Nov: due Mon 21 Dec (in the holiday); chased a week ahead, 14 Dec.
    assert due_on(sessions, world, "2026-12-11") == {}
    assert due_on(sessions, world, "2026-12-14") == {"assessment_school_advice": date(2026, 12, 21)}

    act(sessions, world, record_assessment_advice, request_id=request_id,
        data={"sent_on": "2026-12-15"})  # fmt: skip
    assert due_on(sessions, world, "2027-01-25") == {
        "assessment_no_plan_decision": date(2027, 1, 25),  # 16 weeks (reg 10)
    }
    issued = act(sessions, world, record_assessment_decision, request_id=request_id,
                 data={"decision": "plan_issued", "decided_on": "2027-02-15"})  # fmt: skip
    assert issued.ok
    assert due_on(sessions, world, "2027-02-22") == {}  # nothing chased any more


def test_a_refusal_stops_the_chasing_and_gives_the_appeal_window(
    world: World, sessions: sessionmaker[Session]
) -> None:
    request_id = requested(sessions, world)
    refused = act(sessions, world, record_assessment_decision, request_id=request_id,
                  data={"decision": "refused", "decided_on": "2026-11-09"})  # fmt: skip
    assert refused.ok and "by 2027-01-09" in refused.reply.text()
    # 2 months from Mon 9 Nov 2026: Sat 9 Jan 2027; told from the decision on.
    assert due_on(sessions, world, "2026-11-09") == {"assessment_appeal_window": date(2027, 1, 9)}
    assert due_on(sessions, world, "2027-01-11") == {}  # the window has closed


def test_a_decision_out_of_turn_is_refused(world: World, sessions: sessionmaker[Session]) -> None:
    request_id = requested(sessions, world)
    early = act(sessions, world, record_assessment_decision, request_id=request_id,
                data={"decision": "plan_issued", "decided_on": "2026-11-09"})  # fmt: skip
    assert not early.ok and "can't become plan issued" in early.reply.title
    before = act(sessions, world, record_assessment_decision, request_id=request_id,
                 data={"decision": "agreed", "decided_on": "2026-10-01"})  # fmt: skip
    assert "before the request" in before.errors["decided_on"]
    data = {"pupil": world.pupils["ravi"], "requested_on": "2026-10-05"}
    teacher = perform(
        sessions, request_assessment, actor=world.actor("teacher_2c"), now=NOW, data=data
    )
    assert not teacher.ok


def test_a_timescale_exception_holds_the_reminder_back_then_shows_its_reason(
    world: World, sessions: sessionmaker[Session]
) -> None:
    from handlers.reminders.due import due_reminders
    from handlers.reminders.exceptions import record_deadline_exception
    from tests.handlers.reminders.builders import CALENDAR

    request_id = requested(sessions, world)
    act(sessions, world, record_assessment_decision, request_id=request_id,
        data={"decision": "agreed", "decided_on": "2026-11-09"})  # fmt: skip
    reason = "School closed for 4 weeks after the flood (reg 13(3))"
    recorded = act(sessions, world, record_deadline_exception, data={
        "rule": "assessment_final_plan", "ref": f"EHCNA-{request_id:05d}",
        "reason": reason, "until": "2027-03-22"})  # fmt: skip
    assert recorded.ok, recorded.errors

    def final_plan(day: str) -> list[tuple[str, str]] | None:
        with sessions() as session:
            facts = load_facts(session, school_id=world.school_ids["a"])
        moment = datetime.fromisoformat(day + "T09:00:00+00:00")
        found = [r for r in due_reminders(facts, now=moment, calendar=CALENDAR)
                 if r.rule == "assessment_final_plan"]  # fmt: skip
        return list(found[0].fields) if found else None

    # The 20 weeks end Mon 22 Feb 2027: held back until 22 Mar, then shown with the reason.
    assert final_plan("2027-02-22") is None
    shown = final_plan("2027-03-22")
    assert shown is not None
    assert ("Timescale exception", f"{reason} (held back until 2027-03-22)") in shown

    wrong = act(sessions, world, record_deadline_exception,
                    data={"rule": "no_such_rule", "ref": "X", "reason": "because"})  # fmt: skip
    assert "is not a reminder" in wrong.errors["rule"]
