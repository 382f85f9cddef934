"""Scaling out is more of the same processes on one PostgreSQL: four `sendco-bot run --http`
web processes and two reminder schedulers against one database, driven by 32 clients spread
across them. Every record is stored once; a conversation's draft survives its next message
landing on another process (conversation state lives in the database); every reminder is
sent exactly once though two schedulers sweep at the same moment."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.codes import OutboxStatus, Platform
from storage.models import Concern, OutboxNotice, PlatformIdentity
from tests.slack.conftest import SECRET, TA, TEACHER, TRIAGE, Slack, eventually
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.test_run_command import PLATFORM_SETTINGS, free_port, wait_until_up
from tests.worlds import World

pytestmark = pytest.mark.postgres_only
WEB_PROCESSES, SCHEDULERS, CLIENTS = 4, 2, 32
SWEEP_AT = "2026-11-18T16:00"  # a Wednesday afternoon in term: reminders are due


def environment(db_url: str, fake: FakeSlack) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PLATFORM_SETTINGS}
    env.update(DATABASE_URL=db_url, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
               SLACK_API_BASE_URL=fake.api_url, SLACK_TRIAGE_CHANNEL=TRIAGE,
               SCHEDULER_IN_PROCESS="false", DATABASE_POOL_SIZE="3")  # fmt: skip
    return env


@contextmanager
def web_processes(env: dict[str, str], cwd: Path, fake: FakeSlack) -> Iterator[list[Slack]]:
    started: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for _ in range(WEB_PROCESSES):
            port = free_port()
            started.append(subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1",
                 "--port", str(port)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT))  # fmt: skip
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, started, strict=True):
            wait_until_up(url, process)
        yield [Slack(url, fake) for url in urls]
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=30)


def concerns(sessions: sessionmaker[Session]) -> list[tuple[str, list[int]]]:
    with sessions() as session:
        rows = session.scalars(select(Concern).order_by(Concern.id)).all()
        return [(c.observed, [p.pupil_id for p in c.pupils]) for c in rows]


def test_four_web_processes_and_two_schedulers_share_one_postgresql(
    db_url: str, slack_api: FakeSlack, slack_world: World, sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:  # fmt: skip
    with sessions.begin() as session:  # the TA, linked to Slack, gets the "not logged" nudges
        session.add(PlatformIdentity(staff_id=slack_world.actor("ta").staff_id,
                                     platform=Platform.SLACK.value, workspace_id=TEAM_ID,
                                     external_id=TA))  # fmt: skip
    env = environment(db_url, slack_api)
    with web_processes(env, tmp_path, slack_api) as web:
        # A conversation whose two messages land on two different processes.
        first = "1790000001.000100"
        said = "worried about Ravi, he can't follow two-step instructions"
        assert web[0].dm(said, user=TEACHER, ts=first).status == 200
        slack_api.wait_for("chat.postMessage", lambda c: "Log this concern?" in c.text())
        assert web[3].dm("yes", user=TEACHER, ts="1790000002.000100", thread_ts=first).status == 200
        slack_api.wait_for("chat.postMessage", lambda c: "Thank you: concern" in c.text())
        assert concerns(sessions) == [(said, [slack_world.pupils["ravi"]])]

        # 32 clients at once: /concern on one process, the form submitted to another.
        def open_form(n: int) -> int:
            said = f"Maya in 2C can't sit still (client {n})"
            return web[n % WEB_PROCESSES].command("/concern", said, user=TEACHER).status

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            assert list(pool.map(open_form, range(CLIENTS))) == [200] * CLIENTS
        views = eventually(lambda: slack_api.views if len(slack_api.views) >= CLIENTS else None,
                           timeout=60)  # fmt: skip
        assert len(views) == CLIENTS

        def submit(n: int) -> int:
            view = views[n]
            return web[(n + 1) % WEB_PROCESSES].submit(view, {}, user=TEACHER).status

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            assert list(pool.map(submit, range(CLIENTS))) == [200] * CLIENTS
        # Slack retries a submission it thinks was lost: to yet another process. Kept once.
        assert web[2].submit(views[5], {}, user=TEACHER).status == 200
        stored = concerns(sessions)
        texts = Counter(observed for observed, _ in stored[1:])
        assert len(stored) == 1 + CLIENTS and set(texts.values()) == {1}
        assert {f"client {n}" for n in range(CLIENTS)} == {
            observed.rsplit("(", 1)[1].rstrip(")") for observed in texts
        }

    # Two schedulers sweep the same moment: each reminder is written and sent once.
    sweeps = [subprocess.Popen([sys.executable, "-m", "bot.cli", "scheduler", "--once", "--at",
                                SWEEP_AT], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT) for _ in range(SCHEDULERS)]  # fmt: skip
    outputs = [s.communicate(timeout=120)[0].decode() for s in sweeps]
    assert all(s.returncode == 0 for s in sweeps), outputs
    with sessions() as session:
        rows = session.scalars(select(OutboxNotice)).all()
        delivered = [r for r in rows if r.status == OutboxStatus.DELIVERED.value]
    assert delivered, outputs
    posted = Counter(
        c.args["metadata"]["event_payload"]["key"]
        for c in slack_api.calls_to("chat.postMessage")
        if isinstance(c.args.get("metadata"), dict)
    )
    assert posted and set(posted.values()) == {1}, posted  # nothing sent twice
    tags = {hashlib.sha256(r.key.encode()).hexdigest()[:32] for r in delivered}
    assert set(posted) <= tags  # and only what the outbox says was delivered
    rules = Counter(r.rule for r in delivered)
    assert rules["session_not_logged"] >= 1, rules  # the schedulers' reminders went out once
