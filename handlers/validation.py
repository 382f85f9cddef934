"""Validating a handler's input with pydantic, turning errors into field-level messages a
person can act on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from handlers.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)


class HintedInput(BaseModel):
    """An input model whose missing or mistyped fields get a hint, not pydantic's wording.

    `HINTS` maps a field name to what to tell the person when the value is missing or not of
    the right type ("Say how long the session lasted, in minutes"). Messages raised by the
    model's own validators are shown as they are.
    """

    model_config = ConfigDict(str_strip_whitespace=True)
    HINTS: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _blank_means_not_given(cls, data: Any) -> Any:
        """A blank answer to an optional question (a form sends "") takes the default."""
        if not isinstance(data, Mapping):
            return data
        return {
            key: value
            for key, value in data.items()
            if not (
                (value is None or (isinstance(value, str) and not value.strip()))
                and key in cls.model_fields
                and not cls.model_fields[key].is_required()
            )
        }


def parse(model: type[M], data: M | Mapping[str, Any]) -> M:
    """`data` as a validated `model`, or `InvalidInput` with one message per field.

    Messages from the model's own validators are shown as they are; for a missing or
    mistyped field, a `HintedInput`'s hint replaces pydantic's wording.
    """
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        hints: dict[str, str] = getattr(model, "HINTS", {})
        errors: dict[str, str] = {}
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else "form"
            if item["type"] == "value_error":
                message = str(item["msg"]).removeprefix("Value error, ")
            else:
                message = hints.get(name, str(item["msg"]))
            errors.setdefault(name, message)
        raise InvalidInput(errors) from None
