"""Conversation repair that every flow shares: "say that again" repeats what the bot last
asked (nothing changes), and "I need to talk to someone" hands the person to the SENDCO — an
advice request saying what they were trying to do — whenever the bot cannot help."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers.advice.service import ask_advice
from handlers.conversation.text import fold
from handlers.vocabulary import Actor, Outcome, Reply

REPEAT = re.compile(
    r"^\s*(sorry,? )?(say (that|it) again|say again|repeat( that| it)?( please)?|"
    r"what was (the|your) question|come again|pardon( me)?|sorry\s*\?|what did you (say|ask)|"
    r"(can|could) you repeat (that|it|the question)|what|eh|huh|you what|what do you mean|"
    r"i don'?t understand( the question)?)\s*[?.!]*\s*$"
)
HANDOFF = re.compile(
    r"\b(talk|speak) to (a |an )?(human|person|real person|someone real)\b|"
    r"\b(this|it|you) (is|are)n'?t (working|helping|understanding)\b|"
    r"\byou('re| are) not (understanding|helping|getting it)\b|\byou don'?t understand\b|"
    r"\b(get|put) me through to (the )?(sendco|senco)\b|\bi give up\b|\buseless bot\b|"
    r"\b(this|the|you|this bot|the bot) (is|are) (useless|rubbish|hopeless|pointless)\b"
)


def wants_repeat(text: str) -> bool:
    return REPEAT.match(fold(text)) is not None


def wants_a_person(text: str) -> bool:
    return HANDOFF.search(fold(text)) is not None


def hand_off(
    *,
    session: Session,
    actor: Actor,
    text: str,
    state: dict[str, Any] | None,
    now: datetime,
    named: list[int] | None = None,
) -> Outcome:
    """An advice request to the SENDCO to get in touch, with what was being tried (about the
    draft's pupil, or the one pupil the message `named` when there is no draft)."""
    trying = _what_was_being_tried(state)
    question = f"Please get in touch: the bot could not help. They wrote: “{text.strip()}”"
    if trying:
        question += f" They were trying to: {trying}."
    pupils = (state or {}).get("pupils") or named or []
    asked = ask_advice(
        session=session,
        actor=actor,
        data={"question": question, "pupil_id": pupils[0] if len(pupils) == 1 else None},
        now=now,
    )
    lines = ["The SENDCO will get in touch with you."]
    if state is not None:
        lines.append("What you had started is still here: carry on, or say “cancel”.")
    return Outcome(
        reply=Reply(
            title=f"Sorry I couldn't help. I've asked the SENDCO to contact you "
            f"({asked.reply.title.split()[2]}).",
            lines=tuple(lines),
        ),
        notices=asked.notices,
        record_id=asked.record_id,
    )


def _what_was_being_tried(state: dict[str, Any] | None) -> str:
    if not state:
        return ""
    flow = state.get("flow", "")
    text = state.get("observed") or state.get("question") or ""
    described = {
        "log_concern": "log a concern",
        "log_session": "log an intervention session",
        "request_advice": "ask the SENDCO a question",
        "action": f"use “{state.get('action', '')}”",
    }.get(flow, "")
    return f"{described} ({text})" if described and text else described
