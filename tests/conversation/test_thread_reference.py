"""A reply in a triage card's thread names no record: the card's reference is put where the
catalogue's phrases expect it, and only for people the action is offered to."""

from __future__ import annotations

import pytest

from handlers.conversation.actions import with_reference
from handlers.vocabulary import Actor
from storage.codes import Role

SENDCO = Actor(staff_id=1, school_id=1, roles=frozenset({Role.SENDCO}))
TEACHER = Actor(staff_id=2, school_id=1, roles=frozenset({Role.TEACHER}))


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("acknowledge", "acknowledge C-00007"),
        ("assign to me", "assign C-00007 to me"),
        ("close: spoke to parents", "close C-00007: spoke to parents"),
        ("monitor - check after half term", "monitor C-00007 - check after half term"),
        ("ask for more information: when did it start?",
         "ask for more information on C-00007: when did it start?"),
        ("open", "open C-00007"),
        ("close C-00003: wrong card", "close C-00003: wrong card"),  # names its own record
    ],
)  # fmt: skip
def test_the_reference_goes_where_the_phrase_wants_it(said: str, meant: str) -> None:
    assert with_reference(SENDCO, said, "C-00007") == meant


def test_chatter_and_actions_not_offered_get_nothing() -> None:
    assert with_reference(SENDCO, "shall we meet at 3?", "C-00007") is None
    assert with_reference(TEACHER, "acknowledge", "C-00007") is None  # not theirs to triage
    assert with_reference(TEACHER, "open", "C-00007") == "open C-00007"  # they may look
