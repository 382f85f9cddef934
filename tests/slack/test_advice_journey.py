"""A teacher asks the SENDCO with /ask-sendco; the SENDCO answers by replying in the thread
of the request's triage card; the teacher is told, and the card shows it answered."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.delivery import card_subject
from storage.models import AdviceMessage, AdviceRequest
from tests.slack import payloads
from tests.slack.conftest import SENDCO, TEACHER, TRIAGE, Bot, eventually
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.worlds import World

QUESTION = "How can I support Ravi with the weekly spelling tests?"
ANSWER = "Try fewer words, practised with look-say-cover-write-check; I'll drop in on Friday."


def test_advice_answered_in_the_card_thread(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    assert bot.slack.command("/ask-sendco", QUESTION, user=TEACHER).status == 200
    view = slack_api.last_view()
    assert view["callback_id"] == "form:advice.ask"
    saved = bot.slack.submit(view, {}, user=TEACHER)
    assert saved.json()["response_action"] == "update"
    with sessions() as session:
        [request] = session.scalars(select(AdviceRequest)).all()
        assert (request.question, request.pupil_id) == (QUESTION, slack_world.pupils["ravi"])

    card = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == TRIAGE)
    assert "A-00001" in card.text() and "Year 2 pupil" in card.text()
    assert "Ravi" not in card.text() and "spelling" not in card.text()
    ts = card.result["ts"]

    def card_remembered() -> str | None:  # the bot records the card just after Slack posts it
        with sessions() as session:
            return card_subject(session, channel_id=TRIAGE, ts=ts)

    assert eventually(card_remembered) == "A-00001"
    reply = {"type": "message", "channel_type": "group", "channel": TRIAGE, "user": SENDCO,
             "text": ANSWER, "ts": "1790000500.000100", "thread_ts": ts}  # fmt: skip
    event = payloads.event_callback(event=reply, event_id="EvAnswer", team_id=TEAM_ID)
    assert bot.slack.event(event).status == 200

    told = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + TEACHER)
    assert "The SENDCO has answered your question A-00001" in told.text()
    assert "look-say-cover-write-check" in told.text()
    update = slack_api.wait_for("chat.update", lambda c: c.args.get("ts") == ts)
    assert "answered" in update.text() and "Ravi" not in update.text()
    private = slack_api.wait_for("chat.postEphemeral", lambda c: c.args.get("user") == SENDCO)
    assert private.args["thread_ts"] == ts and "Answer sent for A-00001" in private.text()
    with sessions() as session:
        [request] = session.scalars(select(AdviceRequest)).all()
        [message] = session.scalars(select(AdviceMessage)).all()
        assert request.status == "answered"
        assert (message.body, message.author_id) == (ANSWER, slack_world.actor("sendco").staff_id)


def test_other_threads_are_left_alone(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session]
) -> None:
    chatter = {"type": "message", "channel_type": "group", "channel": TRIAGE, "user": SENDCO,
               "text": "Shall we meet at 3?", "ts": "1790000600.000100",
               "thread_ts": "1790000599.000100"}  # fmt: skip
    event = payloads.event_callback(event=chatter, event_id="EvChatter", team_id=TEAM_ID)
    assert bot.slack.event(event).status == 200
    # A direct message after it is answered; the chatter never was.
    assert bot.slack.dm("help", user=SENDCO, ts="1790000601.000100").status == 200
    slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + SENDCO)
    assert slack_api.calls_to("chat.postEphemeral") == []
    with sessions() as session:
        assert session.scalars(select(AdviceMessage)).all() == []


def test_the_sendco_answers_from_the_opened_request(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    assert bot.slack.command("/ask-sendco", QUESTION, user=TEACHER).status == 200
    bot.slack.submit(slack_api.last_view(), {}, user=TEACHER)
    card = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == TRIAGE)
    with sessions() as session:
        [request] = session.scalars(select(AdviceRequest)).all()

    bot.slack.press(
        "advice.open", str(request.id), user=SENDCO, channel=TRIAGE, ts=card.result["ts"]
    )
    opened = slack_api.wait_for("views.open", lambda c: "A-00001" in str(c.args))
    assert "spelling" in str(opened.args["view"])  # the question, privately to the SENDCO
    shown = opened.result["view"]
    inside = payloads.block_actions(
        user_id=SENDCO, team_id=TEAM_ID, action_id="advice.answer", value=str(request.id),
        channel_id=TRIAGE, message_ts="1.1", response_url=slack_api.hook_url("in-modal"),
    )  # fmt: skip
    inside["container"] = {"type": "view", "view_id": shown["id"]}
    inside["view"] = shown
    for key in ("channel", "message", "response_url"):
        inside.pop(key)
    assert bot.slack.interaction(inside).status == 200
    pushed = slack_api.wait_for("views.push")
    form = pushed.result["view"]
    assert form["callback_id"] == "form:advice.answer"

    saved = bot.slack.submit(form, {"body": ANSWER}, user=SENDCO)
    assert saved.json()["response_action"] == "update"
    told = slack_api.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + TEACHER)
    assert "has answered your question A-00001" in told.text()
    slack_api.wait_for("chat.update", lambda c: c.args.get("ts") == card.result["ts"])
