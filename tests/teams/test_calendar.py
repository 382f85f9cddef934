"""Outlook invitations for review meetings: booking a meeting creates an all-day event in the
school mailbox's calendar (msgraph-sdk against a loopback Graph, managed-identity token) with
the SENDCO and the pupil's class teacher invited and no pupil name; moving it updates the event;
recording the review as held cancels it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
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
from tests.teams.loopback import GraphCall, Microsoft, serve_graph
from tests.worlds import World

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
MAILBOX = "sendco-bot@school-a.example"


def answer(method: str, path: str, body: Any) -> tuple[int, Any]:
    made = {"POST": (201, {"id": "event-1"}), "PATCH": (200, {"id": "event-1"})}
    return made.get(method, (204, None))


@pytest.fixture
def graph() -> Iterator[tuple[list[GraphCall], str]]:
    calls, base, server = serve_graph(answer)
    yield calls, base
    server.shutdown()


def test_a_review_meeting_is_an_outlook_invitation_kept_in_step(
    graph: tuple[list[GraphCall], str], microsoft: Microsoft,
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
    [made] = calls
    event = made.body
    assert (made.method, made.path) == ("POST", "/v1.0/users/sendco-bot%40school-a.example/events")
    assert event["isAllDay"] is True and event["start"]["dateTime"].startswith("2026-12-14")
    invited = {a["emailAddress"]["address"] for a in event["attendees"]}
    assert invited == {"sendco@school-a.example", "teacher_2c@school-a.example"}
    assert "Maya" not in json.dumps(event) and "Year 2" in event["body"]["content"]
    assert sync_calendar(sessions, gateway).created == []  # nothing changed: no call
    assert len(calls) == 1

    book("2026-12-16")
    assert sync_calendar(sessions, gateway).moved == [review_id]
    moved = calls[-1]
    assert (moved.method, moved.path) == (
        "PATCH", "/v1.0/users/sendco-bot%40school-a.example/events/event-1")  # fmt: skip
    assert moved.body["start"]["dateTime"].startswith("2026-12-16")

    held = {"held_on": "2026-11-25", "outcome": "continue", "notes": "Good progress."}
    assert perform(sessions, record_review_outcome, actor=sendco, now=NOW,
                   review_id=review_id, data=held).reply.ok  # fmt: skip
    assert sync_calendar(sessions, gateway).cancelled == [review_id]
    assert (calls[-1].method, calls[-1].path) == (
        "DELETE", "/v1.0/users/sendco-bot%40school-a.example/events/event-1")  # fmt: skip
    with sessions() as session:
        assert session.scalars(select(CalendarEvent)).all() == []
