"""Pickers whose options are looked up as the person types (`Field.search`), for choices too
many to list: every surface asks here, by the field's search name, for the options matching
what was typed, and for the labels of the values already chosen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from handlers.concerns.lookups import SCHOOL_PUPILS, pupil_choices
from handlers.vocabulary import Actor, Choice

MAX_OPTIONS = 100  # Slack shows at most 100 options

Search = Callable[[Session, Actor, str], tuple[Choice, ...]]
Labels = Callable[[Session, Actor, Sequence[int]], tuple[Choice, ...]]

SEARCHES: dict[str, tuple[Search, Labels]] = {
    SCHOOL_PUPILS: (
        lambda s, a, q: pupil_choices(s, a.school_id, query=q, limit=MAX_OPTIONS),
        lambda s, a, ids: pupil_choices(s, a.school_id, ids=ids),
    ),
}


def search_options(session: Session, actor: Actor, search: str, query: str) -> tuple[Choice, ...]:
    """The options of picker `search` matching `query` (every word in it)."""
    found = SEARCHES.get(search)
    return found[0](session, actor, query) if found else ()


def chosen_labels(
    session: Session, actor: Actor, search: str, values: Sequence[str]
) -> tuple[Choice, ...]:
    """The options for values already chosen (a prefilled form shows their labels)."""
    found = SEARCHES.get(search)
    ids = [int(v) for v in values if str(v).isdigit()]
    return found[1](session, actor, ids) if found and ids else ()
