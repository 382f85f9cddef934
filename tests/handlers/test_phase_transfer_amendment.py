"""Phase transfer through an "amend" outcome to the final plan, with every date worked out by
hand from the regulations first: reg 22 (proposals within 4 weeks of the meeting, 15 days
for comments, the final plan within 8 weeks of the notice) and reg 18 (the amended plan by
15 February). The reminders stop only when the amended plan is recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.plans.ehcp import record_ehcp
from handlers.plans.reviews import record_amendment, record_review_outcome
from handlers.reminders.facts import load_facts
from handlers.reminders.rules.amendments import amendment_reminders
from handlers.reminders.rules.phase_transfer import phase_transfer_reviews
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from storage.models import Pupil, Review
from tests.handlers.reminders.builders import ctx
from tests.worlds import World


def act(
    sessions: sessionmaker[Session], world: World, handler: Any, on: str, **kwargs: Any
) -> Outcome:
    now = datetime.fromisoformat(on + "T09:00:00+00:00").astimezone(UTC)
    outcome = perform(sessions, handler, actor=world.actor("sendco"), now=now, **kwargs)
    assert outcome.ok, (outcome.reply.text(), outcome.errors)
    return outcome


def due(sessions: sessionmaker[Session], world: World, day: str) -> dict[str, date]:
    with sessions() as session:
        facts = load_facts(session, school_id=world.school_ids["a"])
    found = amendment_reminders(facts, ctx(day)) + phase_transfer_reviews(facts, ctx(day))
    return {r.rule: r.due for r in found}


def test_a_year_6_plan_is_amended_in_time_and_the_reminders_stop(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.get_one(Pupil, world.pupils["amira"]).year_group = 6
    data = {"pupil": world.pupils["amira"], "issued_on": "2026-03-10", "local_authority": "Leeds"}
    act(sessions, world, record_ehcp, "2026-09-07", data=data)
    with sessions() as session:
        review_id = session.scalars(select(Review.id)).one()

    # The review held on Mon 16 Nov 2026 decides to amend the plan.
    act(sessions, world, record_review_outcome, "2026-11-16", review_id=review_id,
        data={"held_on": "2026-11-16", "outcome": "amend"})  # fmt: skip
    # Reg 22: proposals by Mon 14 Dec (4 weeks); reminded a week ahead.
    assert due(sessions, world, "2026-12-04") == {}
    assert due(sessions, world, "2026-12-07") == {"ehcp_amendment": date(2026, 12, 14)}

    notice = act(sessions, world, record_amendment, "2026-12-07", review_id=review_id,
                 data={"notice_on": "2026-12-07"})  # fmt: skip
    # Comments until Tue 22 Dec (15 days); final plan by Mon 1 Feb 2027 (8 weeks).
    assert ("Family's comments until", "2026-12-22") in notice.reply.fields
    assert ("Final amended plan due by", "2027-02-01") in notice.reply.fields
    assert due(sessions, world, "2027-01-15") == {}
    # 25 Jan: a week before the final plan; reg 18's 15 Feb is 4 weeks off from 18 Jan.
    assert due(sessions, world, "2027-01-25") == {
        "ehcp_amendment": date(2027, 2, 1),
        "phase_transfer_amended_plan": date(2027, 2, 15),
    }

    act(sessions, world, record_amendment, "2027-01-28", review_id=review_id,
        data={"amended_on": "2027-01-28"})  # fmt: skip
    assert due(sessions, world, "2027-02-08") == {}  # amended in time: nothing left


def test_a_held_review_alone_does_not_meet_the_phase_transfer_deadline(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.get_one(Pupil, world.pupils["amira"]).year_group = 6
    data = {"pupil": world.pupils["amira"], "issued_on": "2026-03-10", "local_authority": "Leeds"}
    act(sessions, world, record_ehcp, "2026-09-07", data=data)
    with sessions() as session:
        review_id = session.scalars(select(Review.id)).one()
    act(sessions, world, record_review_outcome, "2026-11-16", review_id=review_id,
        data={"held_on": "2026-11-16", "outcome": "continue"})  # fmt: skip
    late = due(sessions, world, "2027-02-16")
    assert late["phase_transfer_amended_plan"] == date(2027, 2, 15)  # overdue, still chased
