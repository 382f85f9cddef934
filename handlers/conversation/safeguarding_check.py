"""One question before anything is saved when a message shows a *possible* safeguarding sign:
"This may be a safeguarding matter: <category>. Is a child at risk of harm?"

The open draft (if any) is put aside untouched while the bot waits. "Yes" alerts the DSL with
the message (and nothing joins a SEND record); "no" carries on with the message as an ordinary
one. Either way the answer, the category and the signs that prompted the question are
audited, so the school can see why a message was or was not treated as safeguarding.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from handlers import audit
from handlers.conversation import records
from handlers.conversation import state as stored
from handlers.conversation.intents import Intent
from handlers.conversation.understand import Understanding
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction

FLOW = "safeguarding_check"


def ask(
    session: Session,
    actor: Actor,
    u: Understanding,
    previous: dict[str, Any] | None,
    *,
    save: Any,
) -> Outcome:
    """Put the draft aside and ask. `save(state)` stores the conversation state."""
    signs = u.safeguarding
    save(
        {
            "flow": FLOW,
            "awaiting": FLOW,
            "text": u.text,
            "category": signs.category,
            "signals": list(signs.signals),
            "previous": previous,
        }
    )
    return Outcome(
        reply=Reply(
            title=f"This may be a safeguarding matter: {signs.label}. Is a child at risk of harm?",
            lines=(
                "Reply “yes” and I'll alert the designated safeguarding lead now (nothing is "
                "filed as SEND), or “no” and I'll carry on with your message.",
                "If you're not sure, say yes: the DSL would rather hear it.",
            ),
        )
    )


def answered(u: Understanding) -> bool | None:
    """True for yes (or a clear sign in the answer), False for no, None if neither."""
    if u.intent == Intent.CONFIRM or u.safeguarding.clear:
        return True
    if u.intent in (Intent.DENY, Intent.CANCEL):
        return False
    return None


def record_answer(session: Session, actor: Actor, check: dict[str, Any], *, at_risk: bool) -> None:
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="safeguarding_check",
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={
            "answer": "yes" if at_risk else "no",
            "category": check.get("category"),
            "signals": check.get("signals", []),
        },
    )


def alert(session: Session, actor: Actor, check: dict[str, Any], now: Any) -> Outcome:
    return records.safeguarding(session=session, actor=actor, text=check["text"], now=now)


def restore(session: Session, check: dict[str, Any], *, save: Any, platform: Any, key: str) -> None:
    """Bring back the draft that was put aside (or end the conversation if there was none)."""
    previous = check.get("previous")
    if previous:
        save(previous)
    else:
        stored.clear(session, platform=platform, key=key)
