"""A submitted modal's `view.state.values` as the plain values a handler takes.

Each input block's value is read by its element's type, so no form is needed to read it:
text as text (blank → ""), a single choice as its value (none → ""), multiple choices as a
list of values, a date as "YYYY-MM-DD", a number as its digits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MULTI = {
    "multi_static_select",
    "multi_external_select",
    "multi_users_select",
    "multi_conversations_select",
    "checkboxes",
}


def element_value(element: Mapping[str, Any]) -> Any:
    kind = element.get("type", "")
    if kind in MULTI:
        if kind == "multi_users_select":
            return [str(u) for u in element.get("selected_users") or []]
        return [str(o.get("value", "")) for o in element.get("selected_options") or []]
    if kind in ("static_select", "external_select", "radio_buttons"):
        selected = element.get("selected_option") or {}
        return str(selected.get("value", ""))
    if kind == "users_select":
        return str(element.get("selected_user") or "")
    if kind == "datepicker":
        return str(element.get("selected_date") or "")
    value = element.get("value")
    return "" if value is None else str(value)


def submitted_values(state_values: Mapping[str, Any]) -> dict[str, Any]:
    """block id → value, for every input block of the modal (one element per block)."""
    values: dict[str, Any] = {}
    for block_id, elements in state_values.items():
        if not isinstance(elements, Mapping):
            continue
        for element in elements.values():
            if isinstance(element, Mapping):
                values[str(block_id)] = element_value(element)
    return values
