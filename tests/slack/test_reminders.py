"""A reminder reaches the SENDCO as a Slack direct message with Done and Snooze buttons, and
pressing them changes the reminder: done never comes back; snoozed comes back later."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.app import build_slack_channel, make_client
from bot.slack.delivery import SingleWorkspace
from handlers.delivery import deliver_due
from handlers.reminders.sweep import run_sweep
from storage.models import OutboxNotice, Plan, Pupil
from tests.slack.conftest import NOW, SENDCO, Bot, eventually, slack_settings
from tests.slack.fake_slack import FakeSlack
from tests.worlds import World


def noahs_ehcp_is_due(sessions: sessionmaker[Session], world: World) -> None:
    """Noah's EHCP was issued a year ago less a few weeks: the annual review reminder is due."""
    with sessions.begin() as session:
        noah = session.get_one(Pupil, world.pupils["noah"])
        session.add(
            Plan(
                school_id=noah.school_id,
                pupil_id=noah.id,
                kind="ehcp",
                started_on=NOW.date().replace(year=NOW.year - 1) + timedelta(weeks=4),
            )
        )


def reminder_rows(sessions: sessionmaker[Session]) -> list[OutboxNotice]:
    with sessions() as session:
        return list(
            session.scalars(
                select(OutboxNotice).where(OutboxNotice.rule == "ehcp_annual_review")
            ).all()
        )


def test_a_reminder_arrives_as_a_dm_and_done_stops_it(
    bot: Bot,
    db_url: str,
    slack_api: FakeSlack,
    sessions: sessionmaker[Session],
    slack_world: World,
) -> None:
    noahs_ehcp_is_due(sessions, slack_world)
    settings = slack_settings(db_url, slack_api)
    channel = build_slack_channel(
        settings, sessions, SingleWorkspace(make_client(settings, "xoxb-test"))
    )
    report = run_sweep(sessions, now=NOW, channels=[channel])
    assert report.written, "the EHCP annual review reminder should be due"

    dm = slack_api.wait_for(
        "chat.postMessage", lambda c: c.args.get("channel") == "D" + SENDCO and "EHCP" in c.text()
    )
    buttons = [
        element
        for block in dm.args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    done = next(b for b in buttons if b["action_id"].startswith("reminder.done"))
    [row] = [
        r for r in reminder_rows(sessions) if r.recipient_id == slack_world.actor("sendco").staff_id
    ]
    assert done["value"] == str(row.id) and row.status == "delivered"

    pressed = bot.slack.press(
        done["action_id"], done["value"], user=SENDCO, channel="D" + SENDCO, ts=dm.result["ts"]
    )
    assert pressed.status == 200
    finished = eventually(
        lambda: next((r for r in reminder_rows(sessions) if r.status == "done"), None)
    )
    assert finished.id == row.id

    later = deliver_due(sessions, channels=[channel], now=NOW + timedelta(days=3))
    assert row.key not in later.delivered
