"""Plans and reviews: a SENDCO writes SEN support plans and records EHCPs, Health Care Plans
and PEPs; reviews are scheduled by the statutory rules, meetings bring their reg 20
milestones, outcomes schedule the next review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.plans import forms
from handlers.plans.create import add_health_care_plan, add_pep, create_support_plan
from handlers.plans.ehcp import record_ehcp
from handlers.plans.inputs import (
    DatedPlanInput,
    EhcpInput,
    MeetingInput,
    MilestoneInput,
    ReviewOutcomeInput,
    SupportPlanInput,
)
from handlers.plans.reviews import (
    complete_milestone,
    record_review_outcome,
    schedule_review_meeting,
)
from handlers.statutory import StatutoryPeriods
from handlers.unit_of_work import perform
from handlers.vocabulary import Outcome
from storage.codes import PlanKind
from storage.models import (
    AuditEvent,
    Base,
    OutboxNotice,
    Plan,
    PlanTarget,
    Pupil,
    RegisterChange,
    Review,
    ReviewMilestone,
)
from tests.worlds import STAFF, World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # Monday 5 October 2026, school date
TODAY = date(2026, 10, 5)
TARGETS = [
    {"outcome": "Reads 50 high-frequency words", "provision": "Precision Teaching 3x weekly"},
    {"outcome": "Writes a sentence with a capital and full stop", "provision": ""},
]


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def audit_trail(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.action, e.entity) for e in events]


def run(
    sessions: sessionmaker[Session],
    handler: Callable[..., Outcome],
    world: World,
    who: str,
    **kwargs: Any,
) -> Outcome:
    return perform(sessions, handler, actor=world.actor(who), now=kwargs.pop("now", NOW), **kwargs)


def support_plan(world: World, pupil: str = "ravi", **extra: Any) -> dict[str, Any]:
    return {"pupil": world.pupils[pupil], "targets": TARGETS, "parent_views": "Keen", **extra}


def ehcp(world: World, pupil: str = "amira", **extra: Any) -> dict[str, Any]:
    return {
        "pupil": world.pupils[pupil],
        "issued_on": "2026-03-10",
        "local_authority": "Leeds",
        **extra,
    }


# --- SEN support plans ---------------------------------------------------------------------


def test_sendco_writes_ravis_support_plan_and_his_teacher_is_told(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = run(sessions, create_support_plan, world, "sendco", data=support_plan(world))

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        plan = session.scalars(select(Plan)).one()
        assert (plan.kind, plan.status, plan.started_on) == ("sen_support", "active", TODAY)
        assert plan.review_due_on == date(2026, 12, 28)  # 12 weeks on
        assert plan.parent_views == "Keen"
        assert [(t.outcome, t.provision) for t in plan.targets] == [
            (t["outcome"], t["provision"]) for t in TARGETS
        ]
        review = session.scalars(select(Review)).one()
        assert (review.kind, review.status, review.due_on, review.plan_id) == (
            "sen_support",
            "scheduled",
            date(2026, 12, 28),
            plan.id,
        )
        notices = session.scalars(select(OutboxNotice)).all()
    assert outcome.record_id == plan.id
    assert [n.recipient_id for n in notices] == [world.actor("teacher_2c").staff_id]
    assert notices[0].key == f"plan:{plan.id}:staff:{world.actor('teacher_2c').staff_id}"
    assert notices[0].subject == f"P-{plan.id:05d}"
    assert audit_trail(sessions) == [("create", "plan"), ("create", "review")]


def test_amiras_key_adult_and_class_teacher_both_hear_of_her_plan(
    world: World, sessions: sessionmaker[Session]
) -> None:
    run(sessions, create_support_plan, world, "sendco", data=support_plan(world, "amira"))

    with sessions() as session:
        recipients = set(session.scalars(select(OutboxNotice.recipient_id)))
    assert recipients == {world.actor("teacher_3b").staff_id, world.actor("ta_other").staff_id}


def test_targets_may_be_typed_one_per_line_and_the_review_date_chosen(
    world: World, sessions: sessionmaker[Session]
) -> None:
    data = support_plan(
        world,
        targets="Counts to 20 | Numicon daily\n\nNames 5 feelings",
        review_due_on="2026-11-20",
    )
    outcome = run(sessions, create_support_plan, world, "sendco", data=data)

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        targets = session.scalars(select(PlanTarget).order_by(PlanTarget.id)).all()
        assert [(t.outcome, t.provision) for t in targets] == [
            ("Counts to 20", "Numicon daily"),
            ("Names 5 feelings", ""),
        ]
        assert session.scalars(select(Review.due_on)).one() == date(2026, 11, 20)


def test_a_school_with_six_week_cycles_gets_six_week_reviews(
    world: World, sessions: sessionmaker[Session]
) -> None:
    periods = StatutoryPeriods(sen_support_review_weeks=6)
    run(sessions, create_support_plan, world, "sendco", data=support_plan(world), periods=periods)

    with sessions() as session:
        assert session.scalars(select(Review.due_on)).one() == date(2026, 11, 16)


def test_a_new_plan_replaces_the_active_one_and_cancels_its_review(
    world: World, sessions: sessionmaker[Session]
) -> None:
    first = run(sessions, create_support_plan, world, "sendco", data=support_plan(world))
    later = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    second = run(
        sessions, create_support_plan, world, "sendco", data=support_plan(world), now=later
    )

    assert second.ok
    assert f"Replaces P-{first.record_id:05d}" in second.reply.text()
    with sessions() as session:
        old = session.get_one(Plan, first.record_id)
        assert (old.status, old.ended_on) == ("ended", date(2026, 11, 2))
        statuses = session.scalars(select(Review.status).order_by(Review.id)).all()
        assert statuses == ["cancelled", "scheduled"]
    assert ("update", "plan") in audit_trail(sessions)


def test_a_plan_for_a_pupil_not_on_the_register_suggests_updating_it(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = run(sessions, create_support_plan, world, "sendco", data=support_plan(world, "maya"))

    assert outcome.ok
    assert "not on the SEN register" in outcome.reply.text()
    assert outcome.reply.buttons[0].action == "register.set_provision"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"targets": []}, "targets", "at least one outcome"),
        ({"targets": "   "}, "targets", "at least one outcome"),
        ({"targets": [{"provision": "ELSA"}]}, "targets", "Target 1: say what outcome"),
        ({"pupil": None}, "pupil", "Say which pupil"),
        ({"pupil": 999_999}, "pupil", "No such pupil"),
        ({"pupil": "Ravi"}, "pupil", "from the list"),
        ({"review_due_on": "2026-10-05"}, "review_due_on", "not in the future"),
        ({"review_due_on": "next week"}, "review_due_on", "YYYY-MM-DD"),
    ],
)
def test_bad_plan_input_names_the_field_and_writes_nothing(
    change: dict[str, Any], field: str, words: str, world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)
    outcome = run(
        sessions, create_support_plan, world, "sendco", data={**support_plan(world), **change}
    )

    assert not outcome.ok
    assert words in outcome.errors.get(field, ""), outcome.errors
    assert counts(sessions) == before


def test_a_missing_pupil_field_is_named(world: World, sessions: sessionmaker[Session]) -> None:
    outcome = run(sessions, create_support_plan, world, "sendco", data={"targets": TARGETS})
    assert outcome.errors == {"pupil": "Say which pupil this is about"}


# --- EHC plans -----------------------------------------------------------------------------


def test_recording_amiras_ehcp_schedules_the_annual_review_and_moves_her_to_e(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = run(sessions, record_ehcp, world, "sendco", data=ehcp(world))

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        plan = session.scalars(select(Plan)).one()
        assert (plan.kind, plan.started_on, plan.local_authority) == (
            "ehcp",
            date(2026, 3, 10),
            "Leeds",
        )
        review = session.scalars(select(Review)).one()
        # 12 months starting with 10 Mar 2026 end on 9 Mar 2027 (CFA 2014 s.44(1)).
        assert (review.kind, review.due_on) == ("ehcp_annual", date(2027, 3, 9))
        amira = session.get_one(Pupil, world.pupils["amira"])
        assert amira.sen_status == "E"
        assert [n.need_code for n in amira.needs] == ["SLCN"]
        change = session.scalars(select(RegisterChange)).one()
        assert (change.from_status, change.to_status, change.needs) == ("K", "E", "SLCN")
        assert change.reason == "EHC plan issued 2026-03-10 by Leeds"
        notified = set(session.scalars(select(OutboxNotice.recipient_id)))
    assert notified == {world.actor("teacher_3b").staff_id}
    assert audit_trail(sessions) == [("update", "pupil"), ("create", "plan"), ("create", "review")]
    assert outcome.reply.buttons[0].action == "review.schedule_meeting"


def test_an_ehcp_for_a_pupil_with_no_need_recorded_needs_the_primary_need(
    world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)
    refused = run(sessions, record_ehcp, world, "sendco", data=ehcp(world, "maya"))
    assert "primary_need" in refused.errors
    assert counts(sessions) == before

    outcome = run(
        sessions, record_ehcp, world, "sendco", data=ehcp(world, "maya", primary_need="asd")
    )
    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        maya = session.get_one(Pupil, world.pupils["maya"])
        assert (maya.sen_status, [n.need_code for n in maya.needs]) == ("E", ["ASD"])


def test_noah_already_on_e_gets_his_plan_without_a_register_change(
    world: World, sessions: sessionmaker[Session]
) -> None:
    data = ehcp(world, "noah", issued_on="2024-02-29", last_reviewed_on="2025-02-28")
    outcome = run(sessions, record_ehcp, world, "sendco", data=data)

    assert outcome.ok
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(RegisterChange)) == 0
        # From the last review, 28 Feb 2025: the day before its anniversary.
        assert session.scalars(select(Review.due_on)).one() == date(2026, 2, 27)
    assert "overdue" in outcome.reply.text()


def test_a_year_6_ehcp_shows_the_phase_transfer_deadline(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.get_one(Pupil, world.pupils["amira"]).year_group = 6
    outcome = run(sessions, record_ehcp, world, "sendco", data=ehcp(world))
    assert "amended by 2027-02-15" in outcome.reply.text()


def test_an_infant_school_gets_the_phase_transfer_note_for_year_2(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.get_one(Pupil, world.pupils["amira"]).year_group = 2
    default = run(sessions, record_ehcp, world, "sendco", data=ehcp(world))
    assert "Phase transfer" not in default.reply.text()  # Year 6 and 11 only by default
    with sessions.begin() as session:
        session.execute(delete(Review))
        session.execute(delete(Plan))
    infant = run(sessions, record_ehcp, world, "sendco", data=ehcp(world), transfer_years=(2, 6))
    assert "amended by 2027-02-15" in infant.reply.text()


def test_a_second_ehcp_for_the_same_pupil_is_refused(
    world: World, sessions: sessionmaker[Session]
) -> None:
    run(sessions, record_ehcp, world, "sendco", data=ehcp(world))
    before = counts(sessions)
    outcome = run(sessions, record_ehcp, world, "sendco", data=ehcp(world))
    assert not outcome.ok
    assert "already has an EHC plan" in outcome.reply.title
    assert counts(sessions) == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"issued_on": "2026-10-06"}, "issued_on", "in the future"),
        ({"issued_on": ""}, "issued_on", "issued the final plan"),
        ({"local_authority": " "}, "local_authority", "Name the local authority"),
        ({"primary_need": "XX"}, "primary_need", "census need type"),
    ],
)
def test_bad_ehcp_input_names_the_field(
    change: dict[str, Any], field: str, words: str, world: World, sessions: sessionmaker[Session]
) -> None:
    before = counts(sessions)
    outcome = run(sessions, record_ehcp, world, "sendco", data={**ehcp(world), **change})
    assert words in outcome.errors.get(field, ""), outcome.errors
    assert counts(sessions) == before


def test_an_amended_plan_reissued_after_its_last_review_counts_from_the_review(
    world: World, sessions: sessionmaker[Session]
) -> None:
    # Reviewed 15 Jan 2026, amended plan re-issued 10 Mar 2026: s.44(1)(b) counts from the
    # review, so the next review is due by 14 Jan 2027, not 9 Mar 2027.
    data = {**ehcp(world), "last_reviewed_on": "2026-01-15"}
    outcome = run(sessions, record_ehcp, world, "sendco", data=data)
    assert outcome.ok, outcome.errors
    with sessions() as session:
        assert session.scalars(select(Review.due_on)).one() == date(2027, 1, 14)


# --- Health Care Plans and PEPs ------------------------------------------------------------


def test_a_health_care_plan_is_reviewed_yearly_and_a_pep_termly(
    world: World, sessions: sessionmaker[Session]
) -> None:
    hcp = run(
        sessions,
        add_health_care_plan,
        world,
        "sendco",
        data={"pupil": world.pupils["noah"], "started_on": "2026-09-01"},
    )
    pep = run(
        sessions,
        add_pep,
        world,
        "sendco",
        data={
            "pupil": world.pupils["noah"],
            "started_on": "2024-01-10",
            "local_authority": "Kirklees",
        },
    )

    assert hcp.ok and pep.ok
    with sessions() as session:
        reviews = {r.kind: r.due_on for r in session.scalars(select(Review))}
        plans = {p.kind: p for p in session.scalars(select(Plan))}
    assert reviews == {"health_care": date(2027, 9, 1), "pep": date(2026, 12, 28)}
    assert plans["pep"].local_authority == "Kirklees"
    assert "not recorded as looked after" in pep.reply.text()


def test_a_given_review_date_for_a_health_care_plan_must_be_ahead(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = run(
        sessions,
        add_health_care_plan,
        world,
        "sendco",
        data={
            "pupil": world.pupils["noah"],
            "started_on": "2026-12-01",
            "review_due_on": "2026-01-01",
        },
    )
    assert set(outcome.errors) == {"started_on", "review_due_on"}


# --- Review meetings, outcomes, milestones -------------------------------------------------


def scheduled_review(world: World, sessions: sessionmaker[Session], kind: str = "ehcp") -> int:
    if kind == "ehcp":
        outcome = run(sessions, record_ehcp, world, "sendco", data=ehcp(world))
    else:
        outcome = run(sessions, create_support_plan, world, "sendco", data=support_plan(world))
    with sessions() as session:
        return session.scalars(select(Review.id).where(Review.plan_id == outcome.record_id)).one()


def milestones(sessions: sessionmaker[Session], review_id: int) -> dict[str, tuple[date, Any]]:
    with sessions() as session:
        rows = session.scalars(
            select(ReviewMilestone).where(ReviewMilestone.review_id == review_id)
        )
        return {m.kind: (m.due_on, m.completed_on) for m in rows}


def test_scheduling_an_ehcp_review_meeting_sets_the_reg_20_milestones(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    outcome = run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2027-03-09"},
    )

    assert outcome.ok, outcome.reply.title
    assert milestones(sessions, review_id) == {
        "meeting_notice": (date(2027, 2, 23), None),
        "papers_circulated": (date(2027, 2, 23), None),
        "report_sent": (date(2027, 3, 23), None),
        "la_decision": (date(2027, 4, 6), None),
    }
    with sessions() as session:
        assert session.get_one(Review, review_id).meeting_on == date(2027, 3, 9)
    assert audit_trail(sessions)[-1] == ("update", "review")


def test_moving_the_meeting_moves_the_milestones_and_a_late_date_is_flagged(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2027-03-09"},
    )
    outcome = run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2027-03-16"},
    )

    assert "review will be late" in outcome.reply.text()  # due by 2027-03-10
    assert milestones(sessions, review_id)["la_decision"] == (date(2027, 4, 13), None)
    assert len(milestones(sessions, review_id)) == 4


def test_a_meeting_too_soon_for_two_weeks_notice_says_to_send_it_now(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    outcome = run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2026-10-12"},
    )
    assert "already past: do it now" in outcome.reply.text()


def test_a_sen_support_review_meeting_has_no_statutory_milestones(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions, "support")
    outcome = run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2026-12-10"},
    )
    assert outcome.ok
    assert milestones(sessions, review_id) == {}


def test_a_meeting_date_in_the_past_is_refused(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    before = counts(sessions)
    outcome = run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2026-10-01"},
    )
    assert "record the outcome" in outcome.errors["meeting_on"]
    missing = run(sessions, schedule_review_meeting, world, "sendco", review_id=review_id, data={})
    assert missing.errors == {"meeting_on": "Give the date of the review meeting"}
    assert counts(sessions) == before


def test_a_support_plan_review_held_schedules_the_next_one_termly_and_updates_targets(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions, "support")
    with sessions() as session:
        target_ids = session.scalars(select(PlanTarget.id).order_by(PlanTarget.id)).all()
    later = datetime(2026, 12, 14, 16, 0, tzinfo=UTC)
    outcome = run(
        sessions,
        record_review_outcome,
        world,
        "sendco",
        review_id=review_id,
        now=later,
        data={
            "held_on": "2026-12-14",
            "outcome": "continue",
            "notes": "Good progress",
            "targets": f"{target_ids[0]}: achieved\n{target_ids[1]} progressing",
        },
    )

    assert outcome.ok, (outcome.reply.title, outcome.errors)
    with sessions() as session:
        held = session.get_one(Review, review_id)
        assert (held.status, held.held_on, held.outcome, held.notes) == (
            "held",
            date(2026, 12, 14),
            "continue",
            "Good progress",
        )
        assert held.recorded_by_id == world.actor("sendco").staff_id
        following = session.scalars(select(Review).where(Review.id != review_id)).one()
        assert (following.kind, following.status, following.due_on) == (
            "sen_support",
            "scheduled",
            date(2027, 3, 8),
        )
        plan = session.get_one(Plan, held.plan_id)
        assert (plan.last_reviewed_on, plan.review_due_on) == (date(2026, 12, 14), date(2027, 3, 8))
        assert [t.progress for t in plan.targets] == ["achieved", "progressing"]
    assert audit_trail(sessions)[-2:] == [("update", "review"), ("create", "review")]


def test_an_ehcp_annual_review_schedules_the_next_one_12_months_after_the_meeting(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2027-02-26"},
    )
    march = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    outcome = run(
        sessions,
        record_review_outcome,
        world,
        "sendco",
        review_id=review_id,
        now=march,
        data={"held_on": "2027-03-01", "outcome": "amend"},
    )

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        following = session.scalars(select(Review).where(Review.id != review_id)).one()
        # Held 1 Mar 2027: 12 months starting with it end on 29 Feb 2028 (a leap year).
        assert (following.kind, following.due_on) == ("ehcp_annual", date(2028, 2, 29))
    steps = milestones(sessions, review_id)
    assert steps["meeting_notice"] == (date(2027, 2, 12), None)  # from the planned meeting
    assert steps["report_sent"] == (date(2027, 3, 15), None)  # from the meeting actually held
    assert steps["la_decision"] == (date(2027, 3, 29), None)
    assert [b.action for b in outcome.reply.buttons] == ["review.complete_milestone"] * 2


def test_ceasing_an_ehcp_ends_the_plan_with_no_next_review(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    outcome = run(
        sessions,
        record_review_outcome,
        world,
        "sendco",
        review_id=review_id,
        data={"held_on": "2026-10-01", "outcome": "cease"},
    )

    assert outcome.ok
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Review)) == 1
        plan = session.scalars(select(Plan)).one()
        assert (plan.status, plan.ended_on) == ("ended", date(2026, 10, 1))
    assert "Check the pupil's SEN provision" in outcome.reply.text()
    # Held without a meeting scheduled: the four milestones run from the day it was held.
    assert milestones(sessions, review_id)["meeting_notice"] == (date(2026, 9, 17), None)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"outcome": "continue"}, "held_on", "was held"),
        ({"held_on": "2026-10-06", "outcome": "continue"}, "held_on", "in the future"),
        ({"held_on": "2026-10-05"}, "outcome", "Choose the review's outcome"),
        ({"held_on": "2026-10-05", "outcome": "maybe"}, "outcome", "not a review outcome"),
        (
            {"held_on": "2026-10-05", "outcome": "continue", "targets": {"999999": "achieved"}},
            "targets",
            "Not targets of this plan",
        ),
        (
            {
                "held_on": "2026-10-05",
                "outcome": "continue",
                "targets": [{"target_id": 1, "progress": "great"}],
            },
            "targets",
            "Progress must be one of",
        ),
        (
            {"held_on": "2026-10-05", "outcome": "continue", "next_review_due_on": "2026-10-02"},
            "next_review_due_on",
            "not in the future",
        ),
        ({"held_on": "2026-09-30", "outcome": "continue"}, "held_on", "before the plan started"),
    ],
)
def test_bad_review_outcomes_name_the_field_and_write_nothing(
    data: dict[str, Any],
    field: str,
    words: str,
    world: World,
    sessions: sessionmaker[Session],
) -> None:
    review_id = scheduled_review(world, sessions, "support")
    before = counts(sessions)
    outcome = run(sessions, record_review_outcome, world, "sendco", review_id=review_id, data=data)
    assert words in outcome.errors.get(field, ""), outcome.errors
    assert counts(sessions) == before


def test_a_review_is_held_once(world: World, sessions: sessionmaker[Session]) -> None:
    review_id = scheduled_review(world, sessions, "support")
    data = {"held_on": "2026-10-05", "outcome": "continue"}
    run(sessions, record_review_outcome, world, "sendco", review_id=review_id, data=data)
    before = counts(sessions)
    again = run(sessions, record_review_outcome, world, "sendco", review_id=review_id, data=data)
    assert "already held on 2026-10-05" in again.reply.title
    assert counts(sessions) == before


def test_milestones_are_marked_done_and_lateness_is_reported(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2026-10-20"},
    )
    notice = run(
        sessions,
        complete_milestone,
        world,
        "sendco",
        review_id=review_id,
        data={"kind": "meeting_notice", "completed_on": "2026-10-05"},
    )
    assert notice.ok
    assert "after the statutory date (2026-10-06)" not in notice.reply.text()

    early = run(
        sessions,
        complete_milestone,
        world,
        "sendco",
        review_id=review_id,
        data={"kind": "report_sent", "completed_on": "2026-10-05"},
    )
    assert "Record the outcome" in early.reply.title

    november = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    run(
        sessions,
        record_review_outcome,
        world,
        "sendco",
        review_id=review_id,
        now=november,
        data={"held_on": "2026-10-20", "outcome": "continue"},
    )
    report = run(
        sessions,
        complete_milestone,
        world,
        "sendco",
        review_id=review_id,
        now=november,
        data={"kind": "report_sent", "completed_on": "2026-11-06"},
    )
    assert report.ok, report.reply.title
    assert "Done 3 days after the statutory date (2026-11-03)" in report.reply.text()
    steps = milestones(sessions, review_id)
    assert steps["meeting_notice"][1] == date(2026, 10, 5)
    assert steps["report_sent"][1] == date(2026, 11, 6)
    assert audit_trail(sessions)[-1] == ("update", "review")


def test_bad_milestone_input_is_refused(world: World, sessions: sessionmaker[Session]) -> None:
    review_id = scheduled_review(world, sessions)
    run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2026-10-20"},
    )
    before = counts(sessions)
    future = run(
        sessions,
        complete_milestone,
        world,
        "sendco",
        review_id=review_id,
        data={"kind": "meeting_notice", "completed_on": "2026-10-07"},
    )
    assert "in the future" in future.errors["completed_on"]
    wrong = run(
        sessions,
        complete_milestone,
        world,
        "sendco",
        review_id=review_id,
        data={"kind": "tea", "completed_on": "2026-10-05"},
    )
    assert "meeting_notice" in wrong.errors["kind"]
    assert counts(sessions) == before


def test_a_support_plan_review_has_no_milestones_to_complete(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions, "support")
    outcome = run(
        sessions,
        complete_milestone,
        world,
        "sendco",
        review_id=review_id,
        data={"kind": "meeting_notice", "completed_on": "2026-10-05"},
    )
    assert "schedule the review meeting first" in outcome.reply.title


def test_an_unknown_review_is_not_found(world: World, sessions: sessionmaker[Session]) -> None:
    outcome = run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=424242,
        data={"meeting_on": "2026-12-01"},
    )
    assert outcome.reply.title == "There is no review R-424242."


# --- Who may do what -----------------------------------------------------------------------

ACTIONS: dict[str, Callable[[World, int], dict[str, Any]]] = {
    "create_support_plan": lambda w, r: {"data": support_plan(w, "maya")},
    "record_ehcp": lambda w, r: {"data": ehcp(w, "ravi")},
    "add_health_care_plan": lambda w, r: {
        "data": {"pupil": w.pupils["maya"], "started_on": "2026-09-01"}
    },
    "add_pep": lambda w, r: {"data": {"pupil": w.pupils["maya"], "started_on": "2026-09-01"}},
    "schedule_review_meeting": lambda w, r: {"review_id": r, "data": {"meeting_on": "2027-01-12"}},
    "record_review_outcome": lambda w, r: {
        "review_id": r,
        "data": {"held_on": "2026-10-05", "outcome": "continue"},
    },
    "complete_milestone": lambda w, r: {
        "review_id": r,
        "data": {"kind": "meeting_notice", "completed_on": "2026-10-05"},
    },
}
HANDLERS: dict[str, Callable[..., Outcome]] = {
    "create_support_plan": create_support_plan,
    "record_ehcp": record_ehcp,
    "add_health_care_plan": add_health_care_plan,
    "add_pep": add_pep,
    "schedule_review_meeting": schedule_review_meeting,
    "record_review_outcome": record_review_outcome,
    "complete_milestone": complete_milestone,
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who", sorted(STAFF))
def test_only_the_schools_own_sendco_writes_plans_and_reviews(
    who: str, action: str, world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)  # Amira's EHCP review, school A
    run(
        sessions,
        schedule_review_meeting,
        world,
        "sendco",
        review_id=review_id,
        data={"meeting_on": "2026-10-20"},
    )
    before = counts(sessions)
    outcome = run(sessions, HANDLERS[action], world, who, **ACTIONS[action](world, review_id))

    if who == "sendco":
        assert outcome.ok, (outcome.reply.title, outcome.errors)
        return
    assert not outcome.ok
    after = counts(sessions)
    assert after.pop("audit_events") == before.pop("audit_events") + 1
    assert after == before
    with sessions() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert (event.action, event.actor_id) == ("deny", world.actor(who).staff_id)
    if who == "sendco_b":  # the right role, the wrong school
        assert event.entity == "pupil"


def test_a_sendco_cannot_plan_for_another_schools_pupil(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = run(sessions, create_support_plan, world, "sendco", data=support_plan(world, "zara"))
    assert not outcome.ok
    assert "can't see that pupil" in outcome.reply.title
    assert audit_trail(sessions) == [("deny", "pupil")]


# --- Forms ---------------------------------------------------------------------------------


def test_each_form_asks_for_exactly_its_input_fields(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions)
    sendco = world.actor("sendco")
    with sessions() as session:
        built = {
            SupportPlanInput: forms.support_plan_form(session=session, actor=sendco, now=NOW),
            EhcpInput: forms.ehcp_form(session=session, actor=sendco),
            MeetingInput: forms.review_meeting_form(
                session=session, actor=sendco, review_id=review_id
            ),
            MilestoneInput: forms.milestone_form(
                session=session, actor=sendco, review_id=review_id
            ),
        }
        pep = forms.dated_plan_form(
            session=session, actor=sendco, kind=PlanKind.PEP, pupil_id=world.pupils["noah"]
        )
        outcome_form = forms.review_outcome_form(session=session, actor=sendco, review_id=review_id)
    for model, form in built.items():
        assert {f.name for f in form.fields} == set(model.model_fields), form.action
    assert {f.name for f in pep.fields} == set(DatedPlanInput.model_fields)
    assert pep.fields[0].initial == str(world.pupils["noah"])
    assert {f.name for f in outcome_form.fields} <= set(ReviewOutcomeInput.model_fields)
    support = built[SupportPlanInput]
    assert {f.name: f.initial for f in support.fields}["review_due_on"] == "2026-12-28"


def test_a_teacher_is_not_offered_the_plan_form(
    world: World, sessions: sessionmaker[Session]
) -> None:
    from handlers.errors import Denied

    with sessions() as session, pytest.raises(Denied):
        forms.support_plan_form(session=session, actor=world.actor("teacher_2c"))


def test_the_sendco_may_choose_the_next_review_date(
    world: World, sessions: sessionmaker[Session]
) -> None:
    review_id = scheduled_review(world, sessions, "support")
    outcome = run(
        sessions,
        record_review_outcome,
        world,
        "sendco",
        review_id=review_id,
        data={"held_on": "2026-10-05", "outcome": "escalate", "next_review_due_on": "2026-11-30"},
    )
    assert outcome.ok, outcome.errors
    with sessions() as session:
        following = session.scalars(select(Review).where(Review.id != review_id)).one()
    assert (following.kind, following.due_on) == ("sen_support", date(2026, 11, 30))
