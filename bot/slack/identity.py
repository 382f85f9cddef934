"""Who a Slack user is: the staff member linked to their Slack id, or else the one whose email
Slack reports for them (users.info), who is then linked so the next request is matched by id.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from handlers.audit import audit_denial
from handlers.errors import Denied
from handlers.identity import actor_by_email, actor_by_platform_id, bind_by_email
from handlers.vocabulary import Actor
from storage.codes import Platform

log = logging.getLogger(__name__)

UNKNOWN_USER = (
    "I don't know you yet: ask your SENDCO or school admin to add you to sendco-bot "
    "(`sendco-bot import staff`) with the email address you use in Slack. "
    "Nothing you sent was saved."
)


def slack_email(client: WebClient, user_id: str) -> str:
    """The email Slack holds for a person, or "" (a bot, a deleted user, no permission)."""
    try:
        response = client.users_info(user=user_id)
    except SlackApiError as error:
        log.warning("users.info failed: %s", error.response.get("error"))
        return ""
    user = response.get("user") or {}
    if not isinstance(user, dict) or user.get("is_bot") or user.get("deleted"):
        return ""
    profile = user.get("profile") or {}
    return str(profile.get("email") or "").strip().lower()


def _by_id(sessions: sessionmaker[Session], team_id: str, user_id: str) -> Actor | None:
    with sessions() as session:
        return actor_by_platform_id(session, Platform.SLACK, user_id, workspace_id=team_id)


def resolve_actor(
    sessions: sessionmaker[Session], client: WebClient, *, team_id: str, user_id: str
) -> Actor | None:
    """The `Actor` for a Slack user, or None for someone not on the staff list."""
    if not user_id:
        return None
    actor = _by_id(sessions, team_id, user_id)
    if actor is not None:
        return actor
    email = slack_email(client, user_id)
    if not email:
        return None
    try:
        with sessions.begin() as session:
            return bind_by_email(
                session,
                email=email,
                platform=Platform.SLACK,
                external_id=user_id,
                workspace_id=team_id,
            )
    except IntegrityError:  # a concurrent request linked them first
        return _by_id(sessions, team_id, user_id)
    except Denied as denied:  # another workspace's user with a matching email: on record
        log.warning("Refused to link a Slack user of workspace %s: not the school's", team_id)
        with sessions.begin() as session:
            staff = actor_by_email(session, email)
            if staff is not None:
                audit_denial(session, staff, denied, handler="slack:identity")
        return None
