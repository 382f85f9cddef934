"""What a command's text says, as the initial values of the form it opens.

"/session 20 mins toe by toe with Priya" opens the session form on Priya's Toe by Toe group
with 20 minutes and Priya ticked; "/concern Ravi can't copy from the board" opens the concern
form with Ravi chosen and the text as what was seen. The same parser as the chat does it
(handlers.conversation), so a command understands what a message would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from handlers.conversation.intents import Intent
from handlers.conversation.records import match_intervention
from handlers.conversation.roster import load_groups, load_programmes, load_roster
from handlers.conversation.understand import Understanding, understand
from handlers.vocabulary import Actor

URGENT = re.compile(r"\b(urgent|urgently|asap|immediately|high priority)\b", re.IGNORECASE)
MENTION = re.compile(r"<[@#!][^>]*>")


@dataclass
class Prefill:
    values: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    safeguarding: bool = False


def slack_text(text: str) -> str:
    """Slack's message markup as plain text: mentions dropped, escapes undone."""
    text = MENTION.sub(" ", text or "")
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def read(session: Session, actor: Actor, text: str, today: date) -> Understanding:
    return understand(
        text,
        roster=load_roster(session, school_id=actor.school_id),
        today=today,
        programmes=load_programmes(session, school_id=actor.school_id),
        groups=load_groups(session, school_id=actor.school_id, lead_id=actor.staff_id),
    )


def prefill(session: Session, actor: Actor, action: str, text: str, today: date) -> Prefill:
    """Initial values for the form `action` from `text` (empty text: nothing prefilled)."""
    text = slack_text(text)
    if not text:
        return Prefill()
    u = read(session, actor, text, today)
    if u.intent == Intent.SAFEGUARDING:
        return Prefill(values={"text": text}, safeguarding=True)
    pupils = [str(p.id) for p in u.pupils]
    if action == "concern.log":
        values: dict[str, Any] = {"pupils": pupils, "observed": text}
        if u.areas:
            values["areas"] = [a.value for a in u.areas]
        if URGENT.search(text):
            values["urgency"] = "high"
        if u.date:
            values["observed_on"] = u.date.isoformat()
        return Prefill(values=values)
    if action == "advice.ask":
        return Prefill(values={"question": text, "pupil_id": pupils[:1]})
    if action == "session.log":
        return _session(session, actor, u, pupils)
    return Prefill()


def _session(session: Session, actor: Actor, u: Understanding, pupils: list[str]) -> Prefill:
    state: dict[str, Any] = {"programme": u.intervention, "pupils": [int(p) for p in pupils]}
    match_intervention(session, actor=actor, state=state)
    values: dict[str, Any] = {}
    if u.duration_minutes:
        values["duration_minutes"] = str(u.duration_minutes)
    if u.date:
        values["held_on"] = u.date.isoformat()
    if pupils and not u.whole_group:
        values["attendance"] = pupils
    group = state.get("intervention_id")
    return Prefill(values=values, ids={"intervention_id": int(group)} if group else {})
