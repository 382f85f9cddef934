"""`sendco-bot teams package`: a zip Teams accepts — manifest.json valid against the vendor's
v1.29 schema (tests/fixtures/schemas, Draft 7 validation), icons of the sizes Teams asks for,
and commands from the action catalogue."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.teams.package import app_id

SCHEMA = Path(__file__).parents[1] / "fixtures" / "schemas" / "teams-manifest.schema.json"
CLIENT_ID = "2e6f3f4a-8d1b-4c3e-9a7f-1b2c3d4e5f60"  # fictional


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("TEAMS_APP_DOMAIN", "sendco.hillside.example")
    monkeypatch.setenv("SCHOOL_NAME", "Hillside Primary")


def size_of(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_package_is_valid_for_teams(tmp_path: Path) -> None:
    out = tmp_path / "teams.zip"
    result = CliRunner().invoke(app, ["teams", "package", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"app {app_id(CLIENT_ID)} version 1.0.0" in result.output

    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        assert size_of(package.read("color.png")) == (192, 192)
        assert size_of(package.read("outline.png")) == (32, 32)

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(manifest)
    assert manifest["bots"][0]["botId"] == CLIENT_ID
    assert manifest["bots"][0]["supportsFiles"] is True  # exports come by file consent card
    assert manifest["validDomains"] == ["sendco.hillside.example"]
    titles = [c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]]
    assert titles[:4] == ["help", "Raise a concern", "Log a session", "Ask the SENDCO"]
    assert "Triage queue" in titles and len(titles) <= 12


def test_the_same_bot_keeps_the_same_app_id(tmp_path: Path) -> None:
    for name in ("a.zip", "b.zip"):
        assert CliRunner().invoke(app, ["teams", "package", "--out", name]).exit_code == 0
    ids = {json.loads(zipfile.ZipFile(tmp_path / n).read("manifest.json"))["id"]
           for n in ("a.zip", "b.zip")}  # fmt: skip
    assert ids == {app_id(CLIENT_ID)}


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("CLIENT_ID", "not-a-guid", "is not an app id"),
        ("TEAMS_APP_DOMAIN", "", "Set TEAMS_APP_DOMAIN"),
    ],
)
def test_missing_settings_are_named(
    variable: str, value: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    result = CliRunner().invoke(app, ["teams", "package", "--out", "x.zip"])
    assert result.exit_code == 2 and said in result.output
    assert not (tmp_path / "x.zip").exists()


def test_an_invalid_manifest_is_caught_by_the_schema() -> None:
    """The check can fail: a manifest missing its required parts is refused."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate({"manifestVersion": "1.29"})
