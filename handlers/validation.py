"""Validating a handler's input with pydantic, turning errors into field-level messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handlers.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: M | Mapping[str, Any]) -> M:
    """`data` as a validated `model`, or `InvalidInput` naming each field that is wrong."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput.from_validation(error) from None
