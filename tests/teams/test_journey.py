"""The set-up journey of a real school (tests/catalogue/journey.py) through Teams, from an empty
database: `school create`, pupils and staff imported with their Teams ids, then everything by
talking to the bot over real HTTP — the SENDCO sets up two groups, an EHCP, a support plan, a
review and training; the TA logs both groups; a teacher raises a concern; the SENDCO triages it;
the head asks how many pupils are on SEN support. Then a session logged from an Adaptive Card,
with a field error fixed in place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from bot.teams.cards import PRESS
from handlers.clock import school_today
from storage.models import InterventionMember, InterventionSession
from tests.catalogue import journey
from tests.teams.conftest import APP_ID, activity, post, serve_teams
from tests.teams.loopback import Microsoft

AAD = {journey.SENDCO: "aaaaaaaa-0000-4000-8000-000000000001",
       journey.HEAD: "aaaaaaaa-0000-4000-8000-000000000002",
       journey.TA: "aaaaaaaa-0000-4000-8000-000000000003",
       journey.TEACHER: "aaaaaaaa-0000-4000-8000-000000000004"}  # fmt: skip


class Talk:
    def __init__(self, url: str, microsoft: Microsoft) -> None:
        self.url, self.microsoft, self.n = url, microsoft, 0

    def send(self, email: str, body: dict[str, Any]) -> dict[str, Any]:
        self.n += 1
        body["from"]["aadObjectId"] = AAD[email]
        body["conversation"]["id"] = f"a:chat-of-{email}"
        answered = post(self.url, body, self.microsoft.token(APP_ID))
        assert answered.status_code == 200, answered.text
        return answered.json() if answered.content else {}

    def say(self, email: str, lines: tuple[str, ...]) -> str:
        replies = []
        for line in lines:
            before = len(self.microsoft.posted)
            self.send(email, activity(self.microsoft, line, 1000 + self.n))
            replies.append(self.microsoft.wait_for_posts(before + 1)[-1]["body"]["text"])
        return "\n".join(replies)


@pytest.fixture
def school(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    for row in journey.STAFF:
        row["teams_user_id"] = AAD[row["email"]]
    pupils, staff = journey.write_csvs(tmp_path)
    for args in (["school", "create", "Hillside Primary"], ["import", "pupils", str(pupils)],
                 ["import", "staff", str(staff)]):  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output


def test_a_real_school_sets_up_and_runs_send_in_teams(
    school: None, db_url: str, sessions: sessionmaker[Session], microsoft: Microsoft
) -> None:
    with serve_teams(db_url, sessions, microsoft) as url:
        talk = Talk(url, microsoft)
        setup = talk.say(journey.SENDCO, journey.SENDCO_SETUP)
        assert setup.count("Intervention group created") == 2, setup
        assert "EHC plan P-" in setup and "SEN support plan P-" in setup
        sessions_said = talk.say(journey.TA, journey.TA_SESSIONS)
        assert sessions_said.count("Session logged") == 2, sessions_said
        assert "C-00001" in talk.say(journey.TEACHER, journey.TEACHER_CONCERN)
        assert "acknowledged" in talk.say(journey.SENDCO, journey.SENDCO_TRIAGE).lower()
        head = talk.say(journey.HEAD, journey.HEAD_QUESTION)
        assert "1 pupil on SEN support and 1 with an EHC plan" in head, head
        with sessions() as session:
            journey.check_records(session, school_today(datetime.now(UTC)))

        # A session from the "Log a session" card: a wrong length is refused in place, then fixed.
        press = activity(microsoft, "", 1)
        press["value"] = {PRESS: "session.log", "value": ""}
        before = len(microsoft.posted)
        talk.send(journey.TA, press)
        form = microsoft.wait_for_posts(before + 1)[-1]["body"]["attachments"][0]["content"]
        [submit] = form["actions"]
        fields = {e["id"]: e for e in form["body"] if "id" in e}
        group = fields["intervention_id"]["choices"][0]["value"]
        with sessions() as session:  # who was there: the group's members, as the TA ticks them
            members = session.scalars(
                select(InterventionMember.pupil_id).where(
                    InterventionMember.intervention_id == int(group)
                )
            ).all()
        attendance = ",".join(str(m) for m in members)
        data = submit["data"] | {"intervention_id": group, "duration_minutes": "0",
                                 "attendance": attendance}  # fmt: skip
        value = {"action": {"type": "Action.Execute", "verb": submit["verb"], "data": data},
                 "trigger": "manual"}  # fmt: skip
        card = activity(microsoft, "", 2) | {"type": "invoke", "name": "adaptiveCard/action",
                                             "value": value}  # fmt: skip
        refused = talk.send(journey.TA, card)["value"]
        assert refused["body"][0]["text"] == form["body"][0]["text"]  # the same form, in place
        problems = [b["text"] for b in refused["body"] if b.get("color") == "Attention"]
        assert len(problems) == 1 and "minute" in problems[0].lower(), problems
        kept = {e["id"]: e.get("value") for e in refused["body"] if "id" in e}
        assert (kept["intervention_id"], kept["attendance"]) == (group, attendance)
        value["action"]["data"]["duration_minutes"] = "25"

        saved = talk.send(journey.TA, card | {"value": value})["value"]
        assert saved["body"][0]["text"].startswith("Session logged")
        with sessions() as session:
            minutes = sorted(
                s.duration_minutes for s in session.scalars(select(InterventionSession))
            )
            assert 25 in minutes and len(minutes) == 3
