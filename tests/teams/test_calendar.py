"""Outlook invitations for review meetings: booking a meeting creates an all-day event in the
school mailbox's calendar (msgraph-sdk against a loopback Graph, managed-identity token) with
the SENDCO and the pupil's class teacher invited and no pupil name; moving it updates the event;
recording the review as held cancels it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.calendar_sync import CalendarGateway, sync_calendar
from bot.settings import Settings
from handlers.plans.create import create_support_plan
from handlers.plans.reviews import record_review_outcome, schedule_review_meeting
from handlers.unit_of_work import perform
from storage.models import CalendarEvent, Review
from tests.teams.conftest import APP_ID
from tests.teams.loopback import Microsoft
from tests.worlds import World

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
MAILBOX = "sendco-bot@school-a.example"


@pytest.fixture
def graph() -> Iterator[tuple[list[tuple[str, str, Any]], str]]:
    calls: list[tuple[str, str, Any]] = []  # (method, path, body)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _body(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length)) if length else None

        def _answer(self, status: int, body: Any = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            calls.append(("POST", self.path, self._body()))
            self._answer(201, {"id": f"event-{len(calls)}"})

        def do_PATCH(self) -> None:
            calls.append(("PATCH", self.path, self._body()))
            self._answer(200, {"id": self.path.rsplit("/", 1)[-1]})

        def do_DELETE(self) -> None:
            calls.append(("DELETE", self.path, None))
            self._answer(204)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield calls, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_review_meeting_is_an_outlook_invitation_kept_in_step(
    graph: tuple[list[tuple[str, str, Any]], str], microsoft: Microsoft,
    sessions: sessionmaker[Session], world: World,
) -> None:  # fmt: skip
    calls, base = graph
    settings = Settings(_env_file=None, client_id=APP_ID, client_secret="",
                        graph_base_url=f"{base}/v1.0", graph_mail_from=MAILBOX)  # fmt: skip
    gateway = CalendarGateway(settings, MAILBOX)
    sendco = world.actor("sendco")
    planned = {"pupil": world.pupils["maya"], "targets": "Follow instructions | visual cues"}
    assert perform(sessions, create_support_plan, actor=sendco, now=NOW, data=planned).reply.ok
    with sessions() as session:
        review_id = session.scalars(select(Review.id)).one()

    def book(day: str) -> None:
        booked = perform(sessions, schedule_review_meeting, actor=sendco, now=NOW,
                         review_id=review_id, data={"meeting_on": day})  # fmt: skip
        assert booked.reply.ok, booked.reply

    book("2026-12-14")
    assert sync_calendar(sessions, gateway).created == [review_id]
    [(method, path, event)] = calls
    assert (method, path) == ("POST", "/v1.0/users/sendco-bot%40school-a.example/events")
    assert event["isAllDay"] is True and event["start"]["dateTime"].startswith("2026-12-14")
    invited = {a["emailAddress"]["address"] for a in event["attendees"]}
    assert invited == {"sendco@school-a.example", "teacher_2c@school-a.example"}
    assert "Maya" not in json.dumps(event) and "Year 2" in event["body"]["content"]
    assert sync_calendar(sessions, gateway).created == []  # nothing changed: no call
    assert len(calls) == 1

    book("2026-12-16")
    assert sync_calendar(sessions, gateway).moved == [review_id]
    method, path, moved = calls[-1]
    assert (method, path) == ("PATCH", "/v1.0/users/sendco-bot%40school-a.example/events/event-1")
    assert moved["start"]["dateTime"].startswith("2026-12-16")

    held = {"held_on": "2026-11-25", "outcome": "continue", "notes": "Good progress."}
    assert perform(sessions, record_review_outcome, actor=sendco, now=NOW,
                   review_id=review_id, data=held).reply.ok  # fmt: skip
    assert sync_calendar(sessions, gateway).cancelled == [review_id]
    assert calls[-1][:2] == ("DELETE", "/v1.0/users/sendco-bot%40school-a.example/events/event-1")
    with sessions() as session:
        assert session.scalars(select(CalendarEvent)).all() == []
