"""`sendco-bot graph sync-staff`: msgraph-sdk reads the members of the configured Entra groups
from a loopback Graph (GRAPH_BASE_URL), authenticated with a token from the managed identity
endpoint, and the staff list is updated through `import staff` — roles from the groups, the
Entra object id as the Teams id, earlier Slack ids kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from storage.codes import Platform
from storage.models import PlatformIdentity, School, Staff
from tests.teams.conftest import APP_ID
from tests.teams.loopback import GraphCall, Microsoft, serve_graph

SENDCOS, TEACHERS = "11111111-aaaa-4aaa-8aaa-000000000001", "11111111-aaaa-4aaa-8aaa-000000000002"
SAM = ("aaaa0001-0000-4000-8000-000000000001", "Sam Sendco", "sam.sendco@hillside.example")
TOM = ("aaaa0002-0000-4000-8000-000000000002", "Tom Teacher", "Tom.Teacher@hillside.example")
PEOPLE = {SENDCOS: [SAM], TEACHERS: [SAM, TOM]}


def members(method: str, path: str, body: Any) -> tuple[int, Any]:
    """The members of a group: users, and a device that is not a person."""
    group = path.split("/groups/")[1].split("/")[0] if "/groups/" in path else ""
    if group not in PEOPLE:
        return 404, {"error": {"code": "Request_ResourceNotFound"}}
    users = [
        {"@odata.type": "#microsoft.graph.user", "id": oid, "displayName": name, "mail": mail,
         "userPrincipalName": mail}
        for oid, name, mail in PEOPLE[group]
    ]  # fmt: skip
    return 200, {"value": [*users, {"@odata.type": "#microsoft.graph.device", "id": "device-1"}]}


@pytest.fixture
def graph() -> Iterator[tuple[list[GraphCall], str]]:
    calls, base, server = serve_graph(members)
    yield calls, base
    server.shutdown()


def test_staff_come_from_the_directory_groups(
    graph: tuple[list[GraphCall], str], microsoft: Microsoft, db_url: str,
    sessions: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    calls, base = graph
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "DATABASE_URL": db_url, "CLIENT_ID": APP_ID, "CLIENT_SECRET": "",
        "GRAPH_BASE_URL": f"{base}/v1.0", "SCHOOL_NAME": "Hillside Primary",
        "GRAPH_STAFF_GROUPS": f"sendco={SENDCOS};teacher={TEACHERS}",
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    with sessions.begin() as session:
        school = School(name="Hillside Primary")
        session.add(school)
        session.flush()
        sam = Staff(school_id=school.id, email="sam.sendco@hillside.example", display_name="Sam")
        sam.identities = [PlatformIdentity(platform="slack", workspace_id="", external_id="U0SAM")]
        session.add(sam)

    result = CliRunner().invoke(app, ["graph", "sync-staff"])
    assert result.exit_code == 0, result.output
    assert "Read 2 people from 2 directory groups." in result.output
    assert "Imported 2 staff: 1 new, 1 updated, 0 unchanged" in result.output
    resources = {r for asked in microsoft.token_requests for r in asked.get("resource", [])}
    assert "https://graph.microsoft.com" in resources  # the managed identity, asked for Graph
    assert {call.auth for call in calls} == {f"Bearer {microsoft.bot_token}"}
    assert all(call.path.startswith("/v1.0/groups/") for call in calls)

    with sessions() as session:
        staff = {s.email: s for s in session.scalars(select(Staff))}
        assert set(staff) == {"sam.sendco@hillside.example", "tom.teacher@hillside.example"}
        assert staff["sam.sendco@hillside.example"].role_names == {"sendco", "teacher"}
        assert staff["tom.teacher@hillside.example"].role_names == {"teacher"}
        ids = {(s.email, i.platform, i.external_id) for s in staff.values() for i in s.identities}
        assert ("sam.sendco@hillside.example", "slack", "U0SAM") in ids  # kept
        assert ("tom.teacher@hillside.example", Platform.TEAMS.value,
                "aaaa0002-0000-4000-8000-000000000002") in ids  # fmt: skip

    again = CliRunner().invoke(app, ["graph", "sync-staff"])
    assert "0 new, 0 updated, 2 unchanged" in again.output, again.output


def test_groups_must_be_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLIENT_ID", APP_ID)
    monkeypatch.delenv("GRAPH_STAFF_GROUPS", raising=False)
    result = CliRunner().invoke(app, ["graph", "sync-staff"])
    assert result.exit_code == 2 and "Set GRAPH_STAFF_GROUPS" in result.output
    monkeypatch.setenv("GRAPH_STAFF_GROUPS", "wizard=abc")
    result = CliRunner().invoke(app, ["graph", "sync-staff"])
    assert result.exit_code == 2 and "'wizard' is not a role" in result.output
