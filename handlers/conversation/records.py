"""Where a conversation meets the workflow handlers: it saves through them, so a record made
in chat is checked, audited and notified exactly like one made from a form."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import visible_pupils_clause
from handlers.advice.service import ask_advice
from handlers.clock import school_today
from handlers.concerns.service import log_concern
from handlers.conversation.intents import Intent
from handlers.conversation.slots import add_chosen
from handlers.conversation.text import fold
from handlers.conversation.understand import Understanding
from handlers.interventions.common import current_members
from handlers.pupils.record import get_pupil_record
from handlers.safeguarding import report_safeguarding
from handlers.sessions.log import log_session
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import InterventionStatus
from storage.models import Intervention, Pupil


def save(*, session: Session, actor: Actor, state: dict[str, Any], now: datetime) -> Outcome:
    flow = state["flow"]
    day = date.fromisoformat(state["date"]) if state.get("date") else None
    if flow == Intent.LOG_CONCERN.value:
        return log_concern(
            session=session,
            actor=actor,
            data={
                "pupils": state["pupils"],
                "observed": state["observed"],
                "areas": state["areas"],
                "urgency": state["urgency"],
                "observed_on": day,
            },
            now=now,
        )
    if flow == Intent.LOG_SESSION.value:
        data: dict[str, Any] = {
            "intervention_id": state["intervention_id"],
            "duration_minutes": state["duration"],
            "held_on": day,
            "notes": state.get("notes", ""),
        }
        data["attendance"] = attendance(session, state, day or school_today(now))
        if data["attendance"] is None:
            del data["attendance"]
        return log_session(
            session=session,
            actor=actor,
            data=data,
            now=now,
            source="chat",
            repeat_ok=bool(state.get("repeat_ok")),  # shown the earlier one, still said yes
        )
    pupil_id = state["pupils"][0] if state["pupils"] else None
    return ask_advice(
        session=session,
        actor=actor,
        data={"question": state["question"], "pupil_id": pupil_id},
        now=now,
    )


def attendance(session: Session, state: dict[str, Any], day: date) -> list[dict[str, Any]] | None:
    """Who was there and who was not, from what was said: named pupils present, named
    absences with their reasons, and for "everyone except …" the rest of the group present
    ("only X and Y": the rest absent). None: the whole group was there."""
    absent = {int(pid): why for pid, why in (state.get("absent") or {}).items()}
    named = [pid for pid in state["pupils"] if pid not in absent]
    if not absent and not named:
        return None
    entries = [{"pupil_id": pid, "present": True} for pid in named]
    entries += [
        {"pupil_id": pid, "present": False, "absence_reason": why} for pid, why in absent.items()
    ]
    intervention = session.get(Intervention, state["intervention_id"])
    if intervention is None or not (state.get("whole_group") or state.get("only_named")):
        return entries
    listed = set(named) | set(absent)
    for member in current_members(intervention, day):
        if member.pupil_id not in listed:
            rest_present = not state.get("only_named")
            entry: dict[str, Any] = {"pupil_id": member.pupil_id, "present": rest_present}
            if not rest_present:
                entry["absence_reason"] = "not in the session"
            entries.append(entry)
    return entries


def safeguarding(*, session: Session, actor: Actor, text: str, now: datetime) -> Outcome:
    return report_safeguarding(session=session, actor=actor, data={"text": text}, now=now)


def pupil_record(
    *, session: Session, actor: Actor, understanding: Understanding, now: datetime
) -> Outcome:
    if understanding.candidates and not understanding.pupils:
        names = "; ".join(f"{p.known_as} ({p.class_name})" for p in understanding.candidates)
        return Outcome(reply=Reply(title=f"Which pupil do you mean? {names}"))
    if not understanding.pupils:
        return Outcome(
            reply=Reply(title="Whose record? Give a pupil's name, e.g. “Ravi's record”.")
        )
    return get_pupil_record(
        session=session, actor=actor, pupil_id=understanding.pupils[0].id, now=now
    )


def _keep_choices(state: dict[str, Any], allowed: set[int]) -> None:
    """Narrow the pupil choices to `allowed`: one left is chosen; none left keeps the list."""
    inside = [pid for pid in state["choices"] if int(pid) in allowed]
    if len(inside) == 1:
        add_chosen(state, inside[0])
        state["choices"] = []
    elif inside:
        state["choices"] = inside


def narrow_choices_to_visible(session: Session, actor: Actor, state: dict[str, Any]) -> None:
    """Keep only the candidates the person may see (their class, groups, key pupils); when one
    is left it is chosen. None visible: the list stays (a concern may be about any pupil)."""
    ids = [int(pid) for pid in state["choices"]]
    seen = set(
        session.scalars(select(Pupil.id).where(Pupil.id.in_(ids), visible_pupils_clause(actor)))
    )
    _keep_choices(state, seen)


def drop_pupils_out_of_reach(session: Session, actor: Actor, state: dict[str, Any]) -> list[str]:
    """A session is logged only for pupils the person may see or who are in the group: any
    other pupil the message named is left out, and the note gives only the first name they
    typed (never a pupil's full name or class they may not see)."""
    ids = [int(pid) for pid in state["pupils"]]
    allowed = set(
        session.scalars(select(Pupil.id).where(Pupil.id.in_(ids), visible_pupils_clause(actor)))
    )
    intervention = session.get(Intervention, state["intervention_id"]) if state.get(
        "intervention_id") else None  # fmt: skip
    if intervention is not None:
        allowed |= {m.pupil_id for m in intervention.members if m.left_on is None}
    outside = [pid for pid in ids if pid not in allowed]
    if not outside:
        return []
    state["pupils"] = [pid for pid in state["pupils"] if int(pid) not in outside]
    names = session.scalars(select(Pupil.first_name).where(Pupil.id.in_(outside))).all()
    where = f"the {intervention.name} group" if intervention is not None else "your groups"
    return [f"I couldn't find {', '.join(sorted(set(names)))} in {where}, so I left them out."]


def narrow_choices_to_group(session: Session, state: dict[str, Any]) -> None:
    """Keep only the candidates who are members of the session's group; one left is chosen."""
    intervention = session.get(Intervention, state["intervention_id"])
    if intervention is None:
        return
    members = {m.pupil_id for m in intervention.members if m.left_on is None}
    _keep_choices(state, members)


def match_intervention(session: Session, *, actor: Actor, state: dict[str, Any]) -> list[str]:
    """Settle which group a session was for; returns notes for the reply. Leaves
    `group_choices` in the state when the person must choose."""
    running = session.scalars(
        select(Intervention)
        .where(
            Intervention.school_id == actor.school_id,
            Intervention.status == InterventionStatus.ACTIVE.value,
        )
        .order_by(Intervention.name)
    ).all()
    programme = state.get("programme")
    pupils = set(state["pupils"])
    options = [
        i for i in running if programme and fold(programme) in (fold(i.programme), fold(i.name))
    ]
    mine = [i for i in options if i.lead_id == actor.staff_id]
    options = mine or options
    if len(options) > 1 and pupils:
        with_pupils = [i for i in options if pupils <= {m.pupil_id for m in i.members}]
        options = with_pupils or options
    if len(options) == 1:
        state["intervention_id"] = options[0].id
        state["intervention_label"] = options[0].name
        state["group_choices"] = []
        return []
    notes: list[str] = []
    if programme and not options:
        notes.append(f"I can't find a running {programme} group in your school.")
    listed = options or [i for i in running if i.lead_id == actor.staff_id] or list(running)
    state["group_choices"] = [{"id": i.id, "label": i.name} for i in listed]
    return notes
