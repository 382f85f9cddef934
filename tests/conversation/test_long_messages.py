"""A message longer than the bot takes is never cut silently: it is refused with the limit
(the open draft kept), unless it holds a disclosure, which still reaches the DSL."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.conversation.text import MAX_MESSAGE_CHARS
from storage.models import Concern, ConversationState, OutboxNotice
from tests.conversation.test_dialogue import Chat
from tests.worlds import World

PADDING = "She finds it hard to settle after break and needs a movement break. " * 80


def test_a_long_message_is_refused_with_the_limit_and_the_draft_is_kept(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    chat.say("worried about Maya in 2C, she isn't following two-step instructions")
    long = "Also: " + PADDING
    assert len(long) > MAX_MESSAGE_CHARS
    refused = chat.say(long)
    assert not refused.ok
    assert f"{len(long.strip()):,} characters" in refused.reply.title
    assert "4,000" in refused.reply.title
    saved = chat.say("yes")  # the draft from before is still there
    assert saved.ok and "C-00001" in saved.reply.text()
    with sessions() as session:
        [observed] = session.scalars(select(Concern.observed)).all()
        assert session.scalar(select(func.count()).select_from(ConversationState)) == 0
    assert "movement break" not in observed


def test_a_disclosure_at_the_end_of_a_long_message_still_reaches_the_dsl(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "teacher_2c")
    text = "About Maya. " + PADDING + " She told me her dad hits her when he's angry."
    reply = chat.say(text)
    assert "safeguarding" in reply.reply.text().lower()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Concern)) == 0
        alerts = session.scalars(select(OutboxNotice.message)).all()
    assert alerts and all("hits her" in a for a in alerts)
