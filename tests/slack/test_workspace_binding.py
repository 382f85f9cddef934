"""A Slack user is linked to a member of staff by email only inside the workspace the school
uses: someone in another installed workspace whose Slack email matches is refused and the
refusal is on record; a colleague in the school's own workspace is linked and audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import AuditEvent, Concern, PlatformIdentity
from tests.slack import payloads
from tests.slack.conftest import TA, Bot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World

OTHER_TEAM, IMPOSTOR = "T0OTHERSCH", "U0IMPOSTOR"


def dm_from(bot: Bot, *, user: str, team: str, text: str, ts: str) -> int:
    event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user,
             "text": text, "ts": ts}  # fmt: skip
    body = payloads.event_callback(event=event, event_id=f"Ev{ts}", team_id=team)
    return bot.slack.event(body).status


def test_a_user_of_another_workspace_with_a_matching_email_is_refused(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    slack_api.emails[IMPOSTOR] = slack_world.actor("ta").email  # the same address, elsewhere
    text = "worried about Maya in 2C, she isn't following two-step instructions"
    assert dm_from(bot, user=IMPOSTOR, team=OTHER_TEAM, text=text, ts="1790001000.0001") == 200
    said = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + IMPOSTOR)
    assert "I don't know you yet" in said.text()

    with sessions() as session:
        linked = session.scalars(select(PlatformIdentity.external_id)).all()
        events = session.scalars(select(AuditEvent)).all()
        concerns = session.scalars(select(Concern)).all()
    assert IMPOSTOR not in linked and concerns == []
    assert [(e.action, e.entity) for e in events] == [("deny", "platform_identity")]


def test_a_colleague_in_the_schools_own_workspace_is_linked_and_audited(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    assert dm_from(bot, user=TA, team=TEAM_ID, text="help", ts="1790001100.0001") == 200
    slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + TA)
    with sessions() as session:
        identity = session.scalars(
            select(PlatformIdentity).where(PlatformIdentity.external_id == TA)
        ).one()
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "platform_identity")
        )
    assert identity.staff_id == slack_world.actor("ta").staff_id
    assert event.action == "create" and event.detail["workspace_id"] == TEAM_ID
