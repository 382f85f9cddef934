"""Small adapters that give every handler the catalogue's calling convention
(session, actor, now, the record's id, data), where a handler takes less."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers.clock import school_today
from handlers.vocabulary import Outcome

Handler = Callable[..., Outcome]


def without(handler: Handler, *names: str) -> Handler:
    """`handler`, ignoring the keyword arguments it does not take (`now`, a record's id that
    the form already carries as a field)."""

    def call(**kwargs: Any) -> Outcome:
        for name in names:
            kwargs.pop(name, None)
        return handler(**kwargs)

    call.__name__ = getattr(handler, "__name__", "handler")
    return call


def with_today(handler: Handler) -> Handler:
    """`handler(on=…)` for reports that take the school day rather than the moment."""

    def call(**kwargs: Any) -> Outcome:
        kwargs["on"] = school_today(kwargs.pop("now"))
        return handler(**kwargs)

    call.__name__ = getattr(handler, "__name__", "handler")
    return call
