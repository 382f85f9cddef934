"""Many people at once: 32 clients send signed `/concern` commands to a 2,000-pupil school,
five each back to back, and every one is acknowledged in time (Bolt answers 404 when a
listener has not called ack() within Slack's 3 seconds) and gets its modal, with the pupil
picker searched rather than listed (test_forms.py checks the search itself)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy.orm import Session, sessionmaker
from stdnum.gb import upn as upn_rules

from storage.models import Pupil
from tests.slack.conftest import TEACHER, Bot, eventually
from tests.slack.fake_slack import FakeSlack
from tests.worlds import World

CLIENTS = 32
ROUNDS = 5  # each client sends its next command as soon as the last one is acknowledged
PUPILS = 2000


def upn(n: int) -> str:
    body = f"201{1000 + n // 1000:04d}26{n % 1000:03d}"  # a fictional establishment per 1,000
    return upn_rules.calc_check_digit(body) + body


def a_big_school(sessions: sessionmaker[Session], world: World) -> None:
    with sessions.begin() as session:
        session.add_all(
            Pupil(
                school_id=world.school_ids["a"], upn=upn(n),
                first_name=f"Pupil{n:04d}", last_name=f"Surname{n % 97:02d}",
                date_of_birth=date(2017, 1, 1), year_group=1 + n % 6,
                class_name=f"{1 + n % 6}{'ABC'[n % 3]}", sen_status="N",
            )
            for n in range(PUPILS)
        )  # fmt: skip


def test_thirty_two_commands_at_once_are_all_acknowledged(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    a_big_school(sessions, slack_world)

    def client(n: int) -> list[tuple[int, float]]:
        timings = []
        for round_ in range(ROUNDS):
            started = time.monotonic()
            text = f"Maya in 2C can't sit still ({n}.{round_})"
            answer = bot.slack.command("/concern", text, user=TEACHER)
            timings.append((answer.status, time.monotonic() - started))
        return timings

    with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
        results = [r for timings in clients.map(client, range(CLIENTS)) for r in timings]

    total = CLIENTS * ROUNDS
    statuses = [status for status, _ in results]
    slowest = max(seconds for _, seconds in results)
    assert statuses == [200] * total, f"acknowledged {statuses.count(200)} of {total}"
    # Slack's contract, not a speed target (that is in benchmarks/): an acknowledgement must
    # reach Slack within 3 s, so the bot answers well inside it, leaving time for the network.
    # (Before the work moved off Bolt's listener threads this run's median was 2.0 s, slowest
    # 2.4 s; now about 0.06 s and 0.08 s alone, and once 1.53 s with the whole suite running
    # beside it on a 2-core machine: hence 2.5 s, not 1.5 s.)
    assert slowest < 2.5, f"slowest acknowledgement {slowest:.2f} s"
    eventually(lambda: len(slack_api.calls_to("views.open")) >= total or None, timeout=120)
    modals = [c.args["view"] for c in slack_api.calls_to("views.open")]
    assert len(modals) == total, f"slowest acknowledgement {slowest:.2f} s"
    picker = next(b["element"] for b in modals[0]["blocks"] if b.get("block_id") == "pupils")
    assert picker["type"] == "multi_external_select" and "options" not in picker
    assert [o["text"]["text"] for o in picker["initial_options"]] == ["Maya Patel (Year 2, 2C)"]
