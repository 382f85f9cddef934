"""Forms in Teams are Adaptive Cards: a form button on a record sends the form as a card; the
card's `Action.Execute` comes back as an invoke and the card is replaced in place — by the
saved record, or by the form again with the problem under its field and the answers kept.
Pupil pickers look pupils up as the person types (`application/search`)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Plan
from tests.teams.conftest import APP_ID, SENDCO_AAD, activity, post
from tests.teams.loopback import Microsoft
from tests.worlds import World


def as_sendco(body: dict[str, Any]) -> dict[str, Any]:
    body["from"]["aadObjectId"] = SENDCO_AAD
    body["conversation"]["id"] = "a:personal-chat-of-the-sendco"
    return body


def invoke(microsoft: Microsoft, name: str, value: dict[str, Any], n: int) -> dict[str, Any]:
    body = as_sendco(activity(microsoft, "", n))
    body |= {"type": "invoke", "name": name, "value": value}
    body.pop("text", None)
    return body


def execute(microsoft: Microsoft, verb: str, data: dict[str, Any], n: int) -> dict[str, Any]:
    action = {"type": "Action.Execute", "verb": verb, "data": data}
    return invoke(microsoft, "adaptiveCard/action", {"action": action, "trigger": "manual"}, n)


def test_a_plan_is_written_on_a_card_and_fixed_in_place(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    token = microsoft.token(APP_ID)
    asked = as_sendco(activity(microsoft, "show me Maya's record", 1))
    assert post(bot_url, asked, token).status_code == 200
    [record] = microsoft.wait_for_posts(1)
    actions = record["body"]["attachments"][0]["content"]["actions"]
    new_plan = next(a for a in actions if a["title"] == "New SEN support plan")

    press = as_sendco(activity(microsoft, "", 2))
    press["value"] = new_plan["data"]
    assert post(bot_url, press, token).status_code == 200
    form = microsoft.wait_for_posts(2)[1]["body"]["attachments"][0]["content"]
    assert form["body"][0]["text"] == "New SEN support plan"
    [submit] = form["actions"]
    assert submit["type"] == "Action.Execute"
    inputs = {element["id"]: element for element in form["body"] if "id" in element}
    assert inputs["pupil"]["choices.data"]["dataset"] == "school_pupils"

    # Typeahead: the picker asks for pupils as the SENDCO types.
    typed = {"queryText": "may", "dataset": "school_pupils"}
    found = post(bot_url, invoke(microsoft, "application/search", typed, 3), token)
    assert found.status_code == 200, found.text
    results = found.json()["value"]["results"]
    assert {"title": "Maya Patel (Year 2, 2C)", "value": str(world.pupils["maya"])} in results

    # No outcomes: the same form comes back with the problem, the pupil still chosen.
    data = submit["data"] | {"pupil": str(world.pupils["maya"]), "targets": ""}
    refused = post(bot_url, execute(microsoft, submit["verb"], data, 4), token)
    assert refused.status_code == 200, refused.text
    again = refused.json()["value"]
    assert again["body"][0]["text"] == "New SEN support plan"
    assert "Add at least one outcome" in json.dumps(again)
    kept = {e["id"]: e for e in again["body"] if "id" in e}
    assert kept["pupil"]["value"] == str(world.pupils["maya"])
    assert {"title": "Maya Patel (Year 2, 2C)", "value": str(world.pupils["maya"])} in kept[
        "pupil"
    ]["choices"]  # shown by name, not by id
    with sessions() as session:
        assert session.scalars(select(Plan)).all() == []

    data["targets"] = "Follow two-step instructions | visual task board"
    saved = post(bot_url, execute(microsoft, submit["verb"], data, 5), token)
    card = saved.json()["value"]
    assert card["body"][0]["text"].startswith("SEN support plan P-")
    with sessions() as session:
        [plan] = session.scalars(select(Plan)).all()
        assert plan.pupil_id == world.pupils["maya"]
        assert [t.outcome for t in plan.targets] == ["Follow two-step instructions"]
