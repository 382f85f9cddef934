"""What the Slack app asks of a workspace: its commands, shortcuts, events and bot scopes.

The listeners register exactly these, and `manifest.yml` at the repository root declares
exactly these (tests/slack/test_manifest.py holds the two together).
"""

from __future__ import annotations

# Slash commands: command -> what it is for (the manifest's description).
CONCERN_COMMAND = "/concern"
SESSION_COMMAND = "/session"
ADVICE_COMMAND = "/ask-sendco"
LOOKUP_COMMAND = "/sen"
COMMANDS: dict[str, str] = {
    CONCERN_COMMAND: "Raise a concern about a pupil with the SENDCO",
    SESSION_COMMAND: "Log an intervention session",
    ADVICE_COMMAND: "Ask the SENDCO for advice",
    LOOKUP_COMMAND: "Look up a pupil, your concerns, requests or groups; /sen help",
}

# Shortcuts: callback id -> type ("global" | "message").
GLOBAL_SHORTCUT = "sendco.start"
MESSAGE_SHORTCUT = "concern.from_message"
SHORTCUTS: dict[str, str] = {GLOBAL_SHORTCUT: "global", MESSAGE_SHORTCUT: "message"}

# Bot events the app subscribes to.
BOT_EVENTS: tuple[str, ...] = (
    "app_home_opened",  # the home tab
    "app_mention",  # @sendco-bot in a channel
    "message.im",  # direct messages with the bot
    "message.groups",  # replies in the (private) triage channel's card threads
)

# Bot scopes, each for a reason (docs/slack.md lists them for the IT admin).
BOT_SCOPES: dict[str, str] = {
    "app_mentions:read": "hear @mentions (app_mention events)",
    "chat:write": "post replies, triage cards, direct messages, and update cards in place",
    "commands": "the slash commands and the shortcuts",
    "files:write": "upload an export or impact chart into the DM of the person who asked",
    "groups:history": "read replies in the private triage channel's card threads",
    "im:history": "read direct messages sent to the bot (message.im events)",
    "im:write": "open a direct message with a member of staff to tell them something",
    "users:read": "look a Slack user up (users.info) to match them to the staff list",
    "users:read.email": "see the email in users.info, matched to the staff list",
}
