"""The Teams app package (`sendco-bot teams package --out FILE.zip`): manifest.json (schema
1.29) with the bot, its commands from the action catalogue, valid domains and the two icons.

A school's IT admin uploads the zip in the Teams admin centre (or "Upload a custom app").
The app id is derived from the bot's client id, so a rebuilt package updates the same app.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.teams.icons import ACCENT, color_icon, outline_icon
from handlers.catalogue import CATALOGUE

MANIFEST_SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json"
)
# The commands Teams lists under the bot, in order (at most 12 per scope): what most staff
# do, then the SENDCO's everyday questions. Every other action is reachable by saying it.
COMMANDS = (
    "concern.log",
    "session.log",
    "advice.ask",
    "concern.queue",
    "reviews.due",
    "register.counts",
    "training.gaps",
    "reminder.mine",
    "training.mine",
)


class PackageError(ValueError):
    """The settings cannot make a package; the message says which to set."""


def app_id(client_id: str) -> str:
    """The Teams app id: stable for a bot, so a new package updates the installed app."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sendco-bot:teams-app:{client_id}"))


def commands() -> list[dict[str, str]]:
    listed = [{"title": "help", "description": "What I can do for you, and how to say it"}]
    for name in COMMANDS:
        action = CATALOGUE.get(name)
        if action is None:
            continue
        example = action.examples[0] if action.examples else action.label
        listed.append({"title": action.label[:32], "description": f"e.g. “{example}”"})
    return listed


def build_manifest(settings: Settings) -> dict[str, Any]:
    if not settings.client_id:
        raise PackageError("Set CLIENT_ID (the bot's Microsoft app id) before packaging.")
    try:
        uuid.UUID(settings.client_id)
    except ValueError:
        raise PackageError(
            f"CLIENT_ID {settings.client_id!r} is not an app id: it is a GUID like "
            "00000000-0000-0000-0000-000000000000, from the Azure bot's configuration."
        ) from None
    domain = settings.teams_app_domain
    if not domain:
        raise PackageError(
            "Set TEAMS_APP_DOMAIN to the public host name the bot is served on "
            "(e.g. sendco.hillside.sch.uk): Teams only talks to listed domains."
        )
    site = f"https://{domain}"
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": "1.29",
        "version": settings.teams_app_version,
        "id": app_id(settings.client_id),
        "developer": {
            "name": settings.school_name[:32],
            "websiteUrl": f"{site}/",
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": "sendco-bot", "full": f"sendco-bot for {settings.school_name}"[:100]},
        "description": {
            "short": "Tell the SENDCO, log interventions, get SEND reminders.",
            "full": (
                "sendco-bot keeps the school's SEND records from what staff already say: "
                "concerns about pupils go to the SENDCO's triage queue, intervention sessions "
                "are logged in one line, questions reach the SENDCO, and reminders arrive "
                "before reviews and statutory deadlines. Anything that sounds like a child at "
                "risk of harm goes to the designated safeguarding lead, never into a SEND record."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT[:3]),
        "bots": [
            {
                "botId": settings.client_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": True,  # exports arrive by file consent card (bot/teams/files.py)
                "isNotificationOnly": False,
                "commandLists": [{"scopes": ["personal"], "commands": commands()}],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [domain],
    }


def write_package(settings: Settings, out: Path) -> dict[str, Any]:
    """Write the zip (manifest.json and the icons at its root) and return the manifest."""
    manifest = build_manifest(settings)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    partial.replace(out)  # the zip appears whole
    return manifest
