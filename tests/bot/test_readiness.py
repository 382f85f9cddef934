"""The load balancer's checks: /healthz says the process answers; /readyz also asks the
database, and says 503 while it cannot reach it, so that replica is taken out of rotation."""

from __future__ import annotations

from pathlib import Path

import anyio
import httpx
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from bot.web import build_web_app
from storage.database import make_engine, session_factory


def get(app: FastAPI, path: str) -> httpx.Response:
    """One request through the app's ASGI interface, as uvicorn would pass it on."""

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
            return await client.get(path)

    return anyio.run(call)


def test_ready_when_the_database_answers(sessions: sessionmaker[Session]) -> None:
    app = build_web_app(sessions=sessions)
    assert get(app, "/healthz").json() == {"status": "ok"}
    ready = get(app, "/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


def test_not_ready_when_the_database_is_gone(tmp_path: Path) -> None:
    gone = make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'bot.db'}")
    app = build_web_app(sessions=session_factory(gone))
    assert get(app, "/healthz").status_code == 200  # the process itself is fine
    refused = get(app, "/readyz")
    assert refused.status_code == 503 and refused.text == "database unreachable"
    gone.dispose()
