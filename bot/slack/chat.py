"""Messages to the bot: a direct message or an @mention is a turn of the conversation
(handlers.conversation), answered in its thread; a reply in a triage card's thread answers
the advice request on the card, or acts on the concern on it ("acknowledge", "close: …").

Replies are private: in a direct message they are posted in the thread; in a channel they
are ephemeral (only the person who wrote sees them), since they may name pupils.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select

from bot.slack.delivery import card_subject
from bot.slack.deps import SlackDeps
from bot.slack.identity import UNKNOWN_USER
from bot.slack.prefill import slack_text
from bot.slack.render.blocks import fallback_text, reply_blocks
from bot.slack.surface import Where, failed, upload_files
from handlers.advice import answer_advice, follow_up_advice
from handlers.conversation import state as stored
from handlers.conversation.actions import with_reference
from handlers.conversation.dialogue import ChatContext, handle_message
from handlers.conversation.replies import HELP
from handlers.vocabulary import Reply
from storage.codes import AdviceStatus, Platform
from storage.models import AdviceRequest

log = logging.getLogger(__name__)

KEPT_IN_CHAT = "Your message is still here in the conversation, and your earlier answers are kept."
KEPT_IN_THREAD = "Your reply is still in the thread."


def conversation_key(where: Where, *, direct: bool = False) -> str:
    """A direct message with the bot is one conversation, whether the person answers at the
    top level or in the thread of the bot's reply; in a channel, each thread is its own."""
    if direct:
        return f"{where.team_id}:{where.channel_id}"
    return f"{where.team_id}:{where.channel_id}:{where.thread_ts}"


def _where(event: dict[str, Any], team_id: str) -> Where:
    return Where(
        team_id=team_id,
        user_id=str(event.get("user") or ""),
        channel_id=str(event.get("channel") or ""),
        thread_ts=str(event.get("thread_ts") or event.get("ts") or ""),
    )


def post(client: WebClient, where: Where, reply: Reply, *, direct: bool) -> None:
    """In the thread: a message in a direct message, an ephemeral one in a channel."""
    blocks, text = reply_blocks(reply), fallback_text(reply)
    if direct:
        client.chat_postMessage(
            channel=where.channel_id, thread_ts=where.thread_ts, blocks=blocks, text=text
        )
        upload_files(client, reply, channel=where.channel_id, thread_ts=where.thread_ts)
    else:
        upload_files(client, reply, user_id=where.user_id)  # never into a channel
        client.chat_postEphemeral(
            channel=where.channel_id,
            user=where.user_id,
            thread_ts=where.thread_ts,
            blocks=blocks,
            text=text,
        )


def _post_failure(client: WebClient, where: Where, *, direct: bool, kept: str) -> None:
    log.exception("Handling a Slack message failed")
    try:
        post(client, where, failed(kept), direct=direct)
    except Exception:
        log.exception("Telling the person about the failure failed too")


def converse(
    deps: SlackDeps, client: WebClient, event: dict[str, Any], *, team_id: str, direct: bool
) -> None:
    """One turn of the conversation, answered in the message's thread."""
    where = _where(event, team_id)
    text = slack_text(str(event.get("text") or ""))
    try:
        actor = deps.actor(client, where)
        if actor is None:
            post(client, where, Reply(UNKNOWN_USER, ok=False), direct=direct)
            return
        if not text:
            post(client, where, HELP, direct=direct)
            return
        context = ChatContext(
            platform=Platform.SLACK,
            conversation_key=conversation_key(where, direct=direct),
            now=deps.now(),
            settings=deps.reminders,
        )
        outcome = deps.perform(handle_message, actor, text=text, context=context)
        post(client, where, outcome.reply, direct=direct)
    except Exception:
        _post_failure(client, where, direct=direct, kept=KEPT_IN_CHAT)
        return
    deps.deliver()


def _triage_in_thread(
    deps: SlackDeps, client: WebClient, event: dict[str, Any], where: Where, subject: str
) -> None:
    """A reply in a concern card's thread is a turn of the SENDCO's conversation about that
    concern: "acknowledge", "assign to me", "close: spoke to parents" act on it (the card's
    reference is added), and a question the bot asked is answered in the same thread."""
    text = slack_text(str(event.get("text") or ""))
    try:
        actor = deps.actor(client, where)
        if actor is None:
            post(client, where, Reply(UNKNOWN_USER, ok=False), direct=False)
            return
        # Each person's own conversation in the thread: two people triaging never mix.
        key = f"{conversation_key(where)}:{where.user_id}"
        now = deps.now()
        with deps.sessions() as session:
            answering = stored.waiting(
                session, platform=Platform.SLACK, key=key, staff_id=actor.staff_id, now=now
            )
        said = text if answering else with_reference(actor, text, subject)
        if said is None:
            post(client, where, _thread_help(subject), direct=False)
            return
        context = ChatContext(
            platform=Platform.SLACK, conversation_key=key, now=now, settings=deps.reminders
        )
        outcome = deps.perform(handle_message, actor, text=said, context=context)
        post(client, where, outcome.reply, direct=False)
    except Exception:
        _post_failure(client, where, direct=False, kept=KEPT_IN_THREAD)
        return
    deps.deliver()


def _thread_help(subject: str) -> Reply:
    return Reply(
        title=f"Reply here to act on {subject}",
        lines=(
            "For example: “acknowledge”, “assign to me”, “ask for more information: when did "
            "this start?”, “monitor: check again after half term”, “close: spoke to parents”, "
            "or “open” to see it in full.",
        ),
    )


def answer_in_thread(
    deps: SlackDeps, client: WebClient, event: dict[str, Any], *, team_id: str
) -> None:
    """A reply in the thread of an advice request's triage card answers it (or, once it is
    answered, follows it up); the asker is told. Other threads are none of the bot's business.
    """
    thread = str(event.get("thread_ts") or "")
    where = _where(event, team_id)
    with deps.sessions() as session:
        subject = card_subject(session, channel_id=where.channel_id, ts=thread)
    if subject and subject.startswith("C-"):
        _triage_in_thread(deps, client, event, where, subject)
        return
    with deps.sessions() as session:
        request_id = int(subject[2:]) if subject and subject.startswith("A-") else None
        status = (
            session.scalar(select(AdviceRequest.status).where(AdviceRequest.id == request_id))
            if request_id is not None
            else None
        )
    if request_id is None or status is None:
        return
    text = slack_text(str(event.get("text") or ""))
    try:
        actor = deps.actor(client, where)
        if actor is None:
            post(client, where, Reply(UNKNOWN_USER, ok=False), direct=False)
            return
        handler = follow_up_advice if status == AdviceStatus.ANSWERED.value else answer_advice
        outcome = deps.perform(
            handler, actor, request_id=request_id, data={"body": text}, now=deps.now()
        )
        post(client, where, outcome.reply, direct=False)
    except Exception:
        _post_failure(client, where, direct=False, kept=KEPT_IN_THREAD)
        return
    deps.deliver()
