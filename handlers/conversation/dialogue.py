"""A conversation with one member of staff: understand each message, ask for what is missing,
confirm, save through the workflow handlers. State lives in the database between messages.

`handle_message` is a handler like any other: run it with `handlers.unit_of_work.perform`, so
a message and everything it saves form one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from handlers import audit
from handlers.access import Permission, require, sees_whole_school
from handlers.catalogue import ACTIONS, CATALOGUE
from handlers.catalogue.menus import help_reply
from handlers.clock import school_today
from handlers.conversation import (
    action_flow,
    buttons,
    interruptions,
    queries,
    records,
    repair,
    slots,
)
from handlers.conversation import safeguarding_check as check
from handlers.conversation import state as stored
from handlers.conversation.actions import match_action
from handlers.conversation.duplicates import already_recorded
from handlers.conversation.intents import Intent
from handlers.conversation.replies import (
    FLOW_NAMES,
    HELP,
    QUESTIONS,
    choice_lines,
    pupil_list,
    summary,
)
from handlers.conversation.roster import load_groups, load_programmes, load_roster
from handlers.conversation.text import MAX_MESSAGE_CHARS
from handlers.conversation.understand import Understanding, has_details_text, understand
from handlers.errors import Denied, HandlerError, InvalidInput
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from handlers.vocabulary import Actor, Outcome, Reply
from storage.codes import AuditAction, Platform, Role

# What each conversation records, and the permission that takes.
FLOW_PERMISSIONS = {
    Intent.LOG_CONCERN: Permission.RAISE_CONCERN,
    Intent.LOG_SESSION: Permission.LOG_SESSION,
    Intent.REQUEST_ADVICE: Permission.ASK_ADVICE,
}


@dataclass(frozen=True)
class ChatContext:
    platform: Platform
    conversation_key: str  # e.g. a DM channel, or channel:thread
    now: datetime
    idle: timedelta = stored.DEFAULT_IDLE
    settings: ReminderSettings = DEFAULT_SETTINGS  # the school's REMINDER_* periods and years


def handle_message(*, session: Session, actor: Actor, text: str, context: ChatContext) -> Outcome:
    if len(text.strip()) > MAX_MESSAGE_CHARS:
        return _too_long(session, actor, text.strip(), context)
    today = school_today(context.now)
    state, expired = stored.load(
        session,
        platform=context.platform,
        key=context.conversation_key,
        staff_id=actor.staff_id,
        now=context.now,
    )
    u = _understand(session, actor, text, today)
    if state is not None and state.get("flow") == check.FLOW:
        return _after_check(session, actor, u, state, context, today)
    if u.intent == Intent.SAFEGUARDING:
        # Safeguarding wins over everything, and no part of the text joins a SEND form.
        if u.safeguarding.possible:
            return check.ask(session, actor, u, state, save=_saver(session, actor, context))
        return _alert(session, actor, u, state, context)
    if repair.wants_a_person(text):
        return repair.hand_off(
            session=session,
            actor=actor,
            text=text,
            state=state,
            now=context.now,
            named=[p.id for p in u.pupils],
        )
    if state is not None and repair.wants_repeat(text):
        return _repeat(session, actor, state, context, today)
    if state is None:
        pressed = buttons.typed(session, context, actor, text)
        if pressed is not None:
            name, ids = pressed
            return _acted(
                session,
                actor,
                context,
                *action_flow.press(
                    session,
                    actor,
                    name,
                    ids,
                    now=context.now,
                    today=today,
                    settings=context.settings,
                ),
            )
    if state is not None and state.get("flow") == action_flow.FLOW:
        if u.intent == Intent.CANCEL:
            stored.clear(session, platform=context.platform, key=context.conversation_key)
            return Outcome(reply=Reply(title=f"Cancelled: {_action_label(state)} was not saved."))
        other = match_action(actor, u, today) if action_flow.takes_new_requests(state) else None
        if other is not None:  # something new: the unfinished one is dropped, and says so
            stored.clear(session, platform=context.platform, key=context.conversation_key)
            started = _start(session, actor, u, context, today)
            note = (
                f"(Your unfinished {_action_label(state)} was dropped: nothing from it was saved.)"
            )
            started.reply = _prefixed(started.reply, note)
            return started
        return _acted(
            session,
            actor,
            context,
            *action_flow.step(
                session,
                actor,
                state,
                u,
                now=context.now,
                today=today,
                settings=context.settings,
            ),
        )
    return _carry_on(session, actor, u, state, expired, context, today)


def _repeat(
    session: Session, actor: Actor, state: dict[str, Any], context: ChatContext, today: date
) -> Outcome:
    """The question or summary the bot is waiting on, again; nothing changes."""
    if state.get("flow") == action_flow.FLOW:
        return _acted(
            session, actor, context,
            *action_flow.advance(
                session, actor, state, now=context.now, today=today, settings=context.settings
            ),
        )  # fmt: skip
    if state.get("awaiting") == "new_request":
        return Outcome(reply=interruptions.pending_choice(state))
    return _advance(session, actor, state, context, today)


def _action_label(state: dict[str, Any]) -> str:
    action = CATALOGUE.get(str(state.get("action")))
    return f"“{action.label}”" if action else "it"


def press_button(
    *, session: Session, actor: Actor, action: str, value: str, context: ChatContext
) -> Outcome:
    """A button pressed on a card (Teams): the same as typing its number in the terminal —
    the action runs, or its form is asked for in the conversation. Any open draft is left."""
    found = CATALOGUE.get(action)
    if found is None:
        return Outcome(reply=Reply("That button is out of date: open the record again.", ok=False))
    ids = {found.needs: int(value)} if found.needs and value.isdigit() else {}
    today = school_today(context.now)
    return _acted(
        session, actor, context,
        *action_flow.press(
            session, actor, action, ids, now=context.now, today=today, settings=context.settings
        ),
    )  # fmt: skip


def _acted(
    session: Session,
    actor: Actor,
    context: ChatContext,
    outcome: Outcome,
    state: dict[str, Any] | None,
) -> Outcome:
    """Keep or clear the action's state, and remember the reply's buttons so that typing one's
    number presses it."""
    if state is None:
        stored.clear(session, platform=context.platform, key=context.conversation_key)
    else:
        _store(session, actor, state, context)
    buttons.remember(session, context, actor, outcome.reply)
    return outcome


def _understand(
    session: Session, actor: Actor, text: str, today: date, *, check_safeguarding: bool = True
) -> Understanding:
    return understand(
        text,
        roster=load_roster(session, school_id=actor.school_id),
        today=today,
        programmes=load_programmes(session, school_id=actor.school_id),
        groups=load_groups(session, school_id=actor.school_id, lead_id=actor.staff_id),
        check_safeguarding=check_safeguarding,
    )


def _alert(
    session: Session,
    actor: Actor,
    u: Understanding,
    state: dict[str, Any] | None,
    context: ChatContext,
) -> Outcome:
    """To the DSL. "This is safeguarding" said about an open draft takes the draft's words
    with it, and the draft is not kept as SEND."""
    text = u.text
    if state is not None and u.safeguarding.signals == ("says safeguarding",):
        words = " ".join(str(state.get(k) or "") for k in ("observed", "question")).strip()
        if words:
            text = f"{words} ({u.text})"
        stored.clear(session, platform=context.platform, key=context.conversation_key)
    return records.safeguarding(session=session, actor=actor, text=text, now=context.now)


def _after_check(
    session: Session,
    actor: Actor,
    u: Understanding,
    pending: dict[str, Any],
    context: ChatContext,
    today: date,
) -> Outcome:
    """The answer to "Is a child at risk of harm?"."""
    at_risk = check.answered(u)
    if at_risk is None:
        reply = Reply(title="Please answer yes or no first: is a child at risk of harm?")
        return Outcome(reply=reply)
    check.record_answer(session, actor, pending, at_risk=at_risk)
    save = _saver(session, actor, context)
    check.restore(session, pending, save=save, platform=context.platform,
                  key=context.conversation_key)  # fmt: skip
    if at_risk:
        return check.alert(session, actor, pending, context.now)
    original = _understand(session, actor, pending["text"], today, check_safeguarding=False)
    previous = pending.get("previous")
    return _carry_on(session, actor, original, previous, False, context, today)


def _saver(session: Session, actor: Actor, context: ChatContext) -> Any:
    return lambda state: _store(session, actor, state, context)


def _carry_on(
    session: Session,
    actor: Actor,
    u: Understanding,
    state: dict[str, Any] | None,
    expired: bool,
    context: ChatContext,
    today: date,
) -> Outcome:
    if state is None:
        outcome = _start(session, actor, u, context, today)
        if expired:
            note = "(Your earlier unfinished conversation had expired; nothing from it was saved.)"
            outcome.reply = _prefixed(outcome.reply, note)
        return outcome
    return _continue(session, actor, u, state, context, today)


def _is_staff_lead(actor: Actor) -> bool:
    """The SENDCO, head and admin get the whole catalogue as help; others the everyday help."""
    return actor.has(Role.SENDCO, Role.HEAD, Role.ADMIN)


def _too_long(session: Session, actor: Actor, text: str, context: ChatContext) -> Outcome:
    """Never cut a message silently. A disclosure anywhere in it still goes to the DSL (the
    alert carries the part that fits and says there is more); anything else is refused with
    the limit, the open draft untouched."""
    step = MAX_MESSAGE_CHARS - 1000  # overlapping parts: no sentence falls between two
    parts = [text[i : i + MAX_MESSAGE_CHARS] for i in range(0, len(text), step)]
    roster = load_roster(session, school_id=actor.school_id)
    today = school_today(context.now)
    for part in parts:
        if understand(part, roster=roster, today=today).intent == Intent.SAFEGUARDING:
            more = " … (the message went on; ask the member of staff for the rest)"
            kept = part[: MAX_MESSAGE_CHARS - len(more)] + more
            return records.safeguarding(session=session, actor=actor, text=kept, now=context.now)
    return Outcome(
        reply=Reply(
            title=(
                f"That message is {len(text):,} characters: I can take {MAX_MESSAGE_CHARS:,} "
                "in one message, so nothing from it was saved."
            ),
            lines=("Send it in shorter parts: the main point first, then the details.",),
            ok=False,
        )
    )


def _start(
    session: Session, actor: Actor, u: Understanding, context: ChatContext, today: date
) -> Outcome:
    found = match_action(actor, u, today)
    if found is not None:
        return _acted(
            session,
            actor,
            context,
            *action_flow.start(
                session, actor, found, now=context.now, today=today, settings=context.settings
            ),
        )
    if u.intent in slots.FLOWS:
        try:  # said at once, not after the person has answered every question
            require(actor, FLOW_PERMISSIONS[u.intent])
        except Denied as refused:  # on record, as a refused save is
            audit.audit_denial(session, actor, refused, handler=f"chat:{u.intent.value}")
            return Outcome(reply=Reply(title=f"{refused.message} Nothing was saved.", ok=False))
        state = slots.new_state(u)
        slots.apply_understanding(state, u, first=True, has_details=has_details_text(u))
        state["date"] = u.date.isoformat() if u.date else None
        return _advance(session, actor, state, context, today)
    if u.intent == Intent.CANCEL:
        return Outcome(reply=Reply(title="There's nothing to cancel."))
    if u.intent == Intent.MY_ENTRIES:
        return Outcome(reply=queries.my_entries(session, actor=actor, today=today))
    if u.intent == Intent.GROUP_MEMBERS:
        return Outcome(reply=queries.group_members(session, actor=actor, programme=u.intervention))
    if u.intent == Intent.PUPIL_RECORD:
        shown = records.pupil_record(session=session, actor=actor, understanding=u, now=context.now)
        buttons.remember(session, context, actor, shown.reply)
        return shown
    if u.intent == Intent.HELP:
        return Outcome(reply=help_reply(ACTIONS, actor) if _is_staff_lead(actor) else HELP)
    return Outcome(reply=_prefixed(HELP, "Sorry, I didn't follow that."))


def _continue(
    session: Session,
    actor: Actor,
    u: Understanding,
    state: dict[str, Any],
    context: ChatContext,
    today: date,
) -> Outcome:
    if state.get("awaiting") == "new_request":
        return _after_new_request(session, actor, u, state, context, today)
    if u.intent == Intent.CANCEL:
        stored.clear(session, platform=context.platform, key=context.conversation_key)
        name = FLOW_NAMES.get(state["flow"], "conversation")
        return Outcome(reply=Reply(title=f"Cancelled: the {name} was not saved."))
    if u.intent in interruptions.QUERIES:  # answered; the draft waits as it was
        answer = _start(session, actor, u, context, today)
        name = FLOW_NAMES.get(state["flow"], "draft")
        note = f"(Your {name} is still waiting: reply “yes” to save it, or tell me what to change.)"
        answer.reply = replace(answer.reply, lines=(*answer.reply.lines, note))
        return answer
    asks_action = state.get("awaiting") in ("confirm", "change") and match_action(actor, u, today)
    if interruptions.is_new_request(u, state) or asks_action:
        state["awaiting_before"], state["awaiting"] = state["awaiting"], "new_request"
        state["new_text"] = u.text
        if state["awaiting_before"] == "change":
            # They had said no to the draft: it is not saved, nor merged, nor lost — it waits
            # until the new one is done, and comes back by name to be saved or cancelled.
            return _take_new_request(session, actor, state, "later", context, today)
        _store(session, actor, state, context)
        return Outcome(reply=interruptions.pending_choice(state))
    awaiting = state.get("awaiting")
    if awaiting == "confirm" and u.intent == Intent.CONFIRM:
        return _save(session, actor, state, context, today)
    if awaiting == "confirm" and u.intent == Intent.DENY:
        state["awaiting"] = "change"
        _store(session, actor, state, context)
        return Outcome(reply=Reply(title=QUESTIONS["change"]))
    _answer(session, actor, state, u, today)
    return _advance(session, actor, state, context, today)


def _after_new_request(
    session: Session,
    actor: Actor,
    u: Understanding,
    state: dict[str, Any],
    context: ChatContext,
    today: date,
) -> Outcome:
    """Save, discard or keep the draft, then take the new message that interrupted it."""
    pick = interruptions.choice(u.text)
    if pick is None:
        return Outcome(reply=interruptions.pending_choice(state))
    return _take_new_request(session, actor, state, pick, context, today)


def _take_new_request(
    session: Session,
    actor: Actor,
    state: dict[str, Any],
    pick: str,
    context: ChatContext,
    today: date,
) -> Outcome:
    """`pick` ("save", "discard" or "later") the open draft, then take the new message."""
    new_text = state.pop("new_text")
    refused = state.get("awaiting_before") == "change"
    state["awaiting"] = state.pop("awaiting_before", "confirm")
    notes: list[str] = []
    notices = []
    parked: dict[str, Any] | None = None
    if pick == "save":
        saved = _save(session, actor, state, context, today)
        if not saved.ok:
            return saved
        notes.append(saved.reply.title)
        notices = list(saved.notices)
    elif pick == "discard":
        stored.clear(session, platform=context.platform, key=context.conversation_key)
        notes.append(f"Discarded: the {FLOW_NAMES.get(state['flow'], 'draft')} was not saved.")
    else:
        parked = state
        parked["awaiting"] = "confirm"  # it comes back asking "yes" to save it, refused or not
        stored.clear(session, platform=context.platform, key=context.conversation_key)
        name = FLOW_NAMES.get(state["flow"], "draft")
        why = " (you said no to it)" if refused else ""
        notes.append(f"Kept your {name}{interruptions.about(state)}{why} for later.")
    new = _understand(session, actor, new_text, today)
    outcome = _carry_on(session, actor, new, None, False, context, today)
    if parked is not None:
        current, _ = stored.load(
            session, platform=context.platform, key=context.conversation_key,
            staff_id=actor.staff_id, now=context.now,
        )  # fmt: skip
        if current is None:
            _store(session, actor, parked, context)
        else:
            current["parked"] = parked
            _store(session, actor, current, context)
    outcome.notices = [*notices, *outcome.notices]
    outcome.reply = _prefixed(outcome.reply, *notes)
    return outcome


def _answer(
    session: Session, actor: Actor, state: dict[str, Any], u: Understanding, today: date
) -> None:
    """Fill the slot the bot asked for, then take any corrections the message carries."""
    awaiting = state.get("awaiting")
    if awaiting == "choose_pupil":
        index = slots.pick_choice(u.text, len(state["choices"]))
        chosen = slots.choice_by_detail(u.text, state["choices"], state["labels"])
        if index is not None:
            chosen = state["choices"][index - 1]
        if chosen is not None:
            slots.add_chosen(state, chosen)
            state["choices"] = []
            return
        if any(p.id in state["choices"] for p in u.pupils):
            state["choices"] = []
    if awaiting == "intervention" and state.get("group_choices"):
        index = slots.pick_choice(u.text, len(state["group_choices"]))
        if index is not None:
            chosen = state["group_choices"][index - 1]
            state["intervention_id"] = chosen["id"]
            state["intervention_label"] = chosen["label"]
            state["group_choices"] = []
            return
    if awaiting == "details":
        state["observed"] = u.text
        return
    if awaiting == "question":
        state["question"] = u.text
        return
    if awaiting == "duration_minutes":
        minutes = slots.bare_minutes(u.text)
        if minutes is not None:
            state["duration"] = minutes
    slots.apply_understanding(state, u, first=False, has_details=False)
    given = slots.explicit_date(u, today)
    if given is not None:
        state["date"] = given.isoformat()


def _advance(
    session: Session, actor: Actor, state: dict[str, Any], context: ChatContext, today: date
) -> Outcome:
    notes: list[str] = []
    if state["unknown"]:
        names = ", ".join(state["unknown"])
        notes.append(f"I couldn't find a pupil called {names} in your school, so I left them out.")
        state["unknown"] = []
    if state["flow"] == Intent.LOG_SESSION.value and state["intervention_id"] is None:
        notes += records.match_intervention(session, actor=actor, state=state)
    if (
        state["flow"] == Intent.LOG_SESSION.value
        and state["pupils"]
        and not sees_whole_school(actor)
    ):
        notes += records.drop_pupils_out_of_reach(session, actor, state)
    if state["choices"] and not sees_whole_school(actor):
        # A teacher's "Noah" is the Noah in their class; a TA's, the one in their group.
        records.narrow_choices_to_visible(session, actor, state)
    if state["flow"] == Intent.LOG_SESSION.value and state["intervention_id"] and state["choices"]:
        # Two Noahs, one in the group: the session was with that one (and the list never
        # shows a pupil from outside the group).
        records.narrow_choices_to_group(session, state)
    missing = slots.next_missing(state)
    if missing is None:
        state["awaiting"] = "confirm"
        warnings = already_recorded(session, actor, state, today)
        state["repeat_ok"] = bool(warnings)  # a "yes" now is to save this one as well
        _store(session, actor, state, context)
        return Outcome(reply=_prefixed(summary(state, today), *notes, *warnings))
    state["awaiting"] = missing
    _store(session, actor, state, context)
    if missing == "choose_pupil":  # the list names pupils: a read of their names
        audit.record(
            session, action=AuditAction.READ, entity="pupil_candidates",
            school_id=actor.school_id, actor_id=actor.staff_id,
            detail={"pupil_ids": [int(pid) for pid in state["choices"]],
                    "platform": context.platform.value},
        )  # fmt: skip
    return Outcome(reply=_question(state, missing, notes))


def _question(state: dict[str, Any], missing: str, notes: list[str]) -> Reply:
    if missing == "choose_pupil":
        labels = [state["labels"][str(pid)] for pid in state["choices"]]
        return Reply(
            title="\n".join([*notes, "Which pupil do you mean?"]),
            lines=(*choice_lines(labels), "Reply with the number, or the surname or class."),
        )
    if missing == "intervention" and state.get("group_choices"):
        labels = [c["label"] for c in state["group_choices"]]
        return Reply(
            title="\n".join([*notes, QUESTIONS["intervention"]]),
            lines=(*choice_lines(labels), "Reply with the number."),
        )
    return Reply(title="\n".join([*notes, QUESTIONS[missing]]))


def _save(
    session: Session, actor: Actor, state: dict[str, Any], context: ChatContext, today: date
) -> Outcome:
    savepoint = session.begin_nested()
    try:
        outcome = records.save(session=session, actor=actor, state=state, now=context.now)
    except InvalidInput as invalid:
        savepoint.rollback()
        return _ask_again(session, actor, state, context, invalid.errors)
    except HandlerError as error:
        savepoint.rollback()
        if isinstance(error, Denied):  # the refusal is on record although nothing was saved
            audit.audit_denial(session, actor, error, handler=f"chat:{state['flow']}")
        state["awaiting"] = "change"
        _store(session, actor, state, context)
        text = f"{error.message} Nothing was saved yet; your answers are kept."
        return Outcome(reply=Reply(title=text, lines=(QUESTIONS["change"],), ok=False))
    savepoint.commit()
    stored.clear(session, platform=context.platform, key=context.conversation_key)
    parked = state.get("parked")
    if parked:  # the draft kept for later comes back
        _store(session, actor, parked, context)
        name = FLOW_NAMES.get(parked["flow"], "draft")
        about = f" about {pupil_list(parked)}" if parked.get("pupils") else ""
        back = f"Back to your earlier {name}{about}: reply “yes” to save it, or say what to change."
        outcome.reply = replace(outcome.reply, lines=(*outcome.reply.lines, back))
    return outcome


FIELD_TO_SLOT = {
    "pupils": "pupils",
    "observed": "details",
    "question": "question",
    "duration_minutes": "duration_minutes",
    "intervention_id": "intervention",
}


def _ask_again(
    session: Session,
    actor: Actor,
    state: dict[str, Any],
    context: ChatContext,
    errors: dict[str, str],
) -> Outcome:
    """A handler refused a field: clear that slot and ask for it again, keeping the rest."""
    problems = [f"{problem}" for problem in errors.values()]
    slot = next((FIELD_TO_SLOT[f] for f in errors if f in FIELD_TO_SLOT), "change")
    if slot == "details":
        state["observed"] = None
    elif slot == "question":
        state["question"] = None
    elif slot == "duration_minutes":
        state["duration"] = None
    state["awaiting"] = slot
    _store(session, actor, state, context)
    reply = Reply(
        title="\n".join([*problems, QUESTIONS[slot]]),
        lines=("Nothing was saved yet; your other answers are kept.",),
        ok=False,
    )
    return Outcome(reply=reply, errors=errors)


def _store(session: Session, actor: Actor, state: dict[str, Any], context: ChatContext) -> None:
    stored.save(
        session,
        platform=context.platform,
        key=context.conversation_key,
        staff_id=actor.staff_id,
        state=state,
        now=context.now,
        idle=context.idle,
    )


def _prefixed(reply: Reply, *notes: str) -> Reply:
    if not notes:
        return reply
    return Reply(
        title="\n".join([*notes, reply.title]),
        lines=reply.lines,
        fields=reply.fields,
        buttons=reply.buttons,
        privacy=reply.privacy,
        ok=reply.ok,
    )
