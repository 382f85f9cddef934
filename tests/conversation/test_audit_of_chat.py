"""What the chat shows or refuses is on record: a refused save, a "which pupil do you mean?"
list and a group's member list each leave an audit row, as `parse` and `reminders` do when
they print pupils."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from storage.models import AuditEvent, Pupil
from tests.conversation.test_dialogue import Chat
from tests.worlds import World


def audit_rows(sessions: sessionmaker[Session]) -> list[tuple[str, str, dict[str, object]]]:
    with sessions() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(row.action, row.entity, row.detail) for row in rows]


def test_a_save_refused_in_chat_is_audited_though_nothing_was_saved(
    world: World, sessions: sessionmaker[Session]
) -> None:
    chat = Chat(sessions, world, "head")
    refused = chat.say("did plus one with Ravi 20 mins")  # refused before any question
    assert not refused.ok
    assert ("deny", "chat:log_session", {"handler": "chat:log_session"}) in audit_rows(sessions)


def test_a_list_of_pupils_to_choose_from_is_audited(
    world: World, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        maya = session.get(Pupil, world.pupils["maya"])
        assert maya is not None
        other = Pupil(
            school_id=maya.school_id, upn="A123456789012", first_name="Maya",
            last_name="Brown", date_of_birth=maya.date_of_birth, year_group=3,
            class_name="3B", sen_status="N",
        )  # fmt: skip
        session.add(other)
        session.flush()
        both = sorted([maya.id, other.id])
    asked = Chat(sessions, world, "sendco").say("worried about Maya, she won't sit still")
    assert "Which pupil do you mean?" in asked.reply.text()
    [(action, _, detail)] = [r for r in audit_rows(sessions) if r[1] == "pupil_candidates"]
    assert action == "read" and sorted(detail["pupil_ids"]) == both  # type: ignore[arg-type]


def test_a_groups_member_list_is_audited(world: World, sessions: sessionmaker[Session]) -> None:
    reply = Chat(sessions, world, "sendco").say("who is in the plus one group?")
    assert "Ravi Shah" in reply.reply.text()
    [(action, _, detail)] = [r for r in audit_rows(sessions) if r[1] == "intervention_members"]
    assert action == "read" and world.pupils["ravi"] in detail["pupil_ids"]  # type: ignore[operator]


def test_parse_and_reminders_record_what_they_printed(
    world: World, db_url: str, sessions: sessionmaker[Session], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    email = world.actor("teacher_2c").email
    parsed = CliRunner().invoke(app, ["parse", "worried about Maya", "--as", email, "--json"])
    assert parsed.exit_code == 0, parsed.output
    assert ("read", "parse") in [(a, e) for a, e, _ in audit_rows(sessions)]
    assert os.environ["DATABASE_URL"] == db_url


def test_parse_refuses_a_reference_date_it_cannot_count_from(
    world: World, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["parse", "saw Maya yesterday", "--today", "0001-01-01"])
    assert result.exit_code == 2
    assert "between 1900 and 2199" in result.output
