"""Records out in the terminal chat: asked for in words, each file is saved in the exports
folder (readable by its owner only) and its path printed; a leaver is recorded; the records
past their retention date are listed and removed by typing the button's number."""

from __future__ import annotations

import io
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console import converse
from storage.models import AuditEvent, Pupil
from tests.worlds import World, world_upn

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


def chat(sessions: sessionmaker[Session], world: World, files: Path, *lines: str) -> str:
    said: list[str] = []
    converse(sessions=sessions, actor=world.actor("sendco"), messages=list(lines),
             write=said.append, clock=lambda: NOW, files_dir=files)  # fmt: skip
    return "\n".join(said)


def test_exports_asked_for_in_words_are_saved_as_files(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    text = chat(sessions, world, tmp_path,
                "export the register", "annual review", "yes",
                "transfer pack for Ravi", "moving school", "Sent to: Oakfield Primary", "yes",
                "what's the impact of the Plus One group?")  # fmt: skip
    register = tmp_path / "register-2026-11-23.xlsx"
    transfer = tmp_path / f"transfer-{world_upn(2)}-2026-11-23.xlsx"
    chart = tmp_path / "impact-I-00001.png"
    for path in (register, transfer, chart):
        assert f"→ saved {path}" in text
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert openpyxl.load_workbook(register)["register"]["A1"].value == "upn"
    assert openpyxl.load_workbook(transfer).sheetnames[0] == "pupil"
    assert Image.open(io.BytesIO(chart.read_bytes())).format == "PNG"
    with sessions() as session:
        sent = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "export:transfer")
        ).one()
    assert (
        sent.detail["recipient"] == "Oakfield Primary" and sent.detail["reason"] == "moving school"
    )
    # Asked again: a second file beside the first, never over it.
    again = chat(sessions, world, tmp_path, "export the register", "termly check", "yes")
    assert f"→ saved {tmp_path / 'register-2026-11-23-2.xlsx'}" in again


def test_a_leaver_then_the_retention_list_and_purge_by_button_number(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        session.get_one(Pupil, world.pupils["ravi"]).date_of_birth = date(1990, 3, 1)
    text = chat(sessions, world, tmp_path, "Ravi has left the school",
                "Moving to: Oakfield Primary", "yes")  # fmt: skip
    assert "Recorded: Ravi Shah left" in text and "Moving to: Oakfield Primary" in text
    listed = chat(sessions, world, tmp_path, "which records are past retention?")
    assert "1 leaver record(s) would be removed" in listed and "[1] Remove them now" in listed
    with sessions() as session:
        assert session.get(Pupil, world.pupils["ravi"]) is not None
    done = chat(sessions, world, tmp_path, "which records are past retention?", "1")
    assert "1 leaver record(s) removed" in done
    with sessions() as session:
        assert session.get(Pupil, world.pupils["ravi"]) is None
