"""Intervention groups end to end: the SENDCO sets one up, adds and removes pupils; the lead
records scores, sees their groups and the group's impact."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers import interventions
from handlers import sessions as session_handlers
from handlers.unit_of_work import perform
from handlers.vocabulary import Form, Outcome
from storage.models import (
    AuditEvent,
    Base,
    Intervention,
    InterventionMember,
    OutboxNotice,
)
from tests.worlds import World

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # Monday 5 October 2026, 10:00 in London


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def audits(sessions: sessionmaker[Session], **where: Any) -> list[AuditEvent]:
    with sessions() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        return list(session.scalars(query))


def create(
    sessions: sessionmaker[Session], world: World, who: str = "sendco", **data: Any
) -> Outcome:
    given: dict[str, Any] = {
        "name": "Toe by Toe - Year 3",
        "programme": "Toe by Toe",
        "area": "cognition_and_learning",
        "lead_id": world.actor("ta").staff_id,
        "weekdays": "mon, wed",
        "planned_sessions": 20,
        "session_minutes": 15,
        "cost_per_session": "4.50",
        "measure": "reading_age_months",
        "start_on": "2026-09-14",
    }
    given.update(data)
    return perform(
        sessions, interventions.create_intervention, actor=world.actor(who), data=given, now=NOW
    )


def test_sendco_sets_up_a_toe_by_toe_group_led_by_a_ta_and_the_ta_is_told(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = create(sessions, world)

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        group = session.get(Intervention, outcome.record_id)
        assert group is not None
        assert group.school_id == world.school_ids["a"]
        assert group.cost_per_session_pence == 450
        assert group.weekdays == "mon,wed"
        assert group.lead_id == world.actor("ta").staff_id
        assert group.measure == "reading_age_months"
        assert group.status == "active"
        notice = session.scalars(select(OutboxNotice)).one()
    assert notice.recipient_id == world.actor("ta").staff_id
    assert notice.rule == "intervention.lead"
    assert "Toe by Toe - Year 3" in notice.message
    created = audits(sessions, action="create", entity="intervention")
    assert [(a.entity_id, a.actor_id) for a in created] == [
        (outcome.record_id, world.actor("sendco").staff_id)
    ]


def test_a_group_starting_later_is_planned_and_a_lead_less_group_tells_nobody(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = create(sessions, world, lead_id=None, start_on="2027-01-04", cost_per_session=3)
    assert outcome.ok
    assert outcome.notices == []
    with sessions() as session:
        group = session.get(Intervention, outcome.record_id)
        assert group is not None
        assert group.status == "planned"
        assert group.cost_per_session_pence == 300


def test_a_second_group_with_the_same_name_is_a_field_error_and_nothing_is_written(
    sessions: sessionmaker[Session], world: World
) -> None:
    before = row_counts(sessions)
    outcome = create(sessions, world, name="Plus One")
    assert not outcome.ok
    assert "already has a group called 'Plus One'" in outcome.errors["name"]
    assert row_counts(sessions) == before


def test_the_same_name_is_fine_in_another_school(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = create(sessions, world, who="sendco_b", name="Plus One", lead_id=None)
    assert outcome.ok, outcome.errors


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Give the group a name"),
        ({"programme": None}, "programme", "Say which programme"),
        ({"weekdays": "mon, sat"}, "weekdays", "'sat' is not a school weekday"),
        ({"cost_per_session": "-1"}, "cost_per_session", "between £0 and £10,000"),
        ({"cost_per_session": "4.505"}, "cost_per_session", "pounds and pence"),
        ({"cost_per_session": "lots"}, "cost_per_session", "in pounds, e.g. 4.50"),
        ({"measure": "custom"}, "custom_scale", "Say what the custom scale is"),
        ({"end_on": "2026-09-01"}, "end_on", "can't be before the start date"),
        ({"session_minutes": 500}, "session_minutes", "1 to 480"),
        ({"start_on": "soon"}, "start_on", "Say when the group starts"),
        ({"area": "maths"}, "area", "four areas of need"),
    ],
)
def test_bad_group_details_come_back_per_field_and_nothing_is_written(
    sessions: sessionmaker[Session],
    world: World,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    before = row_counts(sessions)
    outcome = create(sessions, world, **changes)
    assert not outcome.ok
    assert message in outcome.errors[field]
    assert row_counts(sessions) == before


@pytest.mark.parametrize("lead", ["head", "dsl", "admin", "teacher_b", "ta_b"])
def test_the_lead_must_be_a_ta_teacher_or_sendco_of_the_same_school(
    sessions: sessionmaker[Session], world: World, lead: str
) -> None:
    outcome = create(sessions, world, lead_id=world.actor(lead).staff_id)
    assert "Choose a TA, a teacher or the SENDCO" in outcome.errors["lead_id"]


def test_a_custom_measure_with_its_scale_is_accepted(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = create(sessions, world, measure="custom", custom_scale="Boxall profile, 0-68")
    assert outcome.ok, outcome.errors


def test_sendco_adds_pupils_and_the_lead_is_told(
    sessions: sessionmaker[Session], world: World
) -> None:
    plus_one = world.interventions["plus_one"]
    outcome = perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={"intervention_id": plus_one, "pupil_ids": [world.pupils["maya"]]},
        now=NOW,
    )
    assert outcome.ok, outcome.errors
    assert "Maya Patel" in outcome.reply.title
    with sessions() as session:
        member = session.scalars(
            select(InterventionMember).where(
                InterventionMember.intervention_id == plus_one,
                InterventionMember.pupil_id == world.pupils["maya"],
            )
        ).one()
        notice = session.scalars(select(OutboxNotice)).one()
    assert member.joined_on == date(2026, 10, 5)
    assert member.left_on is None
    assert notice.recipient_id == world.actor("ta").staff_id
    assert "Maya Patel" in notice.message
    assert [a.entity_id for a in audits(sessions, entity="intervention_member")] == [member.id]


def test_adding_a_pupil_already_in_the_group_names_them_and_writes_nothing(
    sessions: sessionmaker[Session], world: World
) -> None:
    before = row_counts(sessions)
    outcome = perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={
            "intervention_id": world.interventions["plus_one"],
            "pupil_ids": [world.pupils["maya"], world.pupils["ravi"]],
        },
        now=NOW,
    )
    assert outcome.errors == {"pupil_ids": "Already in Plus One: Ravi Shah."}
    assert row_counts(sessions) == before


@pytest.mark.parametrize("pupil", ["zara", 99999])
def test_adding_a_pupil_of_another_school_or_none_is_a_field_error(
    sessions: sessionmaker[Session], world: World, pupil: str | int
) -> None:
    pupil_id = world.pupils[pupil] if isinstance(pupil, str) else pupil
    before = row_counts(sessions)
    outcome = perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={"intervention_id": world.interventions["plus_one"], "pupil_ids": pupil_id},
        now=NOW,
    )
    assert outcome.errors["pupil_ids"] == f"There is no pupil with id {pupil_id} in your school."
    assert row_counts(sessions) == before


def test_adding_nobody_or_joining_before_the_start_is_a_field_error(
    sessions: sessionmaker[Session], world: World
) -> None:
    plus_one = world.interventions["plus_one"]
    outcome = perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={"intervention_id": plus_one, "pupil_ids": []},
        now=NOW,
    )
    assert outcome.errors["pupil_ids"] == "Choose at least one pupil to add."
    outcome = perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={
            "intervention_id": plus_one,
            "pupil_ids": [world.pupils["maya"]],
            "joined_on": "2026-09-01",
        },
        now=NOW,
    )
    assert "pupils can't join before then" in outcome.errors["joined_on"]


def test_sendco_records_a_pupil_leaving_and_their_record_stays(
    sessions: sessionmaker[Session], world: World
) -> None:
    data = {
        "intervention_id": world.interventions["plus_one"],
        "pupil_id": world.pupils["noah"],
        "left_on": "2026-10-02",
    }
    outcome = perform(
        sessions, interventions.remove_member, actor=world.actor("sendco"), data=data, now=NOW
    )
    assert outcome.ok, outcome.errors
    with sessions() as session:
        member = session.scalars(
            select(InterventionMember).where(InterventionMember.pupil_id == world.pupils["noah"])
        ).one()
    assert member.left_on == date(2026, 10, 2)
    updates = audits(sessions, action="update", entity="intervention_member")
    assert [(a.entity_id, a.detail["left_on"]) for a in updates] == [(member.id, "2026-10-02")]

    again = perform(
        sessions, interventions.remove_member, actor=world.actor("sendco"), data=data, now=NOW
    )
    assert "Noah Wright already left on Fri 2 Oct 2026" in again.errors["pupil_id"]


@pytest.mark.parametrize(
    ("pupil", "left_on", "field", "message"),
    [
        ("maya", None, "pupil_id", "That pupil is not in Plus One."),
        ("noah", "2026-10-06", "left_on", "The leaving date can't be in the future."),
        ("noah", "2026-09-01", "left_on", "Noah Wright joined on Mon 7 Sep 2026"),
    ],
)
def test_leaving_details_are_checked(
    sessions: sessionmaker[Session],
    world: World,
    pupil: str,
    left_on: str | None,
    field: str,
    message: str,
) -> None:
    before = row_counts(sessions)
    outcome = perform(
        sessions,
        interventions.remove_member,
        actor=world.actor("sendco"),
        data={
            "intervention_id": world.interventions["plus_one"],
            "pupil_id": world.pupils[pupil],
            "left_on": left_on,
        },
        now=NOW,
    )
    assert message in outcome.errors[field]
    assert row_counts(sessions) == before


def reading_group(sessions: sessionmaker[Session], world: World) -> int:
    outcome = create(sessions, world)
    assert outcome.record_id is not None
    added = perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={
            "intervention_id": outcome.record_id,
            "pupil_ids": [world.pupils["ravi"], world.pupils["amira"]],
        },
        now=NOW,
    )
    assert added.ok, added.errors
    return outcome.record_id


def score(
    sessions: sessionmaker[Session], world: World, who: str, group: int, **data: Any
) -> Outcome:
    return perform(
        sessions,
        interventions.record_scores,
        actor=world.actor(who),
        data={"intervention_id": group, **data},
        now=NOW,
    )


def test_the_lead_records_reading_ages_and_sees_a_substantial_ratio_gain(
    sessions: sessionmaker[Session], world: World
) -> None:
    group = reading_group(sessions, world)
    ravi = world.pupils["ravi"]
    entry = score(
        sessions,
        world,
        "ta",
        group,
        pupil_id=ravi,
        stage="entry",
        score=84,
        assessed_on="2026-01-01",
    )
    assert entry.ok, entry.errors
    exit_ = score(
        sessions,
        world,
        "ta",
        group,
        pupil_id=ravi,
        stage="exit",
        score="96",
        assessed_on="2026-05-01",
    )
    assert exit_.ok, exit_.errors
    assert ("Impact", "RG 3.04 (substantial)") in exit_.reply.fields
    with sessions() as session:
        member = session.scalars(
            select(InterventionMember).where(
                InterventionMember.intervention_id == group, InterventionMember.pupil_id == ravi
            )
        ).one()
    assert member.entry_score == Decimal("84.00") and member.entry_on == date(2026, 1, 1)
    assert member.exit_score == Decimal("96.00") and member.exit_on == date(2026, 5, 1)
    scored = audits(sessions, action="update", entity="intervention_member")
    assert [a.detail["score"] for a in scored] == ["entry", "exit"]
    assert all(a.actor_id == world.actor("ta").staff_id for a in scored)


@pytest.mark.parametrize(
    ("measure", "value", "message"),
    [
        ("standardised_score", 30, "A standardised score must be between 40 and 160."),
        ("standardised_score", 161, "A standardised score must be between 40 and 160."),
        ("reading_age_months", 300, "A reading age is given in months, between 24 and 240"),
        ("spelling_age_months", 12, "A spelling age is given in months, between 24 and 240"),
        ("custom", -1, "A score on the custom scale can't be negative."),
        ("standardised_score", "95.123", "at most two decimal places"),
        ("standardised_score", "ninety", "Give the score as a number."),
    ],
)
def test_scores_are_checked_in_the_groups_measure(
    sessions: sessionmaker[Session], world: World, measure: str, value: Any, message: str
) -> None:
    group = create(sessions, world, measure=measure, custom_scale="Boxall").record_id
    assert group is not None
    perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={"intervention_id": group, "pupil_ids": [world.pupils["ravi"]]},
        now=NOW,
    )
    before = row_counts(sessions)
    outcome = score(
        sessions,
        world,
        "sendco",
        group,
        pupil_id=world.pupils["ravi"],
        stage="entry",
        score=value,
    )
    assert message in outcome.errors["score"]
    assert row_counts(sessions) == before


def test_score_dates_are_checked(sessions: sessionmaker[Session], world: World) -> None:
    group = reading_group(sessions, world)
    ravi = world.pupils["ravi"]
    future = score(
        sessions,
        world,
        "ta",
        group,
        pupil_id=ravi,
        stage="entry",
        score=84,
        assessed_on="2026-10-06",
    )
    assert future.errors["assessed_on"] == "The assessment date can't be in the future."
    assert score(
        sessions,
        world,
        "ta",
        group,
        pupil_id=ravi,
        stage="entry",
        score=84,
        assessed_on="2026-06-01",
    ).ok
    early = score(
        sessions,
        world,
        "ta",
        group,
        pupil_id=ravi,
        stage="exit",
        score=90,
        assessed_on="2026-05-01",
    )
    assert "can't be before the entry assessment on Mon 1 Jun 2026" in early.errors["assessed_on"]
    stranger = score(
        sessions, world, "ta", group, pupil_id=world.pupils["maya"], stage="entry", score=84
    )
    assert stranger.errors["pupil_id"] == "That pupil is not in Toe by Toe - Year 3."


def test_a_ta_sees_the_groups_they_lead_with_their_pupils_names(
    sessions: sessionmaker[Session], world: World
) -> None:
    create(sessions, world, lead_id=world.actor("ta_other").staff_id)
    outcome = perform(sessions, interventions.list_my_groups, actor=world.actor("ta"))
    assert outcome.ok
    assert outcome.reply.title == "Your intervention groups"
    assert outcome.reply.lines == ("Plus One (Plus One; Mon, Wed, Fri): Noah Wright, Ravi Shah",)
    assert [b.action for b in outcome.reply.buttons] == ["session.log"]
    with sessions() as session:
        groups = interventions.groups_for(session, world.actor("ta"))
    assert [g.name for g in groups] == ["Plus One"]
    assert [m.name for m in groups[0].current_members] == ["Noah Wright", "Ravi Shah"]
    assert groups[0].members[0].upn  # UPNs for the conversation engine and exports
    reads = audits(sessions, action="read", entity="intervention")
    assert reads[-1].detail == {"view": "my_groups", "groups": [groups[0].reference]}


def test_the_sendco_sees_every_group_in_the_school_and_no_other_schools(
    sessions: sessionmaker[Session], world: World
) -> None:
    create(sessions, world)
    with sessions() as session:
        names = [g.name for g in interventions.groups_for(session, world.actor("sendco"))]
        school_b = [g.name for g in interventions.groups_for(session, world.actor("sendco_b"))]
        teacher = interventions.groups_for(session, world.actor("teacher_2c"))
    assert names == ["Plus One", "Toe by Toe - Year 3"]
    assert school_b == ["Talk Boost B"]
    assert teacher == []
    outcome = perform(sessions, interventions.list_my_groups, actor=world.actor("teacher_2c"))
    assert outcome.reply.title == "You don't lead any intervention groups."


def test_a_pupil_who_left_is_not_listed_as_current(
    sessions: sessionmaker[Session], world: World
) -> None:
    perform(
        sessions,
        interventions.remove_member,
        actor=world.actor("sendco"),
        data={"intervention_id": world.interventions["plus_one"], "pupil_id": world.pupils["noah"]},
        now=NOW,
    )
    outcome = perform(sessions, interventions.list_my_groups, actor=world.actor("ta"))
    assert outcome.reply.lines == ("Plus One (Plus One; Mon, Wed, Fri): Ravi Shah",)


def test_the_lead_opens_their_group_and_the_read_is_audited(
    sessions: sessionmaker[Session], world: World
) -> None:
    plus_one = world.interventions["plus_one"]
    outcome = perform(
        sessions, interventions.get_intervention, actor=world.actor("ta"), intervention_id=plus_one
    )
    assert outcome.ok
    fields = dict(outcome.reply.fields)
    assert fields["Lead"] == "Ta"
    assert fields["Sessions"] == "0 of 30 planned"
    assert fields["Cost per session"] == "£4.50"
    assert outcome.reply.lines == ("Noah Wright", "Ravi Shah")
    assert {b.action for b in outcome.reply.buttons} == {
        "session.log",
        "intervention.record_scores",
    }
    read = audits(sessions, action="read", entity="intervention")
    assert [(a.entity_id, a.actor_id) for a in read] == [(plus_one, world.actor("ta").staff_id)]


def test_an_unknown_group_is_not_found(sessions: sessionmaker[Session], world: World) -> None:
    outcome = perform(
        sessions, interventions.get_intervention, actor=world.actor("sendco"), intervention_id=999
    )
    assert not outcome.ok
    assert outcome.reply.title == "There is no intervention I-00999."


def log(sessions: sessionmaker[Session], world: World, **data: Any) -> Outcome:
    return perform(
        sessions,
        session_handlers.log_session,
        actor=world.actor("ta"),
        data={"intervention_id": world.interventions["plus_one"], "duration_minutes": 20, **data},
        now=NOW,
    )


def test_the_sendco_reads_each_members_impact_attendance_and_cost(
    sessions: sessionmaker[Session], world: World
) -> None:
    plus_one = world.interventions["plus_one"]
    ravi, noah = world.pupils["ravi"], world.pupils["noah"]
    assert log(sessions, world, held_on="2026-09-28").ok
    assert log(sessions, world, held_on="2026-09-30").ok
    absent = [{"pupil_id": ravi}, {"pupil_id": noah, "present": False, "absence_reason": "ill"}]
    assert log(sessions, world, held_on="2026-10-02", attendance=absent).ok
    score(
        sessions,
        world,
        "ta",
        plus_one,
        pupil_id=ravi,
        stage="entry",
        score=85,
        assessed_on="2026-09-07",
    )
    score(
        sessions,
        world,
        "ta",
        plus_one,
        pupil_id=ravi,
        stage="exit",
        score=94,
        assessed_on="2026-10-02",
    )

    with sessions() as session:
        result = interventions.impact_for(session, world.actor("sendco"), plus_one)
    by_name = {row.member.name: row.impact for row in result.members}
    assert by_name["Ravi Shah"].score_change is not None
    assert by_name["Ravi Shah"].score_change.effect_size == 0.6
    assert by_name["Ravi Shah"].attendance.rate == 1.0
    assert by_name["Noah Wright"].reason == "No entry score yet."
    assert by_name["Noah Wright"].attendance.present == 2
    assert by_name["Noah Wright"].attendance.recorded == 3
    assert result.attendance.rate == round(5 / 6, 4)
    assert result.cost.total_pence == 1350
    assert result.cost.per_pupil_pence == 675
    assert result.cost.adult_minutes == 60

    outcome = perform(
        sessions,
        interventions.intervention_impact,
        actor=world.actor("sendco"),
        intervention_id=plus_one,
    )
    fields = dict(outcome.reply.fields)
    assert fields["Cost so far"] == "£13.50"
    assert fields["Cost per pupil"] == "£6.75"
    assert fields["Attendance"] == "83%"
    assert fields["Adult time"] == "1.0 hours"
    assert outcome.reply.lines == (
        "Noah Wright: No entry score yet.; attendance 67%",
        "Ravi Shah: +9 points, effect size 0.60 (medium, closing the gap); attendance 100%",
    )
    read = audits(sessions, action="read", entity="intervention")
    assert read[-1].detail["view"] == "impact"


def test_forms_field_names_match_the_inputs(sessions: sessionmaker[Session], world: World) -> None:
    plus_one = world.interventions["plus_one"]
    with sessions() as session:
        sendco = world.actor("sendco")
        forms: list[tuple[Form, type[Any]]] = [
            (
                interventions.intervention_form(session=session, actor=sendco),
                interventions.InterventionInput,
            ),
            (
                interventions.members_form(
                    session=session, actor=sendco, intervention_id=plus_one, now=NOW
                ),
                interventions.MembersInput,
            ),
            (
                interventions.remove_member_form(
                    session=session, actor=sendco, intervention_id=plus_one
                ),
                interventions.RemoveMemberInput,
            ),
            (
                interventions.scores_form(
                    session=session, actor=world.actor("ta"), intervention_id=plus_one
                ),
                interventions.ScoreInput,
            ),
        ]
        for form, model in forms:
            assert [f.name for f in form.fields] == list(model.model_fields), form.action
        create_form = forms[0][0]
        leads = {
            c.label for c in next(f for f in create_form.fields if f.name == "lead_id").choices
        }
        members = forms[1][0].fields[1].choices
    assert leads == {"Sendco", "Ta", "Ta Other", "Teacher 2C", "Teacher 3B"}
    assert {c.label for c in members} == {"Maya Patel", "Amira Hassan"}


def test_group_names_are_unique_whatever_the_capitals(
    sessions: sessionmaker[Session], world: World
) -> None:
    outcome = create(sessions, world, name="plus one")
    assert outcome.errors["name"].startswith("Your school already has a group called 'Plus One'")


def test_a_pupil_who_left_cannot_be_added_back_to_the_same_group(
    sessions: sessionmaker[Session], world: World
) -> None:
    plus_one = world.interventions["plus_one"]
    perform(
        sessions,
        interventions.remove_member,
        actor=world.actor("sendco"),
        data={"intervention_id": plus_one, "pupil_id": world.pupils["noah"]},
        now=NOW,
    )
    before = row_counts(sessions)
    outcome = perform(
        sessions,
        interventions.add_members,
        actor=world.actor("sendco"),
        data={"intervention_id": plus_one, "pupil_ids": [world.pupils["noah"]]},
        now=NOW,
    )
    assert "Noah Wright left Plus One earlier and can't rejoin it" in outcome.errors["pupil_ids"]
    assert row_counts(sessions) == before
