"""The Slack request path in HTTP mode, on loopback: a signed `/concern` slash command,
acknowledged, its modal opened against a loopback Slack API, at 1 and 32 concurrent clients;
beside a bare Bolt app that only acknowledges, on the same server stack (the floor). Also
the web process's memory idle and after the load, and — with TEST_DATABASE_URL set (CI's
PostgreSQL pass) — throughput with one web process and with four on one PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.results import RUN, Figure
from storage import migrate
from storage.codes import Platform
from storage.database import make_engine, session_factory
from storage.models import PlatformIdentity
from tests.slack.conftest import SECRET, TEACHER, TRIAGE, Slack
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.test_run_command import PLATFORM_SETTINGS, free_port, wait_until_up
from tests.worlds import build_world

REQUESTS = 96


def _world(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions: sessionmaker[Session] = session_factory(engine)
    with sessions.begin() as session:
        world = build_world(session)
        session.add(PlatformIdentity(staff_id=world.actor("teacher_2c").staff_id,
                                     platform=Platform.SLACK.value, workspace_id=TEAM_ID,
                                     external_id=TEACHER))  # fmt: skip
    engine.dispose()


def _env(url: str, fake: FakeSlack) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PLATFORM_SETTINGS}
    env.update(DATABASE_URL=url, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
               SLACK_API_BASE_URL=fake.api_url, SLACK_TRIAGE_CHANNEL=TRIAGE,
               SCHEDULER_IN_PROCESS="false",
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))  # fmt: skip
    return env


@contextmanager
def _servers(command: list[str], env: dict[str, str], cwd: Path, count: int = 1
             ) -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:  # fmt: skip
    started = []
    try:
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(
                [*command, "--port", str(port)],
                cwd=cwd,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
            started.append((f"http://127.0.0.1:{port}", process))
        for url, process in started:
            wait_until_up(url, process)
        yield started
    finally:
        for _, process in started:
            process.terminate()
            process.wait(timeout=30)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _drive(urls: list[str], fake: FakeSlack, clients: int) -> tuple[list[float], float, int]:
    """REQUESTS signed /concern commands from `clients` threads, round robin over `urls`."""
    slacks = [Slack(url, fake) for url in urls]

    def one(n: int) -> tuple[int, float]:
        started = time.perf_counter()
        status = slacks[n % len(slacks)].command("/concern", f"Maya in 2C can't sit still ({n})",
                                                 user=TEACHER).status  # fmt: skip
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - started
    failed = sum(1 for status, _ in results if status != 200)
    return [seconds for _, seconds in results], REQUESTS / elapsed, failed


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def test_slash_command_against_a_bare_bolt_app(tmp_path: Path) -> None:
    fake = FakeSlack().start()
    url = f"sqlite:///{tmp_path / 'slack.db'}"
    _world(url)
    env = _env(url, fake)
    ours_cmd = [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1"]
    bare_cmd = [sys.executable, "-m", "benchmarks.bare_bolt"]
    try:
        with _servers(ours_cmd, env, tmp_path) as ours, _servers(bare_cmd, env, tmp_path) as bare:
            idle = _rss_mb(ours[0][1].pid)
            bare_idle = _rss_mb(bare[0][1].pid)
            for url in (ours[0][0], bare[0][0]):  # first requests load what a process keeps
                for n in range(3):
                    Slack(url, fake).command("/concern", f"warm-up {n}", user=TEACHER)
            for clients in (1, 32):
                mine, mine_rate, mine_failed = _drive([ours[0][0]], fake, clients)
                floor, floor_rate, _ = _drive([bare[0][0]], fake, clients)
                for name, share in (("p50", 0.5), ("p99", 0.99)):
                    value, base = _p(mine, share), _p(floor, share)
                    target = "≤ 2× the bare app and < 100 ms" if name == "p99" else ""
                    met = (value <= 2 * base and value < 100) if name == "p99" else None
                    RUN.add(Figure(f"Slack /concern ack, {clients} client(s), {name}",
                                   round(value, 1), "ms", round(base, 1), "bare Bolt ack",
                                   target, met=met,
                                   note=f"({mine_failed} of {REQUESTS} failed)"))  # fmt: skip
                RUN.add(
                    Figure(
                        f"Slack /concern throughput, {clients} client(s)",
                        round(mine_rate, 1),
                        "req/s",
                        round(floor_rate, 1),
                        "bare Bolt",
                    )
                )
                assert mine_failed == 0
                assert max(mine) < 3.0, "a request near Slack's 3-second limit"
            time.sleep(2)  # the modals opened after the acks
            loaded = _rss_mb(ours[0][1].pid)
            RUN.add(Figure("web process memory (RSS), idle", round(idle, 0), "MB",
                           round(bare_idle, 0), "bare Bolt process", "≤ 150 MB",
                           met=idle <= 150))  # fmt: skip
            RUN.add(Figure("web process memory (RSS), after the 32-client run", round(loaded, 0),
                           "MB", target="≤ 150 MB", met=loaded <= 150))  # fmt: skip
            opened = len(fake.calls_to("views.open"))
            assert opened == 2 * REQUESTS + 3  # every command opened its modal
    finally:
        fake.stop()


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL pass only")
def test_throughput_grows_with_processes_on_one_postgresql(tmp_path: Path) -> None:
    from tests.conftest import _create_pg_database, _drop_pg_database

    url = _create_pg_database()
    fake = FakeSlack().start()
    try:
        _world(url)
        env = _env(url, fake)
        command = [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1"]
        rates = {}
        for count in (1, 4):
            with _servers(command, env, tmp_path, count) as servers:
                _, rate, failed = _drive([u for u, _ in servers], fake, 32)
                assert failed == 0
                rates[count] = rate
        RUN.add(Figure("Slack /concern throughput, 4 web processes on one PostgreSQL",
                       round(rates[4], 1), "req/s", round(rates[1], 1), "one process",
                       "grows with processes", met=rates[4] > rates[1]))  # fmt: skip
    finally:
        fake.stop()
        _drop_pg_database(url)


def test_submitting_the_concern_form(tmp_path: Path) -> None:
    """The form submitted: the concern stored and its triage card posted to the loopback Slack
    API, at 1 and 32 clients, each submission timed until Slack has its answer."""
    fake = FakeSlack().start()
    url = f"sqlite:///{tmp_path / 'forms.db'}"
    _world(url)
    env = _env(url, fake)
    command = [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1"]
    try:
        with _servers(command, env, tmp_path) as ours:
            slack = Slack(ours[0][0], fake)
            total = 2 * REQUESTS
            for n in range(total):  # the modals to submit, opened first (not timed)
                slack.command("/concern", f"Maya in 2C can't sit still (form {n})", user=TEACHER)
            views = _wait_for_views(fake, total)
            done = 0
            for clients in (1, 32):
                batch = views[done : done + REQUESTS]
                done += REQUESTS

                def submit(view: dict[str, object]) -> float:
                    started = time.perf_counter()
                    assert slack.submit(view, {}, user=TEACHER).status == 200
                    return time.perf_counter() - started

                with ThreadPoolExecutor(max_workers=clients) as pool:
                    times = list(pool.map(submit, batch))
                for name, share in (("p50", 0.5), ("p99", 0.99)):
                    RUN.add(Figure(f"Slack concern form submitted (stored), {clients} client(s), "
                                   f"{name}", round(_p(times, share), 1), "ms",
                                   target="< 3 s (Slack's limit for a view submission)",
                                   met=_p(times, share) < 3000))  # fmt: skip

            def posted() -> bool:
                calls = fake.calls_to("chat.postMessage")
                return len([c for c in calls if c.args.get("channel") == TRIAGE]) >= total

            cards = _wait_for(posted)
            assert cards, "every stored concern's triage card reached the loopback Slack API"
    finally:
        fake.stop()


def _wait_for(probe: Callable[[], bool], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.1)
    return False


def _wait_for_views(fake: FakeSlack, count: int) -> list[dict[str, object]]:
    assert _wait_for(lambda: len(fake.views) >= count)
    return list(fake.views[:count])
