"""Errors a person can act on. Adapters show the message; nothing is written on any of them."""

from __future__ import annotations

from pydantic import ValidationError


class HandlerError(Exception):
    """Base class: the message is safe to show to the member of staff who acted."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Denied(HandlerError):
    """The actor's roles do not allow this. Recorded in the audit trail."""

    def __init__(self, message: str, *, entity: str = "", entity_id: int | None = None) -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id


class NotFound(HandlerError):
    pass


class Conflict(HandlerError):
    """The record is not in a state that allows this (e.g. closing a closed concern)."""


class InvalidInput(HandlerError):
    """Field-level problems, keyed by field name, so a form can show each one inline."""

    def __init__(self, errors: dict[str, str]) -> None:
        summary = "; ".join(f"{name}: {problem}" for name, problem in errors.items())
        super().__init__(f"Please check: {summary}")
        self.errors = errors

    @classmethod
    def from_validation(cls, error: ValidationError) -> InvalidInput:
        errors: dict[str, str] = {}
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else "form"
            errors.setdefault(name, _plain(item["msg"]))
        return cls(errors)


def _plain(message: str) -> str:
    # pydantic prefixes custom errors with "Value error, "; staff need only the reason.
    return message.removeprefix("Value error, ")
