"""A teacher raises a concern with /concern; the SENDCO acknowledges it from the triage card.

Given the test world, when the 2C teacher types "/concern Ravi can't copy ...", a modal
opens with Ravi chosen; a submission with too little said is refused beside that field and
stores nothing; the fixed one stores the concern, and the triage channel gets a card with
the reference and year group but not Ravi's name. The SENDCO presses Acknowledge: the same
card is updated in place and the teacher is told by direct message.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Concern, ConcernPupil, PlatformMessage
from tests.slack import payloads
from tests.slack.conftest import SENDCO, TEACHER, TRIAGE, Bot, eventually
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World

SEEN = "Ravi can't copy from the board, even sitting at the front, and gets upset."


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def stored_concerns(sessions: sessionmaker[Session]) -> list[tuple[Concern, list[int]]]:
    with sessions() as session:
        concerns = session.scalars(select(Concern).order_by(Concern.id)).all()
        return [
            (
                c,
                list(
                    session.scalars(
                        select(ConcernPupil.pupil_id).where(ConcernPupil.concern_id == c.id)
                    )
                ),
            )
            for c in concerns
        ]


def posted_card(sessions: sessionmaker[Session], reference: str) -> PlatformMessage | None:
    with sessions() as session:
        return session.scalar(
            select(PlatformMessage).where(PlatformMessage.subject_ref == reference)
        )


def test_concern_from_command_to_acknowledged_card(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    slack = bot.slack
    ravi = str(slack_world.pupils["ravi"])

    opened = slack.command("/concern", "Ravi can't copy from the board", user=TEACHER)
    assert (opened.status, opened.body) == (200, "")
    view = slack_api.last_view()
    assert view["callback_id"] == "form:concern.log"
    chosen = block(view, "pupils")["element"]["initial_options"]
    assert [o["value"] for o in chosen] == [ravi]

    refused = slack.submit(view, {"observed": "upset"}, user=TEACHER)
    assert refused.status == 200
    assert refused.json()["response_action"] == "errors"
    assert list(refused.json()["errors"]) == ["observed"]
    assert "at least 3 words" in refused.json()["errors"]["observed"]
    assert stored_concerns(sessions) == []

    saved = slack.submit(view, {"observed": SEEN}, user=TEACHER)
    assert saved.json()["response_action"] == "update"
    assert "C-00001" in json.dumps(saved.json()["view"])
    [(concern, pupils)] = stored_concerns(sessions)
    assert pupils == [int(ravi)]
    assert concern.raised_by_id == slack_world.actor("teacher_2c").staff_id
    assert concern.status == "new"

    card = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == TRIAGE)
    assert "C-00001" in card.text() and "Year 2" in card.text()
    assert "Ravi" not in card.text() and "Shah" not in card.text()
    ts = card.result["ts"]
    posted = eventually(lambda: posted_card(sessions, "C-00001"))
    assert (posted.channel_id, posted.message_id, posted.purpose) == (TRIAGE, ts, "triage")

    pressed = slack.press(
        "concern.acknowledge", str(concern.id), user=SENDCO, channel=TRIAGE, ts=ts
    )
    assert (pressed.status, pressed.body) == (200, "")

    update = slack_api.wait_for("chat.update", lambda c: c.args.get("ts") == ts)
    assert update.args["channel"] == TRIAGE
    assert "acknowledged" in update.text() and "Ravi" not in update.text()
    assert len(slack_api.calls_to("chat.postMessage")) >= 1
    assert [c for c in slack_api.calls_to("chat.postMessage") if c.args["channel"] == TRIAGE] == [
        card
    ]  # updated in place, never posted again
    slack_api.wait_for("conversations.open", lambda c: c.args.get("users") == TEACHER)
    told = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + TEACHER)
    assert "C-00001 is now acknowledged" in told.text()
    answer = slack_api.wait_for("response_url", lambda c: "acknowledged" in c.text())
    assert answer.args["response_type"] == "ephemeral"
    [(concern, _)] = stored_concerns(sessions)
    assert concern.status == "acknowledged"


def test_assign_and_ask_for_more_information_from_the_card(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    assert bot.slack.command("/concern", SEEN, user=TEACHER).status == 200
    bot.slack.submit(slack_api.last_view(), {}, user=TEACHER)
    card = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == TRIAGE)
    ts = card.result["ts"]
    [(concern, _)] = stored_concerns(sessions)

    bot.slack.press("concern.assign", str(concern.id), user=SENDCO, channel=TRIAGE, ts=ts)
    assigned = slack_api.wait_for("chat.update", lambda c: c.args.get("ts") == ts)
    assert "Sendco" in assigned.text() and "Assign to me" not in assigned.text()

    bot.slack.press("concern.more_info", str(concern.id), user=SENDCO, channel=TRIAGE, ts=ts)
    form = slack_api.wait_for("views.open", lambda c: "concern.more_info" in str(c.args))
    assert form.result["view"]["blocks"][0]["text"]["text"] == "*More information on C-00001*"
    asked = bot.slack.submit(
        form.result["view"], {"note": "How often does this happen?"}, user=SENDCO
    )
    assert asked.json()["response_action"] == "update"
    told = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + TEACHER)
    assert "more information requested" in told.text()
    assert "How often does this happen?" in told.text()
    slack_api.wait_for(
        "chat.update", lambda c: c.args["ts"] == ts and "more information" in c.text()
    )
    [(concern, _)] = stored_concerns(sessions)
    assert concern.status == "more_info_requested"
    assert concern.assigned_to_id == slack_world.actor("sendco").staff_id


def test_the_sendco_triages_by_replying_in_the_cards_thread(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    slack = bot.slack
    assert slack.command("/concern", "Ravi can't copy from the board", user=TEACHER).status == 200
    assert slack.submit(slack_api.last_view(), {"observed": SEEN}, user=TEACHER).status == 200
    card = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == TRIAGE)
    ts = card.result["ts"]
    eventually(lambda: posted_card(sessions, "C-00001"))

    def reply(text: str, n: int) -> str:
        event = {"type": "message", "channel_type": "group", "channel": TRIAGE, "user": SENDCO,
                 "text": text, "ts": f"17900008{n:02d}.000100", "thread_ts": ts}  # fmt: skip
        sent = payloads.event_callback(event=event, event_id=f"EvThread{n}", team_id=TEAM_ID)
        assert slack.event(sent).status == 200
        said = slack_api.wait_for(
            "chat.postEphemeral",
            lambda c: c.args.get("user") == SENDCO and c.args.get("thread_ts") == ts
            and c not in seen,
        )  # fmt: skip
        seen.append(said)
        return said.text()

    seen: list[Any] = []
    assert "acknowledged" in reply("acknowledge", 1).lower()
    assert stored_concerns(sessions)[0][0].status == "acknowledged"
    assert "Reply here to act on C-00001" in reply("lovely weather today", 2)
    # A summary to confirm first; the "yes" in the thread answers it, with no reference.
    assert "Update C-00001: is this right?" in reply("close: spoke to parents, all fine now", 3)
    assert stored_concerns(sessions)[0][0].status == "acknowledged"
    reply("yes", 4)
    [(concern, _)] = stored_concerns(sessions)
    assert concern.status == "closed"
    update = slack_api.wait_for(
        "chat.update", lambda c: c.args.get("ts") == ts and "closed" in c.text()
    )
    assert "Ravi" not in update.text()
