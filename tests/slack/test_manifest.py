"""manifest.yml creates the whole app in one paste: valid against Slack's manifest schema, and
declaring exactly the commands, shortcuts, events and scopes the code uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from bot.slack.contract import BOT_EVENTS, BOT_SCOPES, COMMANDS, SHORTCUTS
from tests.slack import payloads
from tests.slack.conftest import STRANGER, Bot
from tests.slack.fake_slack import TEAM_ID

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "tests" / "fixtures" / "schemas" / "slack-manifest.schema.json"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_manifest_is_valid_against_slacks_schema(manifest: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    errors = sorted(Draft7Validator(schema).iter_errors(manifest), key=str)
    assert errors == [], "\n".join(e.message for e in errors)


def test_the_manifest_declares_what_the_code_uses(manifest: dict[str, Any]) -> None:
    features, settings = manifest["features"], manifest["settings"]
    assert {c["command"]: c["description"] for c in features["slash_commands"]} == COMMANDS
    assert {s["callback_id"]: s["type"] for s in features["shortcuts"]} == SHORTCUTS
    assert sorted(settings["event_subscriptions"]["bot_events"]) == sorted(BOT_EVENTS)
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    assert "user" not in manifest["oauth_config"]["scopes"]  # no user tokens at all
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["bot_user"]["display_name"]


def event_for(kind: str, ts: str) -> dict[str, Any]:
    base = {"user": STRANGER, "ts": ts, "text": "hello"}
    shapes = {
        "app_home_opened": {"type": "app_home_opened", "tab": "home", "channel": "D1"},
        "app_mention": {"type": "app_mention", "channel": "C0STAFF", "text": "<@U0BOT> hi"},
        "message.im": {"type": "message", "channel_type": "im", "channel": "D" + STRANGER},
        "message.groups": {"type": "message", "channel_type": "group", "channel": "G0TRIAGE",
                           "thread_ts": "1.0"},
    }  # fmt: skip
    return {**base, **shapes[kind]}


def test_the_app_handles_everything_the_manifest_declares(bot: Bot) -> None:
    """Bolt answers 404 to a request no listener takes: each declared one gets a 200."""
    for command in COMMANDS:
        assert bot.slack.command(command, "help", user=STRANGER).status == 200, command
    for callback_id, kind in SHORTCUTS.items():
        shortcut = payloads.message_shortcut(
            callback_id=callback_id,
            text="hello",
            user_id=STRANGER,
            team_id=TEAM_ID,
            response_url=bot.slack.fake.hook_url("shortcut"),
        )
        if kind == "global":
            shortcut = {k: shortcut[k] for k in ("token", "team", "user", "trigger_id")}
            shortcut.update(type="shortcut", callback_id=callback_id, action_ts="1.2")
        assert bot.slack.interaction(shortcut).status == 200, callback_id
    for n, kind in enumerate(BOT_EVENTS):
        payload = payloads.event_callback(
            event=event_for(kind, f"1790002{n:03d}.000100"), event_id=f"EvM{n}", team_id=TEAM_ID
        )
        assert bot.slack.event(payload).status == 200, kind
    unknown = payloads.event_callback(
        event={"type": "reaction_added", "user": STRANGER}, event_id="EvX", team_id=TEAM_ID
    )
    assert bot.slack.event(unknown).status == 404  # so the 200s above mean something
