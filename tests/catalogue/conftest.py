"""The Slack fixtures (a real Bolt app over HTTP, a loopback Slack API) for the catalogue's
surface tests."""

from tests.slack.conftest import bot, slack_api, slack_world

__all__ = ["bot", "slack_api", "slack_world"]
