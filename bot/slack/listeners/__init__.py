"""Bolt listeners, one module per kind of request (Bolt's starter-template layout)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners import actions, commands, events, messages, shortcuts, views


def register_all(app: App, deps: SlackDeps) -> None:
    """Wire every listener; the catch-all button listener goes last (Bolt runs the first
    listener that matches)."""
    for group in (commands, shortcuts, views, events, messages, actions):
        group.register(app, deps)
