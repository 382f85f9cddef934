"""Fixtures for the Teams tests: the test world with a teacher known by their Entra object id,
Microsoft's side on loopback (tests/teams/loopback.py) with the managed identity the bot uses,
and the bot's web app served on a free port."""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.teams.app import build_teams_app
from bot.web import build_web_app
from storage.codes import Platform
from storage.models import PlatformIdentity
from tests.teams.loopback import IDENTITY_HEADER, Microsoft, serve_microsoft
from tests.worlds import World, build_world

FIXTURE = Path(__file__).parents[1] / "fixtures" / "teams" / "message_personal.json"
APP_ID = "2e6f3f4a-8d1b-4c3e-9a7f-1b2c3d4e5f60"  # fictional
TEACHER_AAD = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"  # the fixture's sender
SENDCO_AAD = "5e9b0c2d-0000-4000-8000-5e9b0c2d0001"  # fictional


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> World:
    with sessions.begin() as session:
        built = build_world(session)
        for who, aad in (("teacher_2c", TEACHER_AAD), ("sendco", SENDCO_AAD)):
            session.add(
                PlatformIdentity(
                    staff_id=built.actor(who).staff_id, platform=Platform.TEAMS.value,
                    workspace_id="", external_id=aad,
                )
            )  # fmt: skip
    return built


@pytest.fixture
def microsoft(monkeypatch: pytest.MonkeyPatch) -> Iterator[Microsoft]:
    fake, server = serve_microsoft()
    # The managed identity the bot uses with no client secret (Azure App Service's variables).
    monkeypatch.setenv("IDENTITY_ENDPOINT", fake.identity_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", IDENTITY_HEADER)
    monkeypatch.delenv("CLIENT_SECRET", raising=False)
    yield fake
    server.shutdown()


@contextmanager
def serve_teams(
    db_url: str, sessions: sessionmaker[Session], microsoft: Microsoft
) -> Iterator[str]:
    """The bot's web app with Teams on a free loopback port, until the block ends."""
    settings = Settings(
        _env_file=None, database_url=db_url, client_id=APP_ID, client_secret="",
        teams_openid_metadata_url=microsoft.openid_metadata_url,
    )  # fmt: skip
    web = build_web_app()
    build_teams_app(settings, sessions, web)
    server = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def bot_url(
    db_url: str, sessions: sessionmaker[Session], microsoft: Microsoft, world: World
) -> Iterator[str]:
    with serve_teams(db_url, sessions, microsoft) as url:
        yield url


def activity(microsoft: Microsoft, text: str, n: int) -> dict[str, Any]:
    message: dict[str, Any] = copy.deepcopy(json.loads(FIXTURE.read_text(encoding="utf-8")))
    message |= {"id": f"msg-{n}", "text": text, "serviceUrl": microsoft.service_url}
    message["attachments"] = []
    message["recipient"]["id"] = f"28:{APP_ID}"
    return message


def post(bot_url: str, body: dict[str, Any], token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{bot_url}/api/messages", json=body, headers=headers, timeout=30)
