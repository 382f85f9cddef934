"""The README's example conversation runs as printed: each `you>` line, in order, as the demo
school's SENDCO (whom `make run` chats as), and the records it promises are what is stored."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.conversation.dialogue import ChatContext, handle_message
from handlers.demo_school import SENDCO_EMAIL, build_demo_school
from handlers.identity import actor_by_email
from handlers.unit_of_work import perform
from storage.codes import Platform
from storage.models import Concern, InterventionSession

README = Path(__file__).resolve().parents[2] / "README.md"
WEDNESDAY = date(2026, 11, 25)


def readme_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [line.removeprefix("you> ") for line in text.splitlines() if line.startswith("you> ")]


def test_the_readme_conversation(sessions: sessionmaker[Session]) -> None:
    lines = readme_lines()
    assert len(lines) >= 4, lines
    with sessions.begin() as session:
        school = build_demo_school(session, today=WEDNESDAY)
        actor = actor_by_email(session, SENDCO_EMAIL, school_id=school.id)
    assert actor is not None
    context = ChatContext(
        platform=Platform.CONSOLE,
        conversation_key="readme",
        now=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
    )
    replies = [
        perform(sessions, handle_message, actor=actor, text=line, context=context).reply
        for line in lines
    ]
    titles = [reply.title for reply in replies]
    assert titles[0] == "Log this concern?"
    assert titles[1].startswith("Thank you: concern C-")
    assert titles[2] == "Log this session?"  # nothing already logged for the group that day
    assert titles[3].startswith("Session logged: Toe by Toe")
    assert titles[4].startswith("Since Monday")
    assert all(reply.ok for reply in replies), titles

    with sessions() as session:
        concern = session.scalars(select(Concern).where(Concern.source != "demo")).one()
        assert "two-step instructions" in concern.observed
        logged = session.scalars(
            select(InterventionSession).where(InterventionSession.source == "chat")
        ).one()
        assert (logged.held_on, logged.duration_minutes) == (WEDNESDAY, 25)
    said = "\n".join(replies[4].lines)
    assert concern_ref(concern.id) in said and "Toe by Toe" in said


def concern_ref(concern_id: int) -> str:
    return f"C-{concern_id:05d}"
