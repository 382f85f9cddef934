"""The handlers' forms as Slack modals: which form each action opens, how it is prefilled,
and which handler takes it when it is submitted.

A submission is validated inside Slack's acknowledgement window: the handler runs, and a
refusal comes back as `response_action: errors` beside the fields concerned, with everything
the person typed still in the modal. Only a saved submission closes it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.slack.deps import SlackDeps
from bot.slack.idempotency import Once
from bot.slack.identity import UNKNOWN_USER
from bot.slack.prefill import Prefill, prefill
from bot.slack.render.blocks import Block
from bot.slack.render.modals import FormContext, field_errors, form_view, option, reply_view
from bot.slack.render.state import submitted_values
from bot.slack.surface import Where, open_modal, tell, upload_files, where_from_body
from handlers.catalogue import open_form, submit_form
from handlers.clock import school_today
from handlers.errors import HandlerError
from handlers.pickers import MAX_OPTIONS, chosen_labels, search_options
from handlers.vocabulary import Actor, Form, Reply

log = logging.getLogger(__name__)

KEPT = " Your answers are still here: change them and send again, or cancel."
SAFEGUARDING_NOTE = (
    "*This sounds like a safeguarding matter, not a SEND concern.* Follow your school's "
    "safeguarding procedure now and speak to the DSL today. Sending this alerts the DSL; "
    "nothing else is kept."
)


REFRESH_ON: dict[str, frozenset[str]] = {"session.log": frozenset({"intervention_id"})}


def build_view(
    session: Session, actor: Actor, ctx: FormContext, *, now: datetime, text: str = ""
) -> Block:
    """The modal for `ctx.action`, prefilled from `text`. Text that is a safeguarding
    disclosure opens the safeguarding form instead, whatever was asked for."""
    fill = prefill(session, actor, ctx.action, text, school_today(now)) if text else Prefill()
    action = "safeguarding.report" if fill.safeguarding else ctx.action
    ctx = FormContext(action, {**ctx.ids, **fill.ids}, ctx.channel, ctx.thread_ts)
    form = _form(session, actor, ctx, now)
    only = _only_choice(form, "intervention_id") if action == "session.log" else None
    if only is not None and "intervention_id" not in ctx.ids:  # one group: choose it
        ctx = FormContext(action, {**ctx.ids, "intervention_id": only}, ctx.channel, ctx.thread_ts)
        form = _form(session, actor, ctx, now)
    form = with_chosen_labels(session, actor, form, fill.values)
    return form_view(
        form,
        context=ctx,
        initial=fill.values,
        refresh_on=REFRESH_ON.get(action, frozenset()),
        note=SAFEGUARDING_NOTE if fill.safeguarding else "",
    )


def _form(session: Session, actor: Actor, ctx: FormContext, now: datetime) -> Form:
    return open_form(session=session, actor=actor, action=ctx.action, ids=ctx.ids, now=now)


def with_chosen_labels(session: Session, actor: Actor, form: Form, initial: dict[str, Any]) -> Form:
    """A searched picker lists nothing up front: give it the options already chosen (the
    pupils a command's text named), so the modal opens with them selected."""
    fields = []
    for fld in form.fields:
        chosen = initial.get(fld.name)
        if fld.search and chosen:
            values = [str(v) for v in (chosen if isinstance(chosen, list | tuple) else [chosen])]
            fld = replace(fld, choices=chosen_labels(session, actor, fld.search, values))
        fields.append(fld)
    return replace(form, fields=tuple(fields))


def _only_choice(form: Form, name: str) -> int | None:
    fld = next((f for f in form.fields if f.name == name), None)
    if fld is None or len(fld.choices) != 1 or not fld.choices[0].value.isdigit():
        return None
    return int(fld.choices[0].value)


def start_form(
    deps: SlackDeps,
    client: WebClient,
    where: Where,
    action: str,
    *,
    ids: dict[str, int] | None = None,
    text: str = "",
) -> None:
    """Open the form for `action` (after the request was acknowledged)."""
    actor = deps.actor(client, where)
    if actor is None:
        tell(client, where, Reply(UNKNOWN_USER, ok=False))
        return
    ctx = FormContext(action, dict(ids or {}), where.channel_id, where.thread_ts)
    try:
        with deps.sessions() as session:
            view = build_view(session, actor, ctx, now=deps.now(), text=text)
    except HandlerError as error:
        tell(client, where, Reply(error.message, ok=False))
        return
    open_modal(client, where, view)


def submit(deps: SlackDeps, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    """A form modal was submitted: save it, or show what to fix, within the ack window."""
    view: dict[str, Any] = body["view"]
    ctx = FormContext.decode(str(view.get("private_metadata") or ""))
    actor = deps.actor(client, where_from_body(body))
    if actor is None:
        ack(response_action="errors", errors=field_errors(view, {"form": UNKNOWN_USER}))
        return
    once = Once(f"view:{view.get('id')}:{view.get('hash')}")
    try:
        outcome = deps.perform(
            once(submit_form),
            actor,
            action=ctx.action,
            ids=ctx.ids,
            data=submitted_values(view.get("state", {}).get("values", {})),
            now=deps.now(),
            surface="slack",
            settings=deps.reminders,
        )
    except IntegrityError:  # the same submission, saved a moment ago by a twin request
        ack()
        return
    except Exception:
        log.exception("Saving a Slack form failed")
        problem = "Sorry: something went wrong on my side, and nothing was saved." + KEPT
        ack(response_action="errors", errors=field_errors(view, {"form": problem}))
        return
    if once.repeat:
        ack()
        return
    if outcome.errors or not outcome.ok:
        errors = outcome.errors or {"form": outcome.reply.title + KEPT}
        ack(response_action="errors", errors=field_errors(view, errors))
        return
    reply = outcome.reply
    if reply.files:  # uploaded after the ack, into the person's DM with the bot
        reply = replace(reply, lines=(*reply.lines, "The file is in your direct messages with me."))
        where = where_from_body(body)
        deps.later(lambda: upload_files(client, outcome.reply, user_id=where.user_id))
    ack(response_action="update", view=reply_view(reply, title="Saved"))
    deps.deliver()


def suggest(deps: SlackDeps, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    """Options for a long picker (more pupils than Slack lists at once), by what is typed."""
    view = body.get("view") or {}
    ctx = FormContext.decode(str(view.get("private_metadata") or ""))
    actor = deps.actor(client, where_from_body(body))
    if actor is None:
        ack(options=[])
        return
    wanted = str(body.get("value") or "").strip().lower()
    with deps.sessions() as session:
        try:
            form = _form(session, actor, ctx, deps.now())
        except HandlerError:
            ack(options=[])
            return
        fld = next((f for f in form.fields if f.name == body.get("action_id")), None)
        if fld is not None and fld.search:  # looked up by what was typed: cheap at any size
            choices = list(search_options(session, actor, fld.search, wanted))
        else:
            choices = [c for c in (fld.choices if fld else ()) if wanted in c.label.lower()]
    ack(options=[option(c) for c in choices[:MAX_OPTIONS]])


def refresh(deps: SlackDeps, body: dict[str, Any], client: WebClient) -> None:
    """A choice that reshapes its form changed (the session's group: its pupils)."""
    view: dict[str, Any] = body["view"]
    ctx = FormContext.decode(str(view.get("private_metadata") or ""))
    actor = deps.actor(client, where_from_body(body))
    if actor is None:
        return
    action = body["actions"][0]
    chosen = str((action.get("selected_option") or {}).get("value") or "")
    ids = {k: v for k, v in ctx.ids.items() if k != action["action_id"]}
    if chosen.isdigit():
        ids[str(action["action_id"])] = int(chosen)
    ctx = FormContext(ctx.action, ids, ctx.channel, ctx.thread_ts)
    values = submitted_values(view.get("state", {}).get("values", {}))
    for stale in ("attendance", "absent"):
        values.pop(stale, None)
    try:
        with deps.sessions() as session:
            form = _form(session, actor, ctx, deps.now())
    except HandlerError as error:
        tell(client, where_from_body(body), Reply(error.message, ok=False))
        return
    new = form_view(
        form, context=ctx, initial=values, refresh_on=REFRESH_ON.get(ctx.action, frozenset())
    )
    client.views_update(view_id=str(view["id"]), hash=str(view.get("hash") or ""), view=new)
