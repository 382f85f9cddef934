"""A catalogue action carried out in conversation: which record it is about (asked when the
message did not say), then the form's required fields one question at a time, then a summary
to confirm or correct ("lead: Amira", "change the date to 14 Jan") before it is saved through
the same handler a Slack modal or Teams card uses. Actions that need no form run at once.

The state is a plain dict kept with the conversation (handlers.conversation.state).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers import audit
from handlers.catalogue import CATALOGUE, Action, Kind, open_form, run_action, submit_form
from handlers.conversation.actions import ActionMatch, group_choices, resolve_needs
from handlers.conversation.form_values import FORWARD, ahead, is_skip, parse_value, pick
from handlers.conversation.intents import CONFIRM, DENY
from handlers.conversation.pupils import PupilRef
from handlers.conversation.replies import choice_lines
from handlers.conversation.text import fold
from handlers.conversation.understand import Understanding
from handlers.errors import Denied, HandlerError, InvalidInput
from handlers.pickers import chosen_labels, search_options
from handlers.reminders.settings import DEFAULT_SETTINGS, ReminderSettings
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form, Outcome, Reply

FLOW = "action"
# Fields answered in free text (the names the handlers' forms use).
TEXT_FIELDS = frozenset(
    {
        "note",
        "body",
        "notes",
        "reason",
        "targets",
        "observed",
        "question",
        "parent_views",
        "pupil_views",
        "text",
        "name",
        "schedule_note",
    }
)
LISTED_CHOICES = 12
CHOSEN = frozenset({FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.STAFF, FieldKind.PUPIL})
NOTHING_TO_CHOOSE = {
    "course_id": "Add the course first: “add a new training course”.",
    "intervention_id": "Set up a group first: “set up a new group”.",
    "pupil_id": "The group has no pupils yet: “add <name> to the <group> group”.",
    "kind": "Every statutory step of this review is done already.",
}
NEED_QUESTIONS = {
    "pupil_id": "Which pupil? Give their name.",
    "review_id": "Whose review? Give the pupil's name.",
    "assessment_id": "Which pupil's needs assessment? Give their name.",
    "concern_id": "Which concern? Give its reference, e.g. C-00012.",
    "request_id": "Which request? Give its reference, e.g. A-00012.",
    "intervention_id": "Which group?",
}
CORRECTION = re.compile(
    r"^\s*(change|set|make)?\s*(the\s+)?(?P<name>[\w' ()£-]+?)\s*"
    r"(:|=|\bto\b|\bis\b)\s*(?P<value>.+)$"
)
# "Sent to: Oakfield" names the line by everything before the colon, "to" and all.
LABELLED = re.compile(
    r"^\s*(change|set|make)?\s*(the\s+)?(?P<name>[\w' ()£-]+?)\s*[:=]\s*(?P<value>.+)$"
)


def start(
    session: Session,
    actor: Actor,
    found: ActionMatch,
    *,
    now: datetime,
    today: date,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> tuple[Outcome, dict[str, Any] | None]:
    resolve_needs(session, actor, found)
    state: dict[str, Any] = {
        "flow": FLOW,
        "action": found.action.name,
        "ids": dict(found.ids),
        "values": dict(found.values),
        "pupil_ids": found.pupil_ids,
        "day": found.day.isoformat() if found.day else None,
        "programme": found.programme,
        "awaiting": None,
        "choices": [],
        "filled": False,
    }
    return advance(session, actor, state, now=now, today=today, settings=settings)


def press(
    session: Session,
    actor: Actor,
    name: str,
    ids: dict[str, int],
    *,
    now: datetime,
    today: date,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> tuple[Outcome, dict[str, Any] | None]:
    """A button typed as its number: the same as pressing it in Slack."""
    found = ActionMatch(CATALOGUE[name], ids=ids)
    return start(session, actor, found, now=now, today=today, settings=settings)


def step(
    session: Session,
    actor: Actor,
    state: dict[str, Any],
    u: Understanding,
    *,
    now: datetime,
    today: date,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> tuple[Outcome, dict[str, Any] | None]:
    awaiting = state["awaiting"]
    if awaiting == "need":
        problem = _take_need(session, actor, state, u)
        if problem:
            return Outcome(reply=Reply(title=problem, ok=False)), state
        return advance(session, actor, state, now=now, today=today, settings=settings)
    form = _form(session, actor, state, now)
    if awaiting == "confirm":
        if CONFIRM.search(fold(u.text)):
            return _submit(session, actor, state, now=now, today=today, settings=settings)
        if DENY.search(fold(u.text)):
            return Outcome(reply=Reply(title=_change_hint(form))), state
        problem = _correct(session, actor, form, state, u.text, today)
        if problem:
            return Outcome(reply=Reply(title=problem, lines=(_change_hint(form),), ok=False)), state
        return advance(session, actor, state, now=now, today=today, settings=settings)
    fld = next((f for f in form.fields if f.name == awaiting), None)
    if fld is None:  # the form changed under us: start the questions again
        return advance(session, actor, state, now=now, today=today, settings=settings)
    problem = _take_field(session, actor, state, fld, u.text, today, named=u.pupils)
    if problem:
        return Outcome(reply=_question(state, fld, problem)), state
    return advance(session, actor, state, now=now, today=today, settings=settings)


def takes_new_requests(state: dict[str, Any]) -> bool:
    """Whether a sentence that asks for another action may start it: not while a free-text
    answer is awaited, which could mention anything."""
    awaiting = state.get("awaiting")
    if awaiting in ("need", "confirm"):
        return True
    return awaiting not in TEXT_FIELDS


def advance(
    session: Session,
    actor: Actor,
    state: dict[str, Any],
    *,
    now: datetime,
    today: date,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> tuple[Outcome, dict[str, Any] | None]:
    action = CATALOGUE[state["action"]]
    need = action.needs
    if need and need not in state["ids"] and not action.starts_blank:
        return _ask_need(session, actor, state, action)
    if action.kind is not Kind.FORM:
        return _run(session, actor, state, now=now, settings=settings), None
    try:
        form = _form(session, actor, state, now)
    except HandlerError as error:
        return Outcome(reply=Reply(title=error.message, ok=False)), None
    if not state["filled"]:
        _prefill(session, actor, state, form, today)
    for fld in form.fields:
        if fld.required and _blank(state["values"].get(fld.name)):
            if fld.kind in CHOSEN and not fld.choices and not fld.search:
                problem = f"{form.title}: there is no {fld.label.lower()} to choose yet."
                hint = NOTHING_TO_CHOOSE.get(fld.name, "Set one up first, then try again.")
                return Outcome(reply=Reply(title=problem, lines=(hint,), ok=False)), None
            state["awaiting"], state["choices"] = fld.name, []
            return Outcome(reply=_question(state, fld, "")), state
    state["awaiting"], state["choices"] = "confirm", []
    return Outcome(reply=_summary(session, actor, form, state)), state


def _form(session: Session, actor: Actor, state: dict[str, Any], now: datetime) -> Form:
    return open_form(
        session=session, actor=actor, action=state["action"], ids=state["ids"], now=now
    )


def _run(
    session: Session,
    actor: Actor,
    state: dict[str, Any],
    *,
    now: datetime,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> Outcome:
    savepoint = session.begin_nested()
    try:
        outcome = run_action(
            session=session,
            actor=actor,
            action=state["action"],
            ids=state["ids"],
            now=now,
            settings=settings,
        )
    except HandlerError as error:
        savepoint.rollback()
        if isinstance(error, Denied):
            audit.audit_denial(session, actor, error, handler=f"chat:{state['action']}")
        return Outcome(reply=Reply(title=error.message, ok=False))
    savepoint.commit()
    return outcome


def _submit(
    session: Session,
    actor: Actor,
    state: dict[str, Any],
    *,
    now: datetime,
    today: date,
    settings: ReminderSettings = DEFAULT_SETTINGS,
) -> tuple[Outcome, dict[str, Any] | None]:
    savepoint = session.begin_nested()
    try:
        outcome = submit_form(
            session=session,
            actor=actor,
            action=state["action"],
            ids=state["ids"],
            data=state["values"],
            now=now,
            surface="chat",
            settings=settings,
        )
    except InvalidInput as invalid:
        savepoint.rollback()
        for name in invalid.errors:
            state["values"].pop(name, None)
        asked, kept = advance(session, actor, state, now=now, today=today, settings=settings)
        problems = [p if p.endswith(".") else f"{p}." for p in invalid.errors.values()]
        reply = Reply(
            title="\n".join([*problems, asked.reply.title]),
            lines=(*asked.reply.lines, "Nothing was saved yet; your other answers are kept."),
            ok=False,
        )
        return Outcome(reply=reply, errors=invalid.errors), kept
    except HandlerError as error:
        savepoint.rollback()
        if isinstance(error, Denied):
            audit.audit_denial(session, actor, error, handler=f"chat:{state['action']}")
            return Outcome(reply=Reply(title=error.message, ok=False)), None
        text = f"{error.message} Nothing was saved yet; your answers are kept."
        return Outcome(
            reply=Reply(title=text, lines=("Change something, or say cancel.",), ok=False)
        ), state
    savepoint.commit()
    return outcome, None


def _prefill(
    session: Session, actor: Actor, state: dict[str, Any], form: Form, today: date
) -> None:
    """Fill what the message already said: its pupils, its date, the group; then the form's
    own defaults."""
    values = state["values"]
    names = {f.name for f in form.fields}
    for key in [k for k in values if k not in names]:
        del values[key]
    pupils = [str(p) for p in state.get("pupil_ids") or []]
    day = date.fromisoformat(state["day"]) if state.get("day") else None
    for fld in form.fields:
        if fld.name in values:
            continue
        if fld.kind is FieldKind.PUPIL and pupils:
            allowed = {c.value for c in fld.choices}
            chosen = [p for p in pupils if fld.search or p in allowed]
            if chosen:
                values[fld.name] = chosen if fld.multiple else chosen[0]
        elif fld.kind is FieldKind.DATE and day is not None:
            values[fld.name] = (ahead(day, today) if fld.name in FORWARD else day).isoformat()
            day = None
        elif fld.name == "programme" and state.get("programme"):
            values[fld.name] = state["programme"]
        elif fld.initial not in (None, "", []):
            values[fld.name] = fld.initial
    state["filled"] = True


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _ask_need(
    session: Session, actor: Actor, state: dict[str, Any], action: Action
) -> tuple[Outcome, dict[str, Any] | None]:
    need = action.needs
    state["awaiting"] = "need"
    if need == "intervention_id":
        options = group_choices(session, actor, state.get("programme") or "")
        if not options:
            return Outcome(
                reply=Reply(
                    title="There are no running intervention groups yet: set one up first "
                    "(“set up a new group”).",
                    ok=False,
                )
            ), None
        state["choices"] = [[c.value, c.label] for c in options]
        note = (
            f"I couldn't find a group called “{state['programme']}”. "
            if state.get("programme") and len(options) > 1
            else ""
        )
        return Outcome(
            reply=Reply(
                title=f"{note}{action.label}: {NEED_QUESTIONS[need]}",
                lines=(*choice_lines([c.label for c in options]), "Reply with the number."),
            )
        ), state
    if need == "notice_id":
        return Outcome(reply=Reply(title="Use the buttons on the reminder itself.", ok=False)), None
    return Outcome(reply=Reply(title=f"{action.label}: {NEED_QUESTIONS[need]}")), state


def _take_need(session: Session, actor: Actor, state: dict[str, Any], u: Understanding) -> str:
    action = CATALOGUE[state["action"]]
    need = action.needs
    if need == "intervention_id":
        options = [Choice(v, label) for v, label in state["choices"]]
        chosen = pick(tuple(options), u.text)
        if chosen.value is None:
            return f"{chosen.problem} Reply with the group's number, or say cancel."
        state["ids"][need] = int(chosen.value)
        return ""
    if need in ("concern_id", "request_id"):
        digits = re.search(r"\d+", u.text)
        if digits is None:
            return f"{NEED_QUESTIONS[need]} Or say cancel."
        state["ids"][need] = int(digits.group())
        return ""
    if len(u.pupils) != 1:
        names = ", ".join(f"{p.known_as} ({p.class_name})" for p in u.candidates[:6])
        return (
            f"Which pupil exactly? {names}"
            if names
            else "I couldn't find that pupil: give their first name and surname, or say cancel."
        )
    found = ActionMatch(action, ids={}, pupil_ids=[u.pupils[0].id])
    resolve_needs(session, actor, found)
    if need not in found.ids:
        what = "review scheduled" if need == "review_id" else "needs assessment on record"
        return f"{u.pupils[0].known_as} has no {what}: check the record, or say cancel."
    state["ids"][need] = found.ids[need]
    state["pupil_ids"] = found.pupil_ids
    return ""


def _take_field(
    session: Session,
    actor: Actor,
    state: dict[str, Any],
    fld: Field,
    text: str,
    today: date,
    *,
    named: Sequence[PupilRef] = (),
) -> str:
    if not fld.required and is_skip(text):
        state["values"][fld.name] = ""
        return ""
    if fld.kind is FieldKind.PUPIL and named and not state.get("choices"):
        allowed = {c.value for c in fld.choices}
        chosen = [str(p.id) for p in named if fld.search or str(p.id) in allowed]
        if chosen:
            state["values"][fld.name] = chosen if fld.multiple else chosen[0]
            return ""
    choices = tuple(Choice(v, label) for v, label in state.get("choices") or []) or fld.choices
    if fld.kind is FieldKind.PUPIL and fld.search and not state.get("choices"):
        choices = search_options(session, actor, fld.search, text)
        if not choices:
            return "I couldn't find a pupil by that name (or say cancel)."
        if len(choices) > 1 and not any(fold(c.label) == fold(text) for c in choices):
            state["choices"] = [[c.value, c.label] for c in choices[:9]]
            return "Which one do you mean?"
    asked = fld if choices == fld.choices else replace(fld, choices=choices)
    parsed = parse_value(asked, text, today)
    if parsed.value is None:
        if parsed.options:
            state["choices"] = [[c.value, c.label] for c in parsed.options]
        return parsed.problem
    state["values"][fld.name] = parsed.value
    state["choices"] = []
    return ""


def _field_called(form: Form, name: str) -> bool:
    wanted = fold(name).removesuffix(" date").strip()
    return any(wanted in (fold(f.label), fold(f.name).replace("_", " ")) for f in form.fields)


def _correct(
    session: Session, actor: Actor, form: Form, state: dict[str, Any], text: str, today: date
) -> str:
    """ "lead: Amira", "change the start date to 5 Jan", "days are Mon and Wed"."""
    found = LABELLED.match(text)
    if found is None or not _field_called(form, found.group("name")):
        found = CORRECTION.match(text)
    if found is None:
        return "Reply “yes” to save, or say what to change."
    wanted = fold(found.group("name")).removesuffix(" date").strip()
    fld = next(
        (f for f in form.fields if wanted in (fold(f.label), fold(f.name).replace("_", " "))), None
    )
    if fld is None:
        fld = next(
            (
                f
                for f in form.fields
                if wanted and (wanted in fold(f.label) or fold(f.label).startswith(wanted))
            ),
            None,
        )
    if fld is None:
        return f"There is no “{found.group('name')}” on this form."
    state["choices"] = []
    return _take_field(session, actor, state, fld, found.group("value"), today)


def _question(state: dict[str, Any], fld: Field, problem: str) -> Reply:
    lines: list[str] = []
    if fld.help:
        lines.append(fld.help)
    choices = [label for _, label in state.get("choices") or []] or [c.label for c in fld.choices]
    if choices and len(choices) <= LISTED_CHOICES and fld.kind is not FieldKind.DATE:
        lines += choice_lines(choices)
        lines.append(
            "Reply with a number or a name"
            + (
                " (several: separate with commas)."
                if fld.multiple or fld.kind is FieldKind.MULTI_CHOICE
                else "."
            )
        )
    if not fld.required:
        lines.append("Or “skip”.")
    title = f"{problem} {fld.label}?".strip() if problem else f"{fld.label}?"
    return Reply(title=title, lines=tuple(lines), ok=not problem)


def _shown(session: Session, actor: Actor, fld: Field, value: Any) -> str:
    if _blank(value):
        return "—"
    values = value if isinstance(value, list) else [value]
    labels = {c.value: c.label for c in fld.choices}
    if fld.search:
        labels |= {
            c.value: c.label
            for c in chosen_labels(session, actor, fld.search, [str(v) for v in values])
        }
    return ", ".join(labels.get(str(v), str(v)) for v in values)


def _summary(session: Session, actor: Actor, form: Form, state: dict[str, Any]) -> Reply:
    fields = tuple(
        (f.label, _shown(session, actor, f, state["values"].get(f.name))) for f in form.fields
    )
    return Reply(
        title=f"{form.title}: is this right?",
        fields=fields,
        lines=(
            f"Reply “yes” to {form.submit_label.lower()}, or change a line, e.g. "
            f"“{form.fields[-1].label}: …”. “cancel” drops it.",
        ),
    )


def _change_hint(form: Form) -> str:
    example = next(
        (f.label for f in form.fields if f.kind is not FieldKind.PUPIL), form.fields[0].label
    )
    return f"What would you like to change? Write the line and its new value, e.g. “{example}: …”."
