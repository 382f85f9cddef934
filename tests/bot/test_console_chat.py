"""A scripted conversation through the console adapter: `sendco-bot chat`, lines on stdin,
records in the database afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot import console
from bot.cli import app
from handlers.vocabulary import Outcome
from storage.database import make_engine, session_factory
from storage.models import (
    AdviceRequest,
    Concern,
    Intervention,
    InterventionMember,
    InterventionSession,
    Pupil,
    SessionAttendance,
    Staff,
)


@pytest.fixture
def chat_db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return db_url


def chat(as_email: str, *lines: str) -> str:
    result = CliRunner().invoke(app, ["chat", "--as", as_email], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def test_a_teacher_a_ta_and_the_sendco_keep_records_by_chatting(chat_db: str) -> None:
    teacher = chat(
        "teacher.2c@oakfield.example",
        "worried about Orla in 2C - she isn't following two-step instructions",
        "yes",
    )
    assert "Log this concern?" in teacher and "Orla Taylor (2C)" in teacher
    assert "concern C-" in teacher

    ta = chat(
        "karen.doyle@oakfield.example",
        "did toe by toe with the group yesterday",
        "25 mins",
        "yes",
    )
    assert "How long was the session?" in ta and "Session logged" in ta

    sendco = chat(
        "teacher.4h@oakfield.example",
        "can I get some advice about Noah W? he finds the change after lunch really hard",
        "yes",
    )
    assert "Send this to the SENDCO?" in sendco

    engine = make_engine(chat_db)
    with session_factory(engine)() as session:
        concern = session.scalars(select(Concern).where(Concern.source != "demo")).one()
        orla = session.scalars(select(Pupil).where(Pupil.first_name == "Orla")).one()
        assert [p.pupil_id for p in concern.pupils] == [orla.id]
        assert [a.area for a in concern.areas] == ["communication_and_interaction"]

        sitting = session.scalars(
            select(InterventionSession).where(InterventionSession.source == "chat")
        ).one()
        group = session.get(Intervention, sitting.intervention_id)
        assert group is not None and group.programme == "Toe by Toe"
        assert sitting.duration_minutes == 25
        members = set(
            session.scalars(
                select(InterventionMember.pupil_id).where(
                    InterventionMember.intervention_id == group.id,
                    InterventionMember.left_on.is_(None),
                )
            )
        )
        present = set(
            session.scalars(
                select(SessionAttendance.pupil_id).where(
                    SessionAttendance.session_id == sitting.id, SessionAttendance.present
                )
            )
        )
        assert present == members and len(members) >= 3

        request = session.scalars(select(AdviceRequest).where(AdviceRequest.source != "demo")).one()
        noah = session.scalars(
            select(Pupil).where(Pupil.first_name == "Noah", Pupil.last_name == "Williams")
        ).one()
        asker = session.get(Staff, request.asked_by_id)
        assert request.pupil_id == noah.id
        assert asker is not None and asker.email == "teacher.4h@oakfield.example"
    engine.dispose()


def test_chat_as_an_unknown_email_says_so(chat_db: str) -> None:
    result = CliRunner().invoke(app, ["chat", "--as", "nobody@oakfield.example"], input="hi\n")
    assert result.exit_code == 2
    assert "No active member of staff" in result.output


def test_a_failure_inside_the_bot_is_said_and_the_chat_goes_on(
    chat_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = console.handle_message

    def flaky(**kwargs: Any) -> Outcome:
        if kwargs["text"] == "boom":
            raise TypeError("a bug")
        return real(**kwargs)

    monkeypatch.setattr(console, "handle_message", flaky)
    said = chat(
        "teacher.2c@oakfield.example",
        "worried about Orla in 2C - she isn't following two-step instructions",
        "boom",
        "yes",
    )
    assert "something went wrong on my side, and nothing was saved" in said
    assert "Your earlier answers are kept." in said
    assert "Traceback" not in said
    engine = make_engine(chat_db)
    with session_factory(engine)() as session:
        concern = session.scalars(select(Concern).where(Concern.source != "demo")).one()
        assert "two-step instructions" in concern.observed  # the draft survived the failure
    engine.dispose()
