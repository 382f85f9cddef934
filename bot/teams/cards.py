"""A handler's `Reply` as an Adaptive Card (schema 1.5, what Teams renders): the title, the
fields as a fact set, the lines, and the buttons as `Action.Submit` actions whose data names
the catalogue action and record, so a press comes back as a message the bot can act on."""

from __future__ import annotations

from typing import Any

from handlers.vocabulary import Reply

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
PRESS = "sendco_press"  # the key in a button's data that marks it as a press


def reply_card(reply: Reply) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": reply.title,
            "weight": "Bolder",
            "wrap": True,
            **({} if reply.ok else {"color": "Attention"}),
        }
    ]
    if reply.fields:
        body.append(
            {
                "type": "FactSet",
                "facts": [{"title": label, "value": value} for label, value in reply.fields],
            }
        )
    body += [{"type": "TextBlock", "text": line, "wrap": True} for line in reply.lines]
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
    }
    if reply.buttons:
        card["actions"] = [
            {
                "type": "Action.Submit",
                "title": button.label,
                "data": {PRESS: button.action, "value": button.value},
            }
            for button in reply.buttons
        ]
    return card


def pressed(value: Any) -> tuple[str, str] | None:
    """(action, record value) when a message carries a button press from one of our cards."""
    if isinstance(value, dict) and isinstance(value.get(PRESS), str):
        return value[PRESS], str(value.get("value") or "")
    return None
