"""A handler's `Form` as a Slack modal, and replies shown in a modal.

Each field becomes an input block whose block id and action id are the field's name, so a
submission's values map straight back to the handler's input and a handler's error for a
field shows inline beside it (`response_action: errors`). The form's action and the record
ids it needs ride in `private_metadata`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.slack.render.blocks import Block, cut, escape, plain, reply_blocks, section
from handlers.vocabulary import Choice, Field, FieldKind, Form, Reply

FORM_CALLBACK_PREFIX = "form:"
MODAL_TITLE = 24
MODAL_BLOCKS = 100
MAX_STATIC_OPTIONS = 100
OPTION_TEXT = 75
OPTION_VALUE = 150
LABEL_TEXT = 2000
HINT_TEXT = 2000


@dataclass(frozen=True)
class FormContext:
    """What a modal must remember until it is submitted (its `private_metadata`)."""

    action: str
    ids: dict[str, int] = field(default_factory=dict)  # e.g. {"concern_id": 12}
    channel: str = ""  # where it was opened from, if anywhere
    thread_ts: str = ""

    def encode(self) -> str:
        data = {"a": self.action, "i": self.ids, "c": self.channel, "t": self.thread_ts}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str) -> FormContext:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        ids = data.get("i") or {}
        return cls(
            action=str(data.get("a", "")),
            ids={str(k): int(v) for k, v in ids.items()} if isinstance(ids, dict) else {},
            channel=str(data.get("c", "")),
            thread_ts=str(data.get("t", "")),
        )


def option(choice: Choice) -> Block:
    return {"text": plain(choice.label, OPTION_TEXT), "value": cut(choice.value, OPTION_VALUE)}


def _values(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [str(item) for item in items if item is not None and str(item) != ""]


def _select(fld: Field, chosen: list[str]) -> Block:
    external = bool(fld.search) or len(fld.choices) > MAX_STATIC_OPTIONS
    multiple = fld.multiple or fld.kind == FieldKind.MULTI_CHOICE
    kind = ("multi_" if multiple else "") + ("external_select" if external else "static_select")
    element: Block = {"type": kind, "placeholder": plain("Choose…" if not external else "Type…")}
    if external:
        element["min_query_length"] = 1
    else:
        element["options"] = [option(c) for c in fld.choices]
    picked = [c for c in fld.choices if c.value in chosen]
    if picked and multiple:
        element["initial_options"] = [option(c) for c in picked]
    elif picked:
        element["initial_option"] = option(picked[0])
    return element


def element_for(fld: Field, initial: Any) -> Block | None:
    """The input element for one field, or None when there is nothing to choose from."""
    chosen = _values(initial)
    kind = fld.kind
    if kind in (FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT):
        element: Block = {"type": "plain_text_input", "multiline": kind == FieldKind.LONG_TEXT}
        if chosen:
            element["initial_value"] = chosen[0]
        return element
    if kind == FieldKind.DATE:
        element = {"type": "datepicker"}
        if chosen:
            element["initial_date"] = chosen[0]
        return element
    if kind == FieldKind.NUMBER:
        element = {"type": "number_input", "is_decimal_allowed": False}
        if chosen:
            element["initial_value"] = chosen[0]
        return element
    if kind == FieldKind.STAFF and not fld.choices:
        return {"type": "multi_users_select" if fld.multiple else "users_select"}
    if not (fld.choices or fld.search):
        return None
    return _select(fld, chosen)


def input_block(fld: Field, initial: Any, *, refresh: bool = False) -> Block | None:
    element = element_for(fld, initial)
    if element is None:
        return None
    element["action_id"] = fld.name
    block: Block = {
        "type": "input",
        "block_id": fld.name,
        "label": plain(fld.label, LABEL_TEXT),
        "optional": not fld.required,
        "element": element,
    }
    if fld.help:
        block["hint"] = plain(fld.help, HINT_TEXT)
    if refresh:
        block["dispatch_action"] = True
    return block


def form_view(
    form: Form,
    *,
    context: FormContext,
    initial: Mapping[str, Any] | None = None,
    refresh_on: frozenset[str] = frozenset(),
    note: str = "",
) -> Block:
    """The modal for `form`. `initial` values (prefilled from what was typed) win over the
    form's own; fields named in `refresh_on` rebuild the modal when changed."""
    given = dict(initial or {})
    blocks: list[Block] = [section(note)] if note else []
    if len(form.title) > MODAL_TITLE:  # Slack cuts titles short: say it in full below
        blocks.insert(0, section(f"*{escape(form.title)}*"))
    for fld in form.fields:
        value = given.get(fld.name)
        if value in (None, "", []):
            value = fld.initial
        block = input_block(fld, value, refresh=fld.name in refresh_on)
        if block is not None:
            blocks.append(block)
        elif fld.required:
            blocks.append(section(f"_{fld.label}: there is nothing you can choose here._"))
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK_PREFIX + form.action,
        "title": plain(form.title, MODAL_TITLE),
        "submit": plain(form.submit_label, MODAL_TITLE),
        "close": plain("Cancel", MODAL_TITLE),
        "private_metadata": context.encode(),
        "blocks": blocks[:MODAL_BLOCKS],
    }


def reply_view(reply: Reply, *, title: str = "sendco-bot") -> Block:
    """A reply shown in a modal (a record opened, a form saved): read-only, with its buttons."""
    return {
        "type": "modal",
        "callback_id": "reply",
        "title": plain(title, MODAL_TITLE),
        "close": plain("Close", MODAL_TITLE),
        "blocks": reply_blocks(reply, max_blocks=MODAL_BLOCKS),
    }


def input_block_ids(view: Mapping[str, Any]) -> list[str]:
    """The block ids of a view's input blocks, in order (errors may only name these)."""
    return [
        str(b.get("block_id"))
        for b in view.get("blocks", [])
        if isinstance(b, dict) and b.get("type") == "input"
    ]


def field_errors(view: Mapping[str, Any], errors: Mapping[str, str]) -> dict[str, str]:
    """A handler's errors by field, as Slack's errors by block: a field not shown in the
    modal (or a form-wide problem) is told on the first input block."""
    blocks = input_block_ids(view)
    if not blocks:
        return {}
    shown: dict[str, str] = {}
    for name, problem in errors.items():
        target = name if name in blocks else blocks[0]
        shown[target] = cut(f"{shown[target]} {problem}" if target in shown else problem, 2000)
    return shown
