"""The App Home tab, per role: what each person needs to see when they open the app.

- SENDCO: the triage queue (open concerns, advice requests) and reviews due soon;
- TA (or anyone leading a group): their groups, and which have a session planned today;
- teacher: their own open concerns and questions.
Every list comes from the handlers, so access rules and read auditing are theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.identity import UNKNOWN_USER
from bot.slack.render.blocks import (
    Block,
    action_blocks,
    escape,
    mrkdwn,
    plain,
    reply_blocks,
    section,
)
from bot.slack.surface import Where
from handlers import audit
from handlers.access import may_list_concerns
from handlers.advice import list_advice_queue
from handlers.catalogue import ACTIONS
from handlers.catalogue.menus import EVERYDAY, by_group, menu_buttons, starters
from handlers.clock import school_today
from handlers.concerns import list_concerns
from handlers.interventions import groups_for
from handlers.interventions.views import GroupView
from handlers.register import RegisterOutcome, sen_register
from handlers.sessions import is_planned_day, sessions_of
from handlers.vocabulary import Actor, Outcome
from storage.codes import AuditAction, Role

HOME_BLOCKS = 100
REVIEWS_AHEAD = timedelta(weeks=6)
LIST_LINES = 8
LIST_BUTTONS = 5


@dataclass(frozen=True)
class Schedule:
    """What `is_planned_day` needs of a group."""

    weekdays: str
    start_on: date
    end_on: date | None
    status: str
    planned_sessions: int | None


def heading(text: str) -> list[Block]:
    return [{"type": "divider"}, {"type": "header", "text": plain(text, 150)}]


def start_buttons(actor: Actor) -> list[Block]:
    """The everyday actions, then everything else this person may start, by area
    (the catalogue's menu: handlers.catalogue.menus)."""
    offered = starters(ACTIONS, actor)
    everyday = [a for a in offered if a.name in EVERYDAY]
    blocks = action_blocks(menu_buttons(everyday), block_prefix="start")
    for group, members in by_group([a for a in offered if a.name not in EVERYDAY]).items():
        blocks.append({"type": "context", "elements": [mrkdwn(f"*{escape(group)}*")]})
        blocks += action_blocks(menu_buttons(members), block_prefix=f"start-{group.lower()}")
    return blocks


def listed(outcome: Outcome) -> list[Block]:
    return reply_blocks(outcome.reply, max_lines=LIST_LINES, max_buttons=LIST_BUTTONS)


def reviews_due(deps: SlackDeps, actor: Actor, today: date) -> list[Block]:
    outcome = deps.perform(sen_register, actor)
    rows = outcome.rows if isinstance(outcome, RegisterOutcome) and outcome.rows else []
    due = sorted(
        (r for r in rows if r.next_review_due and r.next_review_due <= today + REVIEWS_AHEAD),
        key=lambda r: (r.next_review_due or today, r.last_name),
    )
    if not due:
        return [section("No reviews due in the next six weeks.")]
    lines = [
        f"{'*OVERDUE* ' if r.next_review_due and r.next_review_due < today else ''}"
        f"{escape(r.first_name)} {escape(r.last_name)} ({r.class_name}, {r.sen_status}): "
        f"due {r.next_review_due}"
        for r in due[:LIST_LINES]
    ]
    if len(due) > LIST_LINES:
        lines.append(f"… and {len(due) - LIST_LINES} more")
    return [section("\n".join(lines))]


def groups_today(deps: SlackDeps, actor: Actor, today: date) -> list[Block]:
    with deps.sessions.begin() as session:
        groups = [g for g in groups_for(session, actor) if g.lead_id == actor.staff_id]
        logged = {
            g.id: any(v.held_on == today for v in sessions_of(session, actor, g.id, limit=3))
            for g in groups
        }
        audit.record(
            session,
            action=AuditAction.READ,
            entity="intervention",
            school_id=actor.school_id,
            actor_id=actor.staff_id,
            detail={"view": "slack_home", "groups": [g.reference for g in groups]},
        )
    if not groups:
        return [section("You don't lead any intervention groups.")]
    lines = [_group_line(g, today, logged[g.id]) for g in groups]
    buttons = [
        {
            "type": "button",
            "action_id": "session.log" + (f"~{i}" if i else ""),
            "text": plain(f"Log {g.name}", 75),
            "value": str(g.id),
        }
        for i, g in enumerate(groups[:LIST_BUTTONS])
    ]
    return [section("\n".join(lines)), {"type": "actions", "elements": buttons}]


def _group_line(group: GroupView, today: date, logged: bool) -> str:
    schedule = Schedule(
        ",".join(group.weekdays),
        group.start_on,
        group.end_on,
        group.status,
        group.planned_sessions,
    )
    if logged:
        state = "logged today ✓"
    elif is_planned_day(schedule, today):
        state = "*session planned today*: not logged yet"
    else:
        state = "no session today"
    members = ", ".join(m.name for m in group.current_members) or "no pupils yet"
    return f"*{escape(group.name)}* · {state} · {escape(members)}"


def home_blocks(deps: SlackDeps, actor: Actor | None) -> list[Block]:
    if actor is None:
        return [section(escape(UNKNOWN_USER))]
    now = deps.now()
    today = school_today(now)
    name = actor.display_name or "there"
    blocks: list[Block] = [
        section(f"*Hello {escape(name)}.* Tell me things in a direct message, or start here:"),
        *start_buttons(actor),
    ]
    if Role.SENDCO in actor.roles:
        blocks += heading("Your triage queue")
        blocks += listed(deps.perform(list_concerns, actor, open_only=True))
        blocks += listed(deps.perform(list_advice_queue, actor, now=now))
        blocks += heading("Reviews due in the next six weeks")
        blocks += reviews_due(deps, actor, today)
    if Role.TA in actor.roles or Role.TEACHER in actor.roles:
        section_blocks = groups_today(deps, actor, today)
        if Role.TA in actor.roles or len(section_blocks) > 1:
            blocks += heading("Your groups today")
            blocks += section_blocks
    if Role.SENDCO not in actor.roles and may_list_concerns(actor):
        blocks += heading("Your open concerns and questions")
        blocks += listed(deps.perform(list_concerns, actor, open_only=True))
        blocks += listed(deps.perform(list_advice_queue, actor, now=now))
    return blocks[:HOME_BLOCKS]


def publish_home(deps: SlackDeps, client: WebClient, where: Where) -> None:
    actor = deps.actor(client, where)
    client.views_publish(
        user_id=where.user_id, view={"type": "home", "blocks": home_blocks(deps, actor)}
    )
