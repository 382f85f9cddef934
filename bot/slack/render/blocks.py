"""A `Reply` as Block Kit: its title, label/value fields, free lines and buttons.

Privacy is the handler's business: a `Reply` marked for a channel already holds no pupil
names, and it is rendered as given. Slack's limits are respected by cutting, never by failing:
text lengths, ten fields to a section, 25 buttons to an actions block, 50 blocks a message.
"""

from __future__ import annotations

from typing import Any

from handlers.vocabulary import Button, Reply

Block = dict[str, Any]

SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
BUTTONS_PER_BLOCK = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
MESSAGE_BLOCKS = 50
FALLBACK_TEXT = 3000
DUPLICATE_MARK = "~"  # action ids must be unique in a block: "concern.open~2"


def escape(text: str) -> str:
    """Slack's three control characters, escaped as Slack asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": cut(text, SECTION_TEXT)}


def plain(text: str, limit: int = SECTION_TEXT) -> Block:
    return {"type": "plain_text", "text": cut(text or " ", limit), "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def title_text(title: str) -> str:
    first, *rest = title.splitlines() or [""]
    return "\n".join([f"*{escape(first)}*", *(escape(line) for line in rest)])


def field_sections(fields: tuple[tuple[str, str], ...]) -> list[Block]:
    blocks: list[Block] = []
    for start in range(0, len(fields), FIELDS_PER_SECTION):
        chunk = fields[start : start + FIELDS_PER_SECTION]
        blocks.append(
            {
                "type": "section",
                "fields": [
                    mrkdwn(cut(f"*{escape(label)}*\n{escape(value or '-')}", FIELD_TEXT))
                    for label, value in chunk
                ],
            }
        )
    return blocks


def line_sections(lines: tuple[str, ...]) -> list[Block]:
    """Free lines, packed into as few sections as fit."""
    blocks: list[Block] = []
    current: list[str] = []
    size = 0
    for line in (escape(text) for text in lines):
        if current and size + len(line) + 1 > SECTION_TEXT:
            blocks.append(section("\n".join(current)))
            current, size = [], 0
        current.append(cut(line, SECTION_TEXT))
        size += len(current[-1]) + 1
    if current:
        blocks.append(section("\n".join(current)))
    return blocks


def button_element(button: Button, action_id: str) -> Block:
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "text": plain(button.label, BUTTON_TEXT),
        "value": cut(button.value, BUTTON_VALUE) or "-",
    }
    if button.style in ("primary", "danger"):
        element["style"] = button.style
    return element


def action_blocks(buttons: tuple[Button, ...], *, block_prefix: str = "buttons") -> list[Block]:
    """Buttons, with an action id per button that is unique in its block: the handler's
    action, suffixed "~n" when the same action appears again (listeners allow the suffix)."""
    blocks: list[Block] = []
    for start in range(0, len(buttons), BUTTONS_PER_BLOCK):
        seen: dict[str, int] = {}
        elements = []
        for button in buttons[start : start + BUTTONS_PER_BLOCK]:
            count = seen.get(button.action, 0)
            seen[button.action] = count + 1
            action_id = button.action if not count else f"{button.action}{DUPLICATE_MARK}{count}"
            elements.append(button_element(button, action_id))
        blocks.append(
            {"type": "actions", "block_id": f"{block_prefix}-{len(blocks)}", "elements": elements}
        )
    return blocks


def reply_blocks(
    reply: Reply,
    *,
    max_lines: int | None = None,
    max_buttons: int | None = None,
    max_blocks: int = MESSAGE_BLOCKS,
) -> list[Block]:
    """The reply as blocks; `max_lines`/`max_buttons` shorten long lists (the home tab)."""
    lines = reply.lines
    if max_lines is not None and len(lines) > max_lines:
        lines = (*lines[:max_lines], f"… and {len(lines) - max_lines} more")
    buttons = reply.buttons if max_buttons is None else reply.buttons[:max_buttons]
    blocks = [section(title_text(reply.title))]
    blocks += field_sections(reply.fields)
    blocks += line_sections(lines)
    blocks += action_blocks(buttons)
    if len(blocks) > max_blocks:
        blocks = [*blocks[: max_blocks - 1], section("_… cut short: more than Slack can show._")]
    return blocks


def fallback_text(reply: Reply) -> str:
    """The plain text Slack shows in notifications and where blocks can't be shown."""
    return cut(reply.text(), FALLBACK_TEXT)
