"""How notices reach people: one `Channel` per platform (handlers.delivery.Channel).

`delivery_channels` lists them in order of preference; the delivery loop uses the first that
accepts each notice. Platform adapters add their channel there. With no platform configured
there is none: notices wait in the outbox (never marked delivered to nobody) until a
platform is set up, and `sendco-bot reminders` shows what is due.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from handlers.delivery import Channel


def delivery_channels(
    settings: Settings, sessions: sessionmaker[Session] | None = None
) -> list[Channel]:
    """The channels a scheduler running on its own (`sendco-bot scheduler`) delivers through.

    `sendco-bot run` passes the running Slack app's channel itself.
    """
    channels: list[Channel] = []
    if settings.slack_configured and sessions is not None:
        from bot.slack.app import slack_channel_from_settings  # only with Slack configured

        channels.append(slack_channel_from_settings(settings, sessions))
    if settings.teams_configured and sessions is not None:
        from bot.teams.delivery import TeamsChannel, bot_token_source  # only with Teams

        channels.append(TeamsChannel(sessions, bot_token_source(settings)))
    if settings.graph_mail_from and (settings.slack_configured or settings.teams_configured):
        from bot.mail import GraphMailChannel  # last: only when no chat can carry it

        channels.append(GraphMailChannel(settings))
    return channels


NO_PLATFORM = (
    "No chat platform is configured (Slack or Teams), so reminders wait in the outbox: "
    "nothing is lost, and they are delivered once a platform is set up. "
    "`sendco-bot reminders` shows what is due."
)
