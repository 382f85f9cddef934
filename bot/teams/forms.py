"""A handler's `Form` as an Adaptive Card, submitted with `Action.Execute`: Teams sends the
answers as an `adaptiveCard/action` invoke and shows the card we return in place of the form
— the saved record, or the same form with each problem under its field and the answers kept.

Pupil pickers look pupils up as the person types (`Data.Query` typeahead, answered from
handlers.pickers), as a whole school's pupils are too many to list in a card.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.vocabulary import Choice, Field, FieldKind, Form

SUBMIT = "sendco_submit"  # the Action.Execute verb of a form card
FORM = "sendco_form"  # the data key naming the catalogue action
IDS = "sendco_ids"  # and the record ids it acts on


def form_card(
    form: Form,
    ids: Mapping[str, int],
    *,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    labels: Mapping[str, tuple[Choice, ...]] | None = None,
) -> dict[str, Any]:
    """The form; `values` and `errors` when it comes back with problems, `labels` the names
    of pupils already chosen in a typeahead picker (so they show, not their ids)."""
    values, errors, labels = values or {}, errors or {}, labels or {}
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": form.title,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        }
    ]
    general = errors.get("form") or errors.get("")
    if general:
        body.append({"type": "TextBlock", "text": general, "color": "Attention", "wrap": True})
    for fld in form.fields:
        value = values.get(fld.name, fld.initial)
        body.append(_input(fld, value, labels.get(fld.name, ())))
        if fld.help:
            body.append({"type": "TextBlock", "text": fld.help, "isSubtle": True, "wrap": True,
                         "size": "Small"})  # fmt: skip
        if fld.name in errors:
            body.append({"type": "TextBlock", "text": errors[fld.name], "color": "Attention",
                         "wrap": True})  # fmt: skip
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "actions": [
            {
                "type": "Action.Execute",
                "title": form.submit_label,
                "verb": SUBMIT,
                "data": {FORM: form.action, IDS: dict(ids)},
            }
        ],
    }


def _input(fld: Field, value: Any, known: tuple[Choice, ...]) -> dict[str, Any]:
    base: dict[str, Any] = {"id": fld.name, "label": fld.label, "isRequired": fld.required}
    if fld.required:
        base["errorMessage"] = f"{fld.label} is needed"
    text = _as_text(value)
    if fld.kind in (FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT):
        element = {"type": "Input.Text", "isMultiline": fld.kind == FieldKind.LONG_TEXT}
    elif fld.kind == FieldKind.DATE:
        element = {"type": "Input.Date"}
    elif fld.kind == FieldKind.NUMBER:
        element = {"type": "Input.Number"}
    else:
        multiple = fld.multiple or fld.kind == FieldKind.MULTI_CHOICE
        choices = list(fld.choices) or list(known)
        element = {
            "type": "Input.ChoiceSet",
            "isMultiSelect": multiple,
            "style": "filtered" if fld.search or len(choices) > 8 else "compact",
            "choices": [{"title": c.label, "value": c.value} for c in choices],
        }
        if fld.search:
            element["choices.data"] = {"type": "Data.Query", "dataset": fld.search}
    if text:
        element["value"] = text
    return base | element


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def submitted(form: Form, data: Mapping[str, Any]) -> dict[str, Any]:
    """The card's answers as the handler takes them: several choices as a list, blanks as ""."""
    values: dict[str, Any] = {}
    for fld in form.fields:
        raw = data.get(fld.name)
        text = "" if raw is None else str(raw).strip()
        multiple = fld.multiple or fld.kind == FieldKind.MULTI_CHOICE
        values[fld.name] = [v for v in text.split(",") if v] if multiple else text
    return values
