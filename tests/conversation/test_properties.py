"""No message, however odd, crashes the parser or the chat."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from handlers.conversation.dialogue import ChatContext, handle_message
from handlers.conversation.pupils import PupilRef, Roster
from handlers.conversation.understand import understand
from handlers.unit_of_work import perform
from storage.codes import Platform
from tests.worlds import World

ROSTER = Roster(
    [
        PupilRef(1, "A201000126001", "Maya", "Patel", None, "2C", 2),
        PupilRef(2, "B201000126002", "Mohammed", "Hussain", None, "3H", 3),
        PupilRef(3, "C201000126003", "Mohammed", "Rahman", None, "5C", 5),
        PupilRef(4, "D201000126004", "Alexander", "Abdi", "Alex", "1C", 1),
    ]
)

ODD_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00\x01\x1b[31m",
            "'; DROP TABLE pupils; --",
            "<script>alert(1)</script>",
            "*bold* _it_ `code` <@U123> <!channel>",
            "😀😢🙈 maya 20 mins 🧸",
            "\u202e\u200b\ufeff maya",
            "20 mins " * 500,
            "Mohammed " * 300,
            "99999999999999999999 minutes on 99/99/9999",
            "yes",
            "cancel",
        ]
    ),
    st.text(max_size=10_000).map(lambda s: s + "x" * (10_000 - len(s))),
)


@settings(max_examples=300, deadline=None)
@given(ODD_TEXT)
def test_the_parser_never_crashes_and_always_answers_in_contract_shape(text: str) -> None:
    result = understand(text, roster=ROSTER, today=date(2026, 11, 25))
    contract = json.loads(json.dumps(result.as_contract()))
    assert set(contract) >= {
        "intent", "pupils", "candidates", "area_of_need", "intervention",
        "duration_minutes", "date", "missing",
    }  # fmt: skip
    assert set(contract["pupils"]).isdisjoint(contract["candidates"])
    assert contract["duration_minutes"] is None or contract["duration_minutes"] >= 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(messages=st.lists(ODD_TEXT, min_size=1, max_size=4))
def test_the_chat_never_crashes_on_odd_messages(
    messages: list[str], world: World, sessions: sessionmaker[Session]
) -> None:
    actor = world.actor("ta")
    for text in messages:
        context = ChatContext(
            platform=Platform.CONSOLE,
            conversation_key="property",
            now=datetime(2026, 11, 25, 10, tzinfo=UTC),
        )
        outcome = perform(sessions, handle_message, actor=actor, text=text, context=context)
        assert outcome.reply.title
