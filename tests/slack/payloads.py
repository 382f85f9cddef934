"""Slack's request payloads for the tests, built from the real Bolt test payloads copied into
tests/fixtures/slack/ (SOURCES.md there says where each came from), with ids changed to the
test world's."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "slack"


def fixture(name: str) -> Any:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


def slash_command(
    *, command: str, text: str, user_id: str, team_id: str, channel_id: str, response_url: str
) -> str:
    """The form body Slack posts for a slash command (application/x-www-form-urlencoded)."""
    fields = dict(parse_qsl(fixture("slash_command.form.txt").strip()))
    fields.update(
        command=command,
        text=text,
        user_id=user_id,
        team_id=team_id,
        channel_id=channel_id,
        response_url=response_url,
        trigger_id=f"trigger.{command.strip('/')}.{user_id}",
    )
    return urlencode(fields)


def form_payload(payload: dict[str, Any]) -> str:
    """How Slack posts an interaction: `payload=<url-encoded JSON>`."""
    return "payload=" + quote(json.dumps(payload))


def _person(payload: dict[str, Any], user_id: str, team_id: str) -> None:
    payload["user"].update(id=user_id, team_id=team_id, username=user_id, name=user_id)
    payload["team"]["id"] = team_id


def block_actions(
    *,
    user_id: str,
    team_id: str,
    action_id: str,
    value: str,
    channel_id: str,
    message_ts: str,
    response_url: str,
) -> dict[str, Any]:
    """A button pressed on a message (a triage card, a direct message)."""
    payload: dict[str, Any] = copy.deepcopy(fixture("block_actions.json"))
    _person(payload, user_id, team_id)
    payload["container"].update(message_ts=message_ts, channel_id=channel_id, is_ephemeral=False)
    payload["channel"]["id"] = channel_id
    payload["message"] = {"type": "message", "ts": message_ts, "text": "card"}
    payload["response_url"] = response_url
    payload["trigger_id"] = f"trigger.{action_id}.{user_id}"
    payload["actions"][0].update(action_id=action_id, value=value, block_id="buttons-0")
    return payload


def element_state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    kind = element["type"]
    state: dict[str, Any] = {"type": kind}
    options = {o["value"]: o for o in element.get("options", [])}
    if kind in ("static_select", "external_select"):
        state["selected_option"] = options.get(value, {"value": value}) if value else None
    elif kind.startswith("multi_"):
        state["selected_options"] = [options.get(v, {"value": v}) for v in value or []]
    elif kind == "datepicker":
        state["selected_date"] = value or None
    else:
        state["value"] = value or None
    return state


def initial_value(element: dict[str, Any]) -> Any:
    """What an untouched element submits: its initial value, as Slack does."""
    if "initial_option" in element:
        return element["initial_option"]["value"]
    if "initial_options" in element:
        return [o["value"] for o in element["initial_options"]]
    return element.get("initial_date") or element.get("initial_value")


def view_submission(
    view: dict[str, Any], *, values: dict[str, Any], user_id: str, team_id: str
) -> dict[str, Any]:
    """The modal `view` (as opened) submitted with `values` typed over its initial values."""
    payload: dict[str, Any] = copy.deepcopy(fixture("view_submission.json"))
    _person(payload, user_id, team_id)
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element = block["element"]
        value = values.get(block["block_id"], initial_value(element))
        state[block["block_id"]] = {element["action_id"]: element_state(element, value)}
    submitted = payload["view"]
    submitted.update(
        id=view["id"],
        hash=view["hash"],
        team_id=team_id,
        blocks=view["blocks"],
        private_metadata=view["private_metadata"],
        callback_id=view["callback_id"],
        title=view["title"],
        state={"values": state},
    )
    payload["trigger_id"] = f"trigger.submit.{user_id}"
    return payload


def message_shortcut(
    *, callback_id: str, text: str, user_id: str, team_id: str, response_url: str
) -> dict[str, Any]:
    payload: dict[str, Any] = copy.deepcopy(fixture("message_shortcut.json"))
    payload["user"].update(id=user_id, name=user_id)
    payload["team"]["id"] = team_id
    payload["callback_id"] = callback_id
    payload["message"].update(text=text, user=user_id, team=team_id)
    payload["trigger_id"] = f"trigger.shortcut.{user_id}"
    payload["response_url"] = response_url
    return payload


def event_callback(*, event: dict[str, Any], event_id: str, team_id: str) -> dict[str, Any]:
    """An Events API delivery of `event` (shaped like the app_mention fixture)."""
    payload: dict[str, Any] = copy.deepcopy(fixture("event_callback_app_mention.json"))
    payload.update(team_id=team_id, event_id=event_id)
    payload.pop("enterprise_id", None)
    payload["event"] = {"team": team_id, "event_ts": event.get("ts", ""), **event}
    return payload


def retried_message(
    *, text: str, user_id: str, team_id: str, channel: str, ts: str
) -> tuple[dict[str, Any], int]:
    """A `message` event Slack is sending again (the Socket Mode retry fixture's payload),
    and its retry number."""
    envelope = fixture("socket_mode_events_api_message_retry.json")
    payload: dict[str, Any] = copy.deepcopy(envelope["payload"])
    payload.update(team_id=team_id)
    payload["authorizations"][0].update(team_id=team_id)
    payload["event"].update(
        text=text, user=user_id, team=team_id, channel=channel, ts=ts, event_ts=ts,
        channel_type="im",
    )  # fmt: skip
    payload["event"].pop("blocks", None)
    return payload, int(envelope["retry_attempt"])
