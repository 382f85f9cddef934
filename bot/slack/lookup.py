"""`/sen`: help, and look-ups answered privately.

`/sen ravi` → Ravi's record (if you may see it; several matches → a list to choose from);
`/sen concerns`, `/sen advice`, `/sen groups` → your lists; `/sen help` or `/sen` → help,
with everything the person may do from the catalogue; `/sen <what to do>` (“/sen set up a new
Toe by Toe group”, “/sen acknowledge C-00008”) opens that action's form or runs it.
"""

from __future__ import annotations

from dataclasses import replace

from slack_sdk import WebClient

from bot.slack.contract import ADVICE_COMMAND, CONCERN_COMMAND, SESSION_COMMAND
from bot.slack.deps import SlackDeps
from bot.slack.forms import start_form
from bot.slack.identity import UNKNOWN_USER
from bot.slack.surface import Where, tell
from handlers.advice import list_advice_queue
from handlers.catalogue import ACTIONS, Kind, run_action
from handlers.catalogue.menus import help_reply
from handlers.clock import school_today
from handlers.concerns import list_concerns
from handlers.conversation.actions import ActionMatch, action_in
from handlers.conversation.replies import HELP
from handlers.interventions import list_my_groups
from handlers.pupils.record import get_pupil_record
from handlers.pupils.search import find_pupils
from handlers.vocabulary import Actor, Button, Reply

HELP_WORDS = {"", "help", "?", "hello", "hi"}
LISTS = {
    "concerns": "concerns",
    "my concerns": "concerns",
    "advice": "advice",
    "questions": "advice",
    "requests": "advice",
    "queue": "advice",
    "groups": "groups",
    "my groups": "groups",
}

SEN_HELP = Reply(
    title="sendco-bot in Slack",
    lines=(
        f"`{CONCERN_COMMAND} [what you saw]` raise a concern with the SENDCO",
        f"`{SESSION_COMMAND} [20 mins Toe by Toe with Priya]` log an intervention session",
        f"`{ADVICE_COMMAND} [your question]` ask the SENDCO for advice",
        "`/sen NAME` a pupil's record (only pupils you may see) · `/sen concerns` · "
        "`/sen advice` · `/sen groups`",
        "Or just send me a direct message:",
        *HELP.lines,
    ),
)


def look_up(deps: SlackDeps, client: WebClient, where: Where, text: str) -> None:
    query = " ".join(text.split())
    actor = deps.actor(client, where)
    if query.lower() in HELP_WORDS:
        extra = help_reply(ACTIONS, actor).lines if actor is not None else ()
        tell(client, where, replace(SEN_HELP, lines=(*SEN_HELP.lines, *extra)))
        return
    if actor is None:
        tell(client, where, Reply(UNKNOWN_USER, ok=False))
        return
    with deps.sessions() as session:
        found = action_in(session, actor, query, school_today(deps.now()))
    if found is not None:  # "/sen set up a new group", "/sen acknowledge C-00008"
        _act(deps, client, where, actor, found)
        return
    tell(client, where, _answer(deps, actor, query))


def _act(
    deps: SlackDeps, client: WebClient, where: Where, actor: Actor, found: ActionMatch
) -> None:
    action = found.action
    if action.needs and action.needs not in found.ids and not action.starts_blank:
        what = action.needs.removesuffix("_id").replace("_", " ")
        tell(client, where, Reply(f"{action.label}: which {what}? Say it after the command, "
                                  "or use the button on the record.", ok=False))  # fmt: skip
        return
    if action.kind is Kind.FORM:
        start_form(deps, client, where, action.name, ids=found.ids)
        return
    outcome = deps.perform(
        run_action,
        actor,
        action=action.name,
        ids=found.ids,
        now=deps.now(),
        settings=deps.reminders,
    )
    tell(client, where, outcome.reply)
    deps.deliver()


def _answer(deps: SlackDeps, actor: Actor, query: str) -> Reply:
    kind = LISTS.get(query.lower())
    if kind == "concerns":
        return deps.perform(list_concerns, actor, open_only=True).reply
    if kind == "advice":
        return deps.perform(list_advice_queue, actor, now=deps.now()).reply
    if kind == "groups":
        return deps.perform(list_my_groups, actor).reply
    with deps.sessions() as session:
        matches = find_pupils(session=session, actor=actor, query=query)
    if not matches:
        return Reply(
            title=f"No pupil you can see matches “{query}”.",
            lines=(
                "You can look up pupils in your classes, groups, or that you are key adult for.",
            ),
        )
    if len(matches) == 1:
        return deps.perform(
            get_pupil_record, actor, pupil_id=matches[0].pupil_id, now=deps.now()
        ).reply
    return Reply(
        title=f"{len(matches)} pupils match “{query}”: which one?",
        lines=tuple(f"{m.known_as} ({m.class_name}, {m.year_label})" for m in matches),
        buttons=tuple(
            Button("pupil.open", f"{m.known_as} ({m.class_name})", str(m.pupil_id)) for m in matches
        ),
    )
