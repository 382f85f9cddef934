"""Modals that answer as they are filled in: a pupil picker for a whole school (options
loaded by what is typed), and the session form showing the chosen group's pupils."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from storage.models import Intervention, InterventionMember, Pupil
from tests.slack import payloads
from tests.slack.conftest import TA, TEACHER, Bot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World, world_upn


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b.get("type") == "input"}


def from_the_modal(view: dict[str, Any], user: str, **fields: Any) -> dict[str, Any]:
    """An interaction inside `view` (the block_actions fixture, moved into the modal)."""
    payload: dict[str, Any] = copy.deepcopy(payloads.fixture("block_actions.json"))
    payload["user"].update(id=user, team_id=TEAM_ID)
    payload["team"]["id"] = TEAM_ID
    payload["container"] = {"type": "view", "view_id": view["id"]}
    for key in ("channel", "response_url"):
        payload.pop(key)
    payload["view"] = view
    payload.update(fields)
    return payload


def test_a_whole_school_pupil_picker_loads_options_by_name(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    with sessions.begin() as session:
        for n in range(101):
            session.add(
                Pupil(
                    school_id=slack_world.school_ids["a"], upn=world_upn(100 + n),
                    first_name=f"Extra{n}", last_name="Pupil", date_of_birth=date(2019, 1, 1),
                    year_group=1, class_name="1A", sen_status="N",
                )
            )  # fmt: skip
    assert bot.slack.command("/concern", "", user=TEACHER).status == 200
    view = slack_api.last_view()
    assert inputs(view)["pupils"]["element"]["type"] == "multi_external_select"

    suggestion = from_the_modal(view, TEACHER, type="block_suggestion", action_id="pupils",
                                block_id="pupils", value="rav")  # fmt: skip
    for key in ("actions", "trigger_id"):
        suggestion.pop(key)
    answer = bot.slack.interaction(suggestion)
    assert answer.status == 200
    options = answer.json()["options"]
    assert [o["value"] for o in options] == [str(slack_world.pupils["ravi"])]
    assert options[0]["text"]["text"].startswith("Ravi Shah")


def test_one_group_is_chosen_for_you(bot: Bot, slack_api: FakeSlack, slack_world: World) -> None:
    assert bot.slack.command("/session", "", user=TA).status == 200
    fields = inputs(slack_api.last_view())
    group = str(slack_world.interventions["plus_one"])
    assert fields["intervention_id"]["element"]["initial_option"]["value"] == group
    assert fields["duration_minutes"]["element"]["initial_value"] == "20"  # the group's usual
    assert len(fields["attendance"]["element"]["initial_options"]) == 2  # everyone ticked


def test_choosing_a_group_shows_its_pupils(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    with sessions.begin() as session:
        session.add(
            Intervention(
                school_id=slack_world.school_ids["a"], name="Lego Club", programme="Lego therapy",
                lead_id=slack_world.actor("ta").staff_id, weekdays="tue", start_on=date(2026, 9, 8),
                members=[InterventionMember(pupil_id=slack_world.pupils["maya"],
                                            joined_on=date(2026, 9, 8))],
            )
        )  # fmt: skip
    assert bot.slack.command("/session", "", user=TA).status == 200
    view = slack_api.last_view()
    assert "attendance" not in inputs(view)  # two groups, none chosen yet: no pupils to tick
    group = str(slack_world.interventions["plus_one"])
    chosen = {"type": "static_select", "selected_option": {"value": group}}
    view["state"] = {"values": {"duration_minutes": {"duration_minutes": {
        "type": "number_input", "value": "15"}}}}  # fmt: skip
    pressed = from_the_modal(view, TA, trigger_id="trigger.refresh")
    pressed["actions"] = [{"action_id": "intervention_id", "block_id": "intervention_id",
                           "action_ts": "1.3", **chosen}]  # fmt: skip
    assert bot.slack.interaction(pressed).status == 200
    update = slack_api.wait_for("views.update")
    assert update.args["view_id"] == view["id"] and update.args["hash"] == view["hash"]
    fresh = inputs(update.args["view"])
    members = {o["value"] for o in fresh["attendance"]["element"]["options"]}
    assert members == {str(slack_world.pupils["ravi"]), str(slack_world.pupils["noah"])}
    assert fresh["duration_minutes"]["element"]["initial_value"] == "15"  # what was typed stays
    assert fresh["intervention_id"]["element"]["initial_option"]["value"] == group
