"""Concerns end to end: a member of staff raises one, the SENDCO triages it, the raiser is told,
and several colleagues' concerns about one pupil prompt the graduated approach."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.concerns import (
    TRANSITIONS,
    RaisedConcern,
    ask_for_more_information,
    assign_concern,
    change_concern_status,
    concern_form,
    concern_status_form,
    get_concern,
    list_concerns,
    log_concern,
    needs_graduated_approach_prompt,
    next_statuses,
    note_required,
    term_bounds,
    transition_problem,
)
from handlers.identity import actor_for
from handlers.pickers import search_options
from handlers.unit_of_work import perform
from handlers.vocabulary import Actor, FieldKind, Outcome
from storage.codes import ConcernStatus, Role
from storage.models import (
    AdviceMessage,
    AdviceRequest,
    AuditEvent,
    Concern,
    ConcernArea,
    ConcernPupil,
    ConcernStatusChange,
    OutboxNotice,
    Pupil,
    Staff,
    StaffRole,
)
from tests.worlds import World

# Monday 5 October 2026, 09:30 in London: the autumn term.
NOW = datetime(2026, 10, 5, 8, 30, tzinfo=UTC)
TABLES = (
    Concern,
    ConcernPupil,
    ConcernArea,
    ConcernStatusChange,
    AdviceRequest,
    AdviceMessage,
    OutboxNotice,
    AuditEvent,
)


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Rows in every table these workflows write, to prove a failed call wrote nothing."""
    with sessions() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in TABLES
        }


def outbox(sessions: sessionmaker[Session], **where: Any) -> list[OutboxNotice]:
    with sessions() as session:
        query = select(OutboxNotice).order_by(OutboxNotice.id)
        for column, value in where.items():
            query = query.where(getattr(OutboxNotice, column) == value)
        return list(session.scalars(query))


def audits(sessions: sessionmaker[Session], **where: Any) -> list[AuditEvent]:
    with sessions() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        for column, value in where.items():
            query = query.where(getattr(AuditEvent, column) == value)
        return list(session.scalars(query))


def raise_concern(
    sessions: sessionmaker[Session],
    world: World,
    who: str = "teacher_2c",
    *,
    now: datetime = NOW,
    **changes: Any,
) -> Outcome:
    data: dict[str, Any] = {
        "pupils": [world.pupils["ravi"]],
        "observed": "Ravi hid under the table in phonics again and would not come out.",
        "areas": ["cognition_and_learning"],
        "tried": "Sat him near the front; visual timetable.",
        "urgency": "high",
    }
    return perform(sessions, log_concern, actor=world.actor(who), data=data | changes, now=now)


def move(
    sessions: sessionmaker[Session],
    world: World,
    concern_id: int,
    to_status: str,
    note: str = "",
    *,
    who: str = "sendco",
    now: datetime = NOW,
) -> Outcome:
    return perform(
        sessions,
        change_concern_status,
        actor=world.actor(who),
        concern_id=concern_id,
        data={"to_status": to_status, "note": note},
        now=now,
    )


def add_staff(sessions: sessionmaker[Session], world: World, name: str, *roles: Role) -> Actor:
    """Another member of staff in school A (e.g. a second SENDCO)."""
    with sessions.begin() as session:
        staff = Staff(
            school_id=world.school_ids["a"],
            email=f"{name}@school-a.example",
            display_name=name.replace("_", " ").title(),
            roles=[StaffRole(role=r.value) for r in roles],
        )
        session.add(staff)
        session.flush()
        session.refresh(staff)
        return actor_for(staff)


# --- logging a concern ------------------------------------------------------------------------


def test_a_teacher_raises_a_concern_and_the_sendco_gets_a_nameless_triage_card(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = raise_concern(sessions, world)

    assert outcome.ok, outcome.reply.title
    assert "C-00001" in outcome.reply.title
    assert ("Pupils", "Ravi Shah") in outcome.reply.fields
    with sessions() as session:
        concern = session.get_one(Concern, outcome.record_id)
        assert concern.status == "new"
        assert concern.urgency == "high"
        assert concern.raised_by_id == world.actor("teacher_2c").staff_id
        assert concern.observed_on == date(2026, 10, 5)
        assert concern.raised_at == NOW
        assert [p.pupil_id for p in concern.pupils] == [world.pupils["ravi"]]
        assert [a.area for a in concern.areas] == ["cognition_and_learning"]
        [first] = concern.history
        assert (first.from_status, first.to_status) == (None, "new")
        assert first.changed_by_id == world.actor("teacher_2c").staff_id

    [card] = outbox(sessions)
    assert (card.channel, card.rule, card.subject, card.recipient_id) == (
        "triage",
        "concern.triage",
        "C-00001",
        None,
    )
    assert card.payload["privacy"] == "channel"
    for private in ("Ravi", "Shah", "phonics", "table"):
        assert private not in card.message
    assert "Year 2" in card.message and "Cognition and learning" in card.message
    actions = [b["action"] for b in card.payload["buttons"]]
    assert actions == ["concern.acknowledge", "concern.assign", "concern.more_info", "concern.open"]
    assert {b["value"] for b in card.payload["buttons"]} == {str(outcome.record_id)}

    [event] = audits(sessions)
    assert (event.action, event.entity, event.entity_id) == ("create", "concern", outcome.record_id)
    assert event.detail["pupil_ids"] == [world.pupils["ravi"]]
    assert "Ravi" not in str(event.detail)


def test_a_concern_about_a_group_with_no_area_yet_is_welcome(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = raise_concern(
        sessions,
        world,
        "ta",
        pupils=[world.pupils["amira"], str(world.pupils["maya"]), world.pupils["amira"]],
        areas=[],
        urgency=None,
        tried="",
    )

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        concern = session.get_one(Concern, outcome.record_id)
        assert sorted(p.pupil_id for p in concern.pupils) == sorted(
            [world.pupils["amira"], world.pupils["maya"]]
        )
        assert concern.areas == [] and concern.urgency == "medium"
    [card] = outbox(sessions)
    assert "Not sure yet" in card.message
    assert "Year 2, Year 3" in card.message


def test_short_forms_of_areas_of_need_are_understood(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = raise_concern(sessions, world, areas=["SEMH", "Communication and interaction"])

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        areas = session.scalars(select(ConcernArea.area).order_by(ConcernArea.area)).all()
    assert areas == ["communication_and_interaction", "social_emotional_and_mental_health"]


def test_the_date_seen_defaults_to_the_school_day_in_london(
    world: World, sessions: sessionmaker[Session]
) -> None:
    late_evening_utc = datetime(2026, 10, 5, 23, 30, tzinfo=UTC)  # 00:30 on 6 October in London
    outcome = raise_concern(sessions, world, now=late_evening_utc)

    with sessions() as session:
        assert session.get_one(Concern, outcome.record_id).observed_on == date(2026, 10, 6)


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"pupils": []}, {"pupils"}),
        ({"pupils": ["Ravi"]}, {"pupils"}),
        ({"observed": ""}, {"observed"}),
        ({"observed": "sad"}, {"observed"}),
        ({"areas": ["maths"]}, {"areas"}),
        ({"urgency": "urgent!!"}, {"urgency"}),
        ({"observed_on": "last tuesday"}, {"observed_on"}),
        ({"observed_on": "2026-10-06"}, {"observed_on"}),
        ({"pupils": [999_999]}, {"pupils"}),
        ({"pupils": ["ZARA"], "observed_on": "2027-01-01"}, {"pupils", "observed_on"}),
    ],
)
def test_bad_input_names_each_field_and_writes_nothing(
    changes: dict[str, Any], fields: set[str], world: World, sessions: sessionmaker[Session]
) -> None:
    if changes.get("pupils") == ["ZARA"]:
        changes["pupils"] = [world.pupils["zara"]]  # another school's pupil
    before = counts(sessions)

    outcome = raise_concern(sessions, world, **changes)

    assert not outcome.ok
    assert set(outcome.errors) == fields
    assert all(outcome.errors.values())
    assert counts(sessions) == before


def test_another_schools_pupil_is_not_offered_and_not_accepted(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        form = concern_form(session=session, actor=world.actor("ta"), today=date(2026, 10, 5))
    fields = {f.name: f for f in form.fields}
    assert set(fields) == {"pupils", "observed", "areas", "tried", "urgency", "observed_on"}
    assert fields["pupils"].kind is FieldKind.PUPIL
    with sessions() as session:  # the picker is searched: every pupil matches an empty search
        found = search_options(session, world.actor("ta"), fields["pupils"].search, "")
    offered = {int(c.value) for c in found}
    assert offered == {world.pupils[n] for n in ("maya", "ravi", "amira", "noah")}
    assert fields["observed_on"].initial == "2026-10-05"

    outcome = raise_concern(sessions, world, "ta", pupils=[world.pupils["zara"]])
    assert "isn't on roll in your school" in outcome.errors["pupils"]


# --- the SENDCO's workflow -------------------------------------------------------------------


def test_the_sendco_moves_a_concern_on_and_the_raiser_is_told_each_time(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    assert concern_id is not None
    steps = [
        ("acknowledged", "", NOW + timedelta(hours=1)),
        ("monitoring", "Watch for two weeks in phonics.", NOW + timedelta(days=1)),
        ("sen_support_started", "Assessed: starting Precision Teaching.", NOW + timedelta(days=14)),
        ("closed", "On the register; plan agreed with parents.", NOW + timedelta(days=15)),
    ]
    for to_status, note, when in steps:
        outcome = move(sessions, world, concern_id, to_status, note, now=when)
        assert outcome.ok, outcome.reply.title

    sendco, teacher = world.actor("sendco").staff_id, world.actor("teacher_2c").staff_id
    with sessions() as session:
        concern = session.get_one(Concern, concern_id)
        assert concern.status == "closed"
        history = [(c.from_status, c.to_status, c.changed_by_id, c.note) for c in concern.history]
        assert [c.changed_at for c in concern.history] == [NOW] + [w for _, _, w in steps]
    assert history == [
        (None, "new", teacher, "Raised"),
        ("new", "acknowledged", sendco, ""),
        ("acknowledged", "monitoring", sendco, steps[1][1]),
        ("monitoring", "sen_support_started", sendco, steps[2][1]),
        ("sen_support_started", "closed", sendco, steps[3][1]),
    ]

    told = outbox(sessions, recipient_id=teacher)
    assert [n.rule for n in told] == ["concern.status"] * 4
    assert "is now SEN support started" in told[2].message
    assert steps[2][1] in told[2].message
    assert "Ravi Shah" in told[0].message  # a private notice may name the pupil
    cards = outbox(sessions, channel="triage")
    assert len({c.key for c in cards}) == 5
    assert {c.subject for c in cards} == {"C-00001"}
    assert "closed" in cards[-1].message and "Ravi" not in cards[-1].message
    assert [b["action"] for b in cards[-1].payload["buttons"]] == ["concern.open"]

    updates = audits(sessions, action="update")
    assert [(e.detail["from"], e.detail["to"]) for e in updates] == [
        ("new", "acknowledged"),
        ("acknowledged", "monitoring"),
        ("monitoring", "sen_support_started"),
        ("sen_support_started", "closed"),
    ]
    assert all(e.actor_id == sendco and e.entity_id == concern_id for e in updates)


def test_every_step_but_acknowledging_needs_a_reason(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    assert concern_id is not None
    assert move(sessions, world, concern_id, "acknowledged").ok
    before = counts(sessions)

    outcome = move(sessions, world, concern_id, "referred", "   ")

    assert outcome.errors == {"note": "Say why, in a sentence: it goes on the concern's record."}
    assert counts(sessions) == before
    assert move(sessions, world, concern_id, "", "x").errors.keys() == {"to_status"}


def test_a_step_the_workflow_does_not_allow_is_refused_plainly(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    assert concern_id is not None
    before = counts(sessions)

    skipped = move(sessions, world, concern_id, "referred", "EP referral")
    assert not skipped.ok
    assert "it is new, and from there it can only move to acknowledged" in skipped.reply.title
    assert counts(sessions) == before

    assert move(sessions, world, concern_id, "acknowledged").ok
    assert move(sessions, world, concern_id, "closed", "Resolved after a chat with home.").ok
    before = counts(sessions)
    reopened = move(sessions, world, concern_id, "monitoring", "Came back")
    assert not reopened.ok
    assert "closed" in reopened.reply.title and "Raise a new concern" in reopened.reply.title
    assert counts(sessions) == before


def test_the_sendco_raising_and_triaging_their_own_concern_is_not_told_about_it(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world, "sendco").record_id
    assert concern_id is not None

    outcome = move(sessions, world, concern_id, "acknowledged")

    assert "nobody else was told" in outcome.reply.lines[0]
    assert outbox(sessions, rule="concern.status") == []


def test_asking_for_more_information_on_a_new_concern_acknowledges_it_first(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    question = "Does this happen in other lessons, or only phonics?"

    outcome = perform(
        sessions,
        ask_for_more_information,
        actor=world.actor("sendco"),
        concern_id=concern_id,
        data={"note": question},
        now=NOW,
    )

    assert outcome.ok, outcome.reply.title
    with sessions() as session:
        concern = session.get_one(Concern, concern_id)
        assert [c.to_status for c in concern.history] == [
            "new",
            "acknowledged",
            "more_info_requested",
        ]
        assert concern.history[-1].note == question
    [told] = outbox(sessions, rule="concern.status")
    assert question in told.message and "more information" in told.message
    assert told.recipient_id == world.actor("teacher_2c").staff_id

    missing = perform(
        sessions,
        ask_for_more_information,
        actor=world.actor("sendco"),
        concern_id=concern_id,
        data={},
        now=NOW,
    )
    assert set(missing.errors) == {"note"}


def test_the_sendco_assigns_a_concern_to_themselves_and_a_colleague_cannot_take_it(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    deputy = add_staff(sessions, world, "deputy_sendco", Role.SENDCO)

    mine = perform(
        sessions, assign_concern, actor=world.actor("sendco"), concern_id=concern_id, now=NOW
    )
    again = perform(
        sessions, assign_concern, actor=world.actor("sendco"), concern_id=concern_id, now=NOW
    )
    before = counts(sessions)
    theirs = perform(sessions, assign_concern, actor=deputy, concern_id=concern_id, now=NOW)

    assert mine.ok and again.ok and "already assigned to you" in again.reply.title
    assert not theirs.ok and theirs.reply.title == "C-00001 is already assigned to Sendco."
    assert counts(sessions) == before
    with sessions() as session:
        assert session.get_one(Concern, concern_id).assigned_to_id == world.actor("sendco").staff_id
    cards = outbox(sessions, channel="triage")
    assert len(cards) == 2 and "Assigned to: Sendco" in cards[-1].message
    assert "concern.assign" not in [b["action"] for b in cards[-1].payload["buttons"]]
    [event] = audits(sessions, action="update")
    assert event.detail["assigned_to_id"] == world.actor("sendco").staff_id


def test_the_next_step_form_offers_only_the_steps_the_workflow_allows(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    assert concern_id is not None
    assert move(sessions, world, concern_id, "acknowledged").ok
    with sessions() as session:
        form = concern_status_form(
            session=session, actor=world.actor("sendco"), concern_id=concern_id
        )
    [to_status, note] = form.fields
    assert (to_status.name, note.name) == ("to_status", "note")
    assert [c.value for c in to_status.choices] == [
        "monitoring",
        "more_info_requested",
        "sen_support_started",
        "referred",
        "closed",
    ]


# --- the transition table, on its own ----------------------------------------------------------

S = ConcernStatus
ALLOWED = {
    (S.NEW, S.ACKNOWLEDGED),
    *((S.ACKNOWLEDGED, t) for t in (S.MONITORING, S.MORE_INFO_REQUESTED, S.SEN_SUPPORT_STARTED)),
    (S.ACKNOWLEDGED, S.REFERRED),
    (S.ACKNOWLEDGED, S.CLOSED),
    *((S.MONITORING, t) for t in (S.MORE_INFO_REQUESTED, S.SEN_SUPPORT_STARTED, S.REFERRED)),
    (S.MONITORING, S.CLOSED),
    *((S.MORE_INFO_REQUESTED, t) for t in (S.MONITORING, S.SEN_SUPPORT_STARTED, S.REFERRED)),
    (S.MORE_INFO_REQUESTED, S.CLOSED),
    (S.SEN_SUPPORT_STARTED, S.CLOSED),
    (S.REFERRED, S.CLOSED),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_the_workflow_allows_exactly_the_documented_steps(current: S, target: S) -> None:
    allowed = (current, target) in ALLOWED
    assert (target in TRANSITIONS[current]) is allowed
    assert (transition_problem(current, target) is None) is allowed
    assert (target in next_statuses(current)) is allowed


def test_nothing_leaves_closed_and_nothing_returns_to_new() -> None:
    assert next_statuses(S.CLOSED) == ()
    assert all(S.NEW not in targets for targets in TRANSITIONS.values())
    assert note_required(S.CLOSED) and not note_required(S.ACKNOWLEDGED)


# --- early identification ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (date(2026, 9, 1), (date(2026, 9, 1), date(2026, 12, 31))),
        (date(2026, 12, 31), (date(2026, 9, 1), date(2026, 12, 31))),
        (date(2027, 1, 4), (date(2027, 1, 1), date(2027, 3, 31))),
        (date(2027, 3, 31), (date(2027, 1, 1), date(2027, 3, 31))),
        (date(2027, 4, 1), (date(2027, 4, 1), date(2027, 8, 31))),
        (date(2027, 8, 31), (date(2027, 4, 1), date(2027, 8, 31))),
    ],
)
def test_terms_are_autumn_spring_and_summer_by_month(day: date, term: tuple[date, date]) -> None:
    assert term_bounds(day) == term


def test_the_graduated_approach_prompt_needs_two_different_staff_in_the_term() -> None:
    start, end = date(2026, 9, 1), date(2026, 12, 31)
    one_teacher_twice = [RaisedConcern(1, date(2026, 9, 10)), RaisedConcern(1, date(2026, 10, 1))]
    two_staff = [RaisedConcern(1, date(2026, 9, 10)), RaisedConcern(2, date(2026, 12, 31))]
    last_term = [RaisedConcern(1, date(2026, 8, 31)), RaisedConcern(2, date(2026, 9, 1))]

    assert not needs_graduated_approach_prompt(one_teacher_twice, start, end)
    assert needs_graduated_approach_prompt(two_staff, start, end)
    assert not needs_graduated_approach_prompt(last_term, start, end)
    assert not needs_graduated_approach_prompt([], start, end)
    assert not needs_graduated_approach_prompt(two_staff, start, end, min_staff=3)


def test_concerns_from_two_colleagues_prompt_the_sendco_once_a_term(
    world: World, sessions: sessionmaker[Session]
) -> None:
    raise_concern(sessions, world, "teacher_2c")
    raise_concern(sessions, world, "teacher_2c", now=NOW + timedelta(days=1))
    assert outbox(sessions, rule="concern.graduated_approach") == []

    raise_concern(sessions, world, "ta", now=NOW + timedelta(days=2))
    raise_concern(sessions, world, "teacher_3b", now=NOW + timedelta(days=3))

    [prompt] = outbox(sessions, rule="concern.graduated_approach")
    assert prompt.recipient_id == world.actor("sendco").staff_id
    assert prompt.channel == ""
    assert "Ravi Shah" in prompt.message and "assess, plan, do, review" in prompt.message
    assert prompt.subject == world_upn_of(sessions, world.pupils["ravi"])


def test_a_concern_from_last_term_does_not_count_towards_the_prompt(
    world: World, sessions: sessionmaker[Session]
) -> None:
    raise_concern(sessions, world, "teacher_2c", now=datetime(2026, 7, 10, 9, tzinfo=UTC))
    raise_concern(sessions, world, "ta")

    assert outbox(sessions, rule="concern.graduated_approach") == []


def world_upn_of(sessions: sessionmaker[Session], pupil_id: int) -> str:
    with sessions() as session:
        return session.get_one(Pupil, pupil_id).upn


# --- reading ------------------------------------------------------------------------------------


def test_the_sendco_lists_the_schools_concerns_and_a_teacher_only_their_own(
    world: World, sessions: sessionmaker[Session]
) -> None:
    first = raise_concern(sessions, world, "teacher_2c")
    second = raise_concern(
        sessions, world, "ta", pupils=[world.pupils["noah"]], now=NOW + timedelta(hours=1)
    )
    raise_concern(sessions, world, "teacher_b", pupils=[world.pupils["zara"]])
    assert first.ok and second.ok

    def listed(who: str, **filters: Any) -> list[str]:
        outcome = perform(sessions, list_concerns, actor=world.actor(who), **filters)
        assert outcome.ok, outcome.reply.title
        return [line.split(" · ")[0] for line in outcome.reply.lines]

    assert listed("sendco") == ["C-00002", "C-00001"]
    assert listed("head") == ["C-00002", "C-00001"]
    assert listed("teacher_2c") == ["C-00001"]
    assert listed("teacher_3b") == []
    assert listed("sendco_b") == ["C-00003"]
    assert listed("sendco", status="new") == ["C-00002", "C-00001"]
    assert move(sessions, world, first.record_id or 0, "acknowledged").ok
    assert listed("sendco", status="acknowledged") == ["C-00001"]
    assert listed("sendco", open_only=True) == ["C-00002", "C-00001"]
    bad = perform(sessions, list_concerns, actor=world.actor("sendco"), status="pending")
    assert set(bad.errors) == {"status"}

    reads = audits(sessions, action="read")
    both, first_only = ["C-00002", "C-00001"], ["C-00001"]
    assert [e.detail["references"] for e in reads] == [
        both,  # sendco
        both,  # head
        first_only,  # teacher_2c; teacher_3b saw nothing, so read nothing
        ["C-00003"],  # sendco_b
        both,  # status=new
        first_only,  # status=acknowledged
        both,  # open only
    ]
    assert all(e.entity_id is None and e.detail["view"] == "list" for e in reads)


def test_the_raiser_opens_their_concern_with_its_history_and_the_read_is_audited(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    assert concern_id is not None
    assert move(sessions, world, concern_id, "acknowledged", now=NOW + timedelta(hours=2)).ok

    outcome = perform(sessions, get_concern, actor=world.actor("teacher_2c"), concern_id=concern_id)

    assert outcome.ok, outcome.reply.title
    text = outcome.reply.text()
    assert "Ravi Shah (Year 2, 2C)" in text
    assert "hid under the table" in text and "visual timetable" in text
    assert "11:30 on 2026-10-05 · new → acknowledged · Sendco" in text
    assert outcome.reply.buttons == ()  # the raiser can't triage
    [read] = audits(sessions, action="read")
    assert (read.entity, read.entity_id, read.actor_id) == (
        "concern",
        concern_id,
        world.actor("teacher_2c").staff_id,
    )
    assert read.detail["pupil_ids"] == [world.pupils["ravi"]]


def test_a_colleague_who_did_not_raise_it_cannot_open_it(
    world: World, sessions: sessionmaker[Session]
) -> None:
    concern_id = raise_concern(sessions, world).record_id
    before = counts(sessions)

    outcome = perform(sessions, get_concern, actor=world.actor("teacher_3b"), concern_id=concern_id)

    assert not outcome.ok
    assert "open to the SENDCO, the head and the person who raised it" in outcome.reply.title
    [deny] = audits(sessions, action="deny")
    assert (deny.entity, deny.entity_id) == ("concern", concern_id)
    assert counts(sessions) == before | {"audit_events": before["audit_events"] + 1}


def test_opening_a_concern_that_does_not_exist_says_so(
    world: World, sessions: sessionmaker[Session]
) -> None:
    outcome = perform(sessions, get_concern, actor=world.actor("sendco"), concern_id=404)

    assert not outcome.ok and "no concern C-00404" in outcome.reply.title
