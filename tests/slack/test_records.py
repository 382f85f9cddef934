"""Opening records from Slack: only permitted staff see the details, privately; the message
shortcut raises a concern from any message; /sen looks pupils up."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.concerns import log_concern
from handlers.unit_of_work import perform
from storage.codes import Platform
from storage.models import AuditEvent, PlatformIdentity
from tests.slack import payloads
from tests.slack.conftest import NOW, SENDCO, TEACHER, TRIAGE, Bot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World

OTHER_TEACHER = "U0TEACH3B"


def test_open_record_shows_details_only_to_permitted_staff(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    seen = {"pupils": [slack_world.pupils["ravi"]], "observed": "Ravi can't copy from the board."}
    outcome = perform(
        sessions, log_concern, actor=slack_world.actor("teacher_2c"), data=seen, now=NOW
    )
    concern_id = str(outcome.record_id)
    with sessions.begin() as session:
        session.add(
            PlatformIdentity(
                staff_id=slack_world.actor("teacher_3b").staff_id, platform=Platform.SLACK.value,
                workspace_id=TEAM_ID, external_id=OTHER_TEACHER,
            )
        )  # fmt: skip

    bot.slack.press("concern.open", concern_id, user=OTHER_TEACHER, channel=TRIAGE, ts="1.1")
    refused = slack_api.wait_for("response_url")
    assert "You can't" in refused.text() and "Ravi" not in refused.text()
    assert slack_api.calls_to("views.open") == []

    bot.slack.press("concern.open", concern_id, user=SENDCO, channel=TRIAGE, ts="1.1")
    shown = slack_api.last_view()
    assert "C-00001" in json.dumps(shown) and "Ravi Shah" in json.dumps(shown)
    with sessions() as session:
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"read", "deny"} <= actions  # the read and the refusal are both on record


def test_log_as_concern_from_a_message(bot: Bot, slack_api: FakeSlack, slack_world: World) -> None:
    text = "Amira in 3B covered her ears all through assembly again"
    shortcut = payloads.message_shortcut(
        callback_id="concern.from_message",
        text=text,
        user_id=TEACHER,
        team_id=TEAM_ID,
        response_url=slack_api.hook_url("shortcut"),
    )
    assert bot.slack.interaction(shortcut).status == 200
    view = slack_api.last_view()
    blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    chosen = blocks["pupils"]["element"]["initial_options"]
    assert [o["value"] for o in chosen] == [str(slack_world.pupils["amira"])]
    assert blocks["observed"]["element"]["initial_value"] == text


def test_a_disclosure_opens_the_safeguarding_form_not_a_concern(
    bot: Bot, slack_api: FakeSlack
) -> None:
    assert bot.slack.command("/concern", "Maya said her dad hits her", user=TEACHER).status == 200
    view = slack_api.last_view()
    assert view["callback_id"] == "form:safeguarding.report"
    assert "safeguarding" in json.dumps(view["blocks"][0])


def test_sen_looks_a_pupil_up_privately(bot: Bot, slack_api: FakeSlack) -> None:
    assert bot.slack.command("/sen", "ravi", user=SENDCO).status == 200
    record = slack_api.wait_for("response_url")
    assert record.args["response_type"] == "ephemeral"
    assert "Ravi Shah" in record.text()

    assert bot.slack.command("/sen", "amira", user=TEACHER).status == 200  # not in 2C
    nothing = slack_api.wait_for("response_url", count=2)
    assert "No pupil you can see" in nothing.text() and "Hassan" not in nothing.text()

    assert bot.slack.command("/sen", "help", user=TEACHER).status == 200
    helped = slack_api.wait_for("response_url", count=3)
    assert "/concern" in helped.text() and "/session" in helped.text()
