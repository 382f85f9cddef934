"""Buttons in a text conversation: the terminal numbers a reply's buttons, and typing a
number (or "press 2", or the button's label) presses it, as a click would in Slack.

The last reply's buttons are kept beside the conversation (its key + "#buttons") for as long
as a conversation stays open, so "2" means the same a minute later or after a restart.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from handlers.catalogue import CATALOGUE
from handlers.conversation import state as stored
from handlers.conversation.text import fold
from handlers.vocabulary import Actor, Reply

if TYPE_CHECKING:
    from handlers.conversation.dialogue import ChatContext

SUFFIX = "#buttons"
TYPED = re.compile(r"^\s*(press|button|option|choose|pick)?\s*\[?(?P<n>\d{1,2})\]?\s*[.!]*\s*$")


def remember(session: Session, context: ChatContext, actor: Actor, reply: Reply) -> None:
    kept = [[b.action, b.label, b.value] for b in reply.buttons if b.action in CATALOGUE]
    key = context.conversation_key + SUFFIX
    if not kept:
        stored.clear(session, platform=context.platform, key=key)
        return
    stored.save(session, platform=context.platform, key=key, staff_id=actor.staff_id,
                state={"buttons": kept}, now=context.now, idle=context.idle)  # fmt: skip


def typed(
    session: Session, context: ChatContext, actor: Actor, text: str
) -> tuple[str, dict[str, int]] | None:
    """(action, ids) when `text` presses one of the last reply's buttons."""
    kept, _ = stored.load(session, platform=context.platform, key=context.conversation_key + SUFFIX,
                          staff_id=actor.staff_id, now=context.now)  # fmt: skip
    if not kept:
        return None
    offered: list[Any] = kept["buttons"]
    found = TYPED.match(fold(text))
    index = int(found.group("n")) - 1 if found else None
    if index is None:
        wanted = fold(text).strip(" .!")
        index = next((i for i, (_, label, _) in enumerate(offered) if fold(label) == wanted), None)
    if index is None or not 0 <= index < len(offered):
        return None
    name, _, value = offered[index]
    action = CATALOGUE[name]
    ids = {action.needs: int(value)} if action.needs and str(value).isdigit() else {}
    return name, ids


def numbered(reply: Reply) -> list[str]:
    """How a text surface shows the buttons: "[1] Acknowledge  [2] Assign to me"."""
    return ["  " + "  ".join(f"[{i}] {b.label}" for i, b in enumerate(reply.buttons, 1))]
