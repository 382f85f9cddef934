"""The Teams request path, on loopback: a signed Bot Framework message to /api/messages, the
conversation's reply posted back to the (loopback) connector, at 1 and 32 concurrent
clients; beside a bare Teams SDK app on the same server stack that only answers "ok"."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from microsoft_teams.apps import ActivityContext, App
from microsoft_teams.apps.http import FastAPIAdapter
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.results import RUN, Figure
from benchmarks.test_bench_slack import _rss_mb as rss_mb
from bot.settings import Settings
from bot.teams.app import MESSAGES, teams_cloud
from tests.slack.test_run_command import PLATFORM_SETTINGS, free_port, wait_until_up
from tests.teams.conftest import APP_ID, activity, post, serve_teams
from tests.teams.loopback import IDENTITY_HEADER, Microsoft

REQUESTS = 64


@contextmanager
def bare_teams(microsoft: Microsoft) -> Iterator[str]:
    settings = Settings(_env_file=None, client_id=APP_ID, client_secret="",
                        teams_openid_metadata_url=microsoft.openid_metadata_url)  # fmt: skip
    web = FastAPI()
    adapter = FastAPIAdapter(app=web)
    app = App(client_id=settings.client_id, client_secret=None, http_server_adapter=adapter,
              messaging_endpoint=MESSAGES, cloud=teams_cloud(settings))  # fmt: skip

    @app.on_message
    async def on_message(ctx: ActivityContext[Any]) -> None:
        await ctx.send("ok")

    @asynccontextmanager
    async def started(_: Any) -> AsyncIterator[None]:
        await app.initialize()
        yield

    adapter.lifespans.append(started)
    server = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _drive(url: str, microsoft: Microsoft, clients: int, offset: int) -> list[float]:
    token = microsoft.token(APP_ID)

    def one(n: int) -> float:
        body = activity(microsoft, "what's due for me?", offset + n)
        started = time.perf_counter()
        assert post(url, body, token).status_code == 200
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, range(REQUESTS)))


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


@pytest.mark.usefixtures("world")
def test_a_teams_message_against_a_bare_teams_app(
    db_url: str, sessions: sessionmaker[Session], microsoft: Microsoft
) -> None:
    with serve_teams(db_url, sessions, microsoft) as ours, bare_teams(microsoft) as bare:
        for url in (ours, bare):  # warm up
            _drive(url, microsoft, 4, 10_000 + len(microsoft.posted))
        for clients in (1, 32):
            mine = _drive(ours, microsoft, clients, 20_000 + clients * 1000)
            floor = _drive(bare, microsoft, clients, 40_000 + clients * 1000)
            for name, share in (("p50", 0.5), ("p99", 0.99)):
                value, base = _p(mine, share), _p(floor, share)
                RUN.add(Figure(f"Teams message answered, {clients} client(s), {name}",
                               round(value, 1), "ms", round(base, 1), "bare Teams SDK app",
                               "≤ 2× the bare app" if name == "p99" else "",
                               met=(value <= 2 * base) if name == "p99" else None))  # fmt: skip
            assert max(mine) < 10.0, "near the 15 s Teams gives a bot to answer"


@pytest.mark.usefixtures("world")
def test_the_teams_process_memory(db_url: str, microsoft: Microsoft, tmp_path: Path) -> None:
    """`sendco-bot run` serving Teams, as its own process: resident memory idle and after 32
    clients at once."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in PLATFORM_SETTINGS}
    env.update(DATABASE_URL=db_url, CLIENT_ID=APP_ID, CLIENT_SECRET="",
               IDENTITY_ENDPOINT=microsoft.identity_endpoint, IDENTITY_HEADER=IDENTITY_HEADER,
               TEAMS_OPENID_METADATA_URL=microsoft.openid_metadata_url,
               SCHEDULER_IN_PROCESS="false")  # fmt: skip
    command = [sys.executable, "-m", "bot.cli", "run", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        idle = rss_mb(process.pid)
        _drive(url, microsoft, 32, 90_000)
        loaded = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    RUN.add(Figure("Teams web process memory (RSS), idle", round(idle, 0), "MB",
                   target="≤ 150 MB", met=idle <= 150))  # fmt: skip
    RUN.add(Figure("Teams web process memory (RSS), after the 32-client run", round(loaded, 0),
                   "MB", target="≤ 150 MB", met=loaded <= 150))  # fmt: skip
