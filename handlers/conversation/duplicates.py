"""Before a record from chat is saved: is it already there? The same concern saved three
times in a row, or a group's session logged twice (by two people), skews the register and the
impact figures. The summary says what is already recorded; "yes" still saves, since a second
session on one day, or a second concern, can be right."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers.conversation.intents import Intent
from handlers.conversation.replies import friendly_date, pupil_list
from handlers.vocabulary import Actor
from storage.models import Concern, InterventionSession, Staff

SAVE_ANYWAY = "Say “yes” to save this one as well, or “cancel”."


def already_recorded(
    session: Session, actor: Actor, state: dict[str, Any], today: date
) -> list[str]:
    """Warnings to show above the summary of `state`; empty when nothing looks the same."""
    day = date.fromisoformat(state["date"]) if state.get("date") else today
    if state["flow"] == Intent.LOG_CONCERN.value:
        return _same_concern(session, actor, state, day, today)
    if state["flow"] == Intent.LOG_SESSION.value and state.get("intervention_id"):
        return _same_session(session, state, day, today)
    return []


def _same_concern(
    session: Session, actor: Actor, state: dict[str, Any], day: date, today: date
) -> list[str]:
    """The same author, the same pupils, the same day."""
    wanted = {int(pid) for pid in state["pupils"]}
    if not wanted:
        return []
    earlier = session.scalars(
        select(Concern)
        .where(
            Concern.school_id == actor.school_id,
            Concern.raised_by_id == actor.staff_id,
            Concern.observed_on == day,
        )
        .options(selectinload(Concern.pupils))
        .order_by(Concern.id)
    ).all()
    same = [c for c in earlier if {p.pupil_id for p in c.pupils} == wanted]
    if not same:
        return []
    refs = ", ".join(f"C-{c.id:05d}" for c in same)
    return [
        f"You already logged a concern about {pupil_list(state)} for "
        f"{friendly_date(day, today)} ({refs}). {SAVE_ANYWAY}"
    ]


def _same_session(session: Session, state: dict[str, Any], day: date, today: date) -> list[str]:
    """The same group and day, logged by anyone."""
    earlier = session.scalars(
        select(InterventionSession)
        .where(
            InterventionSession.intervention_id == state["intervention_id"],
            InterventionSession.held_on == day,
        )
        .order_by(InterventionSession.id)
    ).all()
    if not earlier:
        return []
    who = []
    for held in earlier:
        author = session.get(Staff, held.logged_by_id) if held.logged_by_id else None
        by = author.display_name if author else "someone"
        who.append(f"{held.duration_minutes} minutes, logged by {by}")
    label = state.get("intervention_label") or "this group"
    count = "A session" if len(earlier) == 1 else f"{len(earlier)} sessions"
    return [
        f"{count} of {label} for {friendly_date(day, today)} "
        f"{'is' if len(earlier) == 1 else 'are'} already logged ({'; '.join(who)}). "
        + SAVE_ANYWAY.replace("this one", "this session")
    ]
