"""Where a person acted in Slack, and how to answer them there, privately.

A reply goes back the way the request came: into the modal they are looking at, through
the request's response URL (an ephemeral message only they see), or else as a direct message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.slack.render.blocks import Block, fallback_text, reply_blocks
from bot.slack.render.modals import reply_view
from handlers.unit_of_work import went_wrong
from handlers.vocabulary import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Where:
    team_id: str
    user_id: str
    channel_id: str = ""
    thread_ts: str = ""
    response_url: str = ""
    trigger_id: str = ""
    view_id: str = ""  # the modal the request came from
    view_hash: str = ""


def _id(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("id") or "")
    return str(value or "")


def where_from_body(body: Mapping[str, Any]) -> Where:
    """Where an interaction (command, shortcut, button, submission) came from."""
    user = body.get("user")
    container = body.get("container") or {}
    view = body.get("view") or {}
    in_modal = view.get("type") == "modal" and (
        container.get("type") == "view" or body.get("type") == "view_submission"
    )
    message = body.get("message") or {}
    return Where(
        team_id=_id(body.get("team")) or str(body.get("team_id") or ""),
        user_id=_id(user) or str(body.get("user_id") or ""),
        channel_id=_id(body.get("channel")) or str(body.get("channel_id") or ""),
        thread_ts=str(message.get("thread_ts") or message.get("ts") or ""),
        response_url=str(body.get("response_url") or ""),
        trigger_id=str(body.get("trigger_id") or ""),
        view_id=str(view.get("id") or "") if in_modal else "",
        view_hash=str(view.get("hash") or "") if in_modal else "",
    )


def direct_message(client: WebClient, user_id: str, reply: Reply) -> None:
    opened = client.conversations_open(users=user_id)
    client.chat_postMessage(
        channel=str(opened["channel"]["id"]),
        blocks=reply_blocks(reply),
        text=fallback_text(reply),
        unfurl_links=False,
    )


def upload_files(
    client: WebClient, reply: Reply, *, channel: str = "", user_id: str = "", thread_ts: str = ""
) -> None:
    """Post the reply's files (an export, a chart) as uploads. Files are never ephemeral in
    Slack, so they go only where the person alone reads them: the direct message `channel`
    with the bot, or (given `user_id` instead) the person's DM with the bot."""
    if not reply.files:
        return
    if not channel:
        channel = str(client.conversations_open(users=user_id)["channel"]["id"])
    client.files_upload_v2(
        channel=channel,
        thread_ts=thread_ts or None,
        file_uploads=[
            {"content": f.content, "filename": f.name, "title": f.name} for f in reply.files
        ],
        initial_comment="The file you asked for (it holds pupil data: keep it to yourself).",
    )


def tell(client: WebClient, where: Where, reply: Reply) -> None:
    """Answer the person privately where they are; files go to their DM with the bot."""
    upload_files(client, reply, user_id=where.user_id)
    if where.view_id:
        client.views_update(view_id=where.view_id, view=reply_view(reply))
    elif where.response_url:
        WebhookClient(where.response_url, retry_handlers=client.retry_handlers).send(
            text=fallback_text(reply),
            blocks=reply_blocks(reply),
            response_type="ephemeral",
            replace_original=False,
        )
    else:
        direct_message(client, where.user_id, reply)


def open_modal(client: WebClient, where: Where, view: Block) -> None:
    """A new modal, or one stacked on the modal the person is in."""
    if where.view_id:
        client.views_push(trigger_id=where.trigger_id, view=view)
    else:
        client.views_open(trigger_id=where.trigger_id, view=view)


def failed(kept: str) -> Reply:
    return went_wrong(kept)


@contextmanager
def reporting_failures(client: WebClient, where: Where, *, kept: str) -> Iterator[None]:
    """Anything unexpected below is logged and the person told, with what was kept."""
    try:
        yield
    except Exception:
        log.exception("A Slack request failed")
        try:
            tell(client, where, failed(kept))
        except Exception:
            log.exception("Telling the person about the failure failed too")
