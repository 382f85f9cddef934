"""The home tab shows each role what needs them: the SENDCO's queue and reviews due, a TA's
groups today, a teacher's own open concerns; someone unknown is told what to do."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from handlers.advice import ask_advice
from handlers.concerns import log_concern
from handlers.unit_of_work import perform
from storage.models import Plan, Review
from tests.slack import payloads
from tests.slack.conftest import NOW, SENDCO, STRANGER, TA, TEACHER, Bot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World


def open_home(bot: Bot, user: str) -> None:
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home",
             "ts": "1790001000.000100"}  # fmt: skip
    payload = payloads.event_callback(event=event, event_id=f"EvHome{user}", team_id=TEAM_ID)
    assert bot.slack.event(payload).status == 200


def home_of(bot: Bot, slack_api: FakeSlack, user: str) -> str:
    open_home(bot, user)
    call = slack_api.wait_for("views.publish", lambda c: c.args.get("user_id") == user)
    assert call.args["view"]["type"] == "home"
    return json.dumps(call.args["view"]["blocks"])


def test_the_home_tab_per_role(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    teacher = slack_world.actor("teacher_2c")
    ravi, noah = slack_world.pupils["ravi"], slack_world.pupils["noah"]
    seen = {"pupils": [ravi], "observed": "Ravi can't copy from the board at all."}
    assert perform(sessions, log_concern, actor=teacher, data=seen, now=NOW).ok
    question = {"question": "Any tips for seating plans in 2C please?"}
    assert perform(sessions, ask_advice, actor=teacher, data=question, now=NOW).ok
    with sessions.begin() as session:
        plan = Plan(
            school_id=slack_world.school_ids["a"], pupil_id=noah, kind="ehcp",
            started_on=date(2025, 12, 1),
        )  # fmt: skip
        session.add(plan)
        session.flush()
        session.add(
            Review(
                school_id=slack_world.school_ids["a"], pupil_id=noah, plan_id=plan.id,
                kind="ehcp_annual", due_on=date(2026, 12, 1),
            )
        )  # fmt: skip

    sendco = home_of(bot, slack_api, SENDCO)
    assert "Your triage queue" in sendco and "C-00001" in sendco and "A-00001" in sendco
    assert "Reviews due in the next six weeks" in sendco
    assert "Noah" in sendco and "2026-12-01" in sendco

    ta = home_of(bot, slack_api, TA)
    assert "Your groups today" in ta and "Plus One" in ta
    assert "session planned today" in ta  # Monday; the group meets Mon, Wed, Fri
    assert "C-00001" not in ta

    mine = home_of(bot, slack_api, TEACHER)
    assert "Your open concerns and questions" in mine
    assert "C-00001" in mine and "A-00001" in mine
    assert "Your triage queue" not in mine

    stranger = home_of(bot, slack_api, STRANGER)
    assert "I don't know you yet" in stranger
