"""`sendco-bot graph sync-staff`: msgraph-sdk reads the members of the configured Entra groups
from a loopback Graph (GRAPH_BASE_URL), authenticated with a token from the managed identity
endpoint, and the staff list is updated through `import staff` — roles from the groups, the
Entra object id as the Teams id, earlier Slack ids kept."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
from tests.teams.loopback import IDENTITY_HEADER

SENDCOS, TEACHERS = "11111111-aaaa-4aaa-8aaa-000000000001", "11111111-aaaa-4aaa-8aaa-000000000002"
SAM = ("aaaa0001-0000-4000-8000-000000000001", "Sam Sendco", "sam.sendco@hillside.example")
TOM = ("aaaa0002-0000-4000-8000-000000000002", "Tom Teacher", "Tom.Teacher@hillside.example")
PEOPLE = {SENDCOS: [SAM], TEACHERS: [SAM, TOM]}


class Graph:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (path, authorization)
        self.token_requests = 0


@pytest.fixture
def graph(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Graph, str]]:
    seen = Graph()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, body: Any, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.startswith("/msi/token"):
                assert self.headers.get("X-IDENTITY-HEADER") == IDENTITY_HEADER
                seen.token_requests += 1
                self._json({"access_token": "graph-token", "token_type": "Bearer",
                            "expires_on": str(int(time.time()) + 3600),
                            "resource": "https://graph.microsoft.com"})  # fmt: skip
                return
            seen.requests.append((self.path, self.headers.get("Authorization", "")))
            group = self.path.split("/groups/")[1].split("/")[0] if "/groups/" in self.path else ""
            if group not in PEOPLE:
                self._json({"error": {"code": "Request_ResourceNotFound"}}, 404)
                return
            members = [
                {
                    "@odata.type": "#microsoft.graph.user",
                    "id": oid,
                    "displayName": name,
                    "mail": mail,
                    "userPrincipalName": mail,
                }
                for oid, name, mail in PEOPLE[group]
            ]
            members.append({"@odata.type": "#microsoft.graph.device", "id": "device-1"})
            self._json({"value": members})  # fmt: skip

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("IDENTITY_ENDPOINT", f"{base}/msi/token")
    monkeypatch.setenv("IDENTITY_HEADER", IDENTITY_HEADER)
    yield seen, base
    server.shutdown()


def test_staff_come_from_the_directory_groups(
    graph: tuple[Graph, str], db_url: str, sessions: sessionmaker[Session], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    seen, base = graph
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
    assert seen.token_requests >= 1
    assert {auth for _, auth in seen.requests} == {"Bearer graph-token"}
    assert all(path.startswith("/v1.0/groups/") for path, _ in seen.requests)

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
