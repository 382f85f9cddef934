"""A new request or a question arriving while a draft is open.

A new request never merges into the draft (one child's words must never end up on another
child's record): the bot names what is pending and offers to save it, discard it, or keep it
for later, then takes the new message. A question about the person's entries, a group or a
pupil's record is answered with the draft left as it is.
"""

from __future__ import annotations

import re
from typing import Any

from handlers.conversation.absences import find_absences
from handlers.conversation.intents import Intent
from handlers.conversation.replies import FLOW_NAMES, pupil_list
from handlers.conversation.slots import FLOWS
from handlers.conversation.text import fold
from handlers.conversation.understand import Understanding, has_details_text
from handlers.vocabulary import Reply

QUERIES = (Intent.MY_ENTRIES, Intent.GROUP_MEMBERS, Intent.PUPIL_RECORD)
# A message that starts like this changes the draft rather than starting a new one.
CORRECTION = re.compile(
    r"^\s*(no|nope|not|actually|sorry|oops|i meant|i mean|it was|it's|its|make it|change|"
    r"instead|remove|take out|add|also|and|plus(?! ?(?:one|1)\b)|the other|wrong|correction)\b"
)
SAVE = re.compile(
    r"^\s*(save|save it|yes|yep|y|ok|send|send it|log it|save (the )?(first|old|earlier) one)\b"
)
DISCARD = re.compile(
    r"^\s*(discard|delete|drop|bin|scrap|cancel|forget) ?(it|that|the (first|old|earlier) one)?\b"
)
LATER = re.compile(r"^\s*(later|keep (it )?(for later)?|park|hold|keep it|keep)\b")


# How a new concern, question or session starts, even before its details.
OPENER = re.compile(
    r"^\s*(i'?m |i am |really |a bit |quite |very )*(worried|concerned|worrying|concern) "
    r"(about|for|re|over)\b|^\s*(quick |a )?(question|query) (about|for|re)\b|"
    r"^\s*(can|could|would) (you|the sendco|the senco|someone)\b"
)


def is_new_request(u: Understanding, state: dict[str, Any]) -> bool:
    """A whole new concern, session or question, not an answer or a correction."""
    if u.intent not in FLOWS:
        return False
    text = fold(u.text)
    named = {p.id for p in (*u.pupils, *u.candidates)}
    other_pupils = bool(named) and not named & set(state["pupils"])
    if (
        OPENER.search(text)
        and (u.intent.value != state["flow"] or other_pupils)
        and state.get("awaiting")
        in ("confirm", "change", "choose_pupil", "intervention", "duration_minutes", "pupils")
    ):
        return True  # "worried about Isla" over a draft about Segun: never merged into it
    if state.get("awaiting") not in ("confirm", "change"):
        return False
    if CORRECTION.search(text) or not has_details_text(u):
        return False
    if _absence_of_a_pupil_in_the_draft(u, state):
        return False  # "Henry wasn't there actually": the attendance corrected
    if u.intent.value != state["flow"]:
        return True
    if _another_group(u, state):
        return True  # "plus one 20 mins with Ravi" over a Toe by Toe draft: a second session
    return other_pupils


def _another_group(u: Understanding, state: dict[str, Any]) -> bool:
    if state["flow"] != Intent.LOG_SESSION.value or not state.get("programme"):
        return False
    return bool(u.intervention) and u.intervention != state["programme"]


def _absence_of_a_pupil_in_the_draft(u: Understanding, state: dict[str, Any]) -> bool:
    if state["flow"] != Intent.LOG_SESSION.value or not u.pupils:
        return False
    away = find_absences(u.text, list(u.pupils)).absent
    return bool(away) and set(away) <= {int(pid) for pid in state["pupils"]}


def pending_choice(state: dict[str, Any]) -> Reply:
    name = FLOW_NAMES.get(state["flow"], "record")
    waiting = f"You have a {name}{about(state)} waiting to be saved."
    return Reply(
        title=f"{waiting} That looks like something new.",
        lines=(
            f"Reply “save” to save the {name} first, “discard” to drop it, or “later” to keep it "
            "for after this one. Your new message is kept either way.",
        ),
    )


def about(state: dict[str, Any]) -> str:
    return f" about {pupil_list(state)}" if state["pupils"] else ""


def choice(text: str) -> str | None:
    """ "save", "discard" or "later" (or None when the reply is none of them)."""
    folded = fold(text)
    for name, pattern in (("discard", DISCARD), ("later", LATER), ("save", SAVE)):
        if pattern.search(folded):
            return name
    return None
