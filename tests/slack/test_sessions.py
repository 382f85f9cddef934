"""A TA logs sessions: by direct message (a conversation in a thread), and with /session.

The TA is not linked to Slack yet: the first message finds them by the email Slack reports
and links them, so the second is matched by id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import InterventionSession, PlatformIdentity, ProcessedEvent
from tests.slack.conftest import NOW, TA, Bot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World


def logged(sessions: sessionmaker[Session]) -> list[tuple[InterventionSession, dict[int, bool]]]:
    with sessions() as session:
        rows = session.scalars(select(InterventionSession).order_by(InterventionSession.id)).all()
        return [(r, {a.pupil_id: a.present for a in r.attendance}) for r in rows]


def test_a_session_logged_by_direct_message(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    first = "1790000001.000100"
    assert bot.slack.dm("20 mins Plus One with Ravi", user=TA, ts=first).status == 200
    asked = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == first)
    assert asked.args["channel"] == "D" + TA
    assert "Log this session?" in asked.text() and "Ravi Shah" in asked.text()
    assert logged(sessions) == []

    assert bot.slack.dm("yes", user=TA, ts="1790000002.000100", thread_ts=first).status == 200
    done = slack_api.wait_for(
        "chat.postMessage", lambda c: "Session logged" in c.text() and c.args["thread_ts"] == first
    )
    assert done.args["channel"] == "D" + TA
    [(row, attendance)] = logged(sessions)
    assert (row.intervention_id, row.duration_minutes) == (
        slack_world.interventions["plus_one"],
        20,
    )
    assert row.held_on == NOW.date() and row.logged_by_id == slack_world.actor("ta").staff_id
    assert attendance == {slack_world.pupils["ravi"]: True}

    assert len(slack_api.calls_to("users.info")) == 1  # linked after the first message
    with sessions() as session:
        linked = session.scalar(select(PlatformIdentity).where(PlatformIdentity.external_id == TA))
        assert linked is not None
        assert (linked.staff_id, linked.workspace_id) == (
            slack_world.actor("ta").staff_id,
            TEAM_ID,
        )
        keys = set(session.scalars(select(ProcessedEvent.event_key)))
    assert keys == {f"event:{TEAM_ID}:Ev1790000001.000100", f"event:{TEAM_ID}:Ev1790000002.000100"}


def element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b["element"] for b in view["blocks"] if b.get("block_id") == block_id)


def test_session_command_prefills_the_form_from_its_text(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    ravi, noah = slack_world.pupils["ravi"], slack_world.pupils["noah"]
    group = slack_world.interventions["plus_one"]
    assert bot.slack.command("/session", "25 mins plus one with Ravi", user=TA).status == 200
    view = slack_api.last_view()
    assert view["callback_id"] == "form:session.log"
    assert element(view, "intervention_id")["initial_option"]["value"] == str(group)
    assert element(view, "duration_minutes")["initial_value"] == "25"
    who = element(view, "attendance")
    assert {o["value"] for o in who["options"]} == {str(ravi), str(noah)}
    assert [o["value"] for o in who["initial_options"]] == [str(ravi)]

    saved = bot.slack.submit(view, {"notes": "Worked on number bonds to 10."}, user=TA)
    assert saved.json()["response_action"] == "update"
    [(row, attendance)] = logged(sessions)
    assert (row.intervention_id, row.duration_minutes, row.source) == (group, 25, "slack")
    assert attendance == {ravi: True}

    again = bot.slack.submit(view, {"notes": "Worked on number bonds to 10."}, user=TA)
    assert again.status == 200
    assert len(logged(sessions)) == 1  # a double submit saves once
