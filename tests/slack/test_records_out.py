"""Records out in Slack: an export asked for in a direct message, or from its form, comes
back as a file uploaded (files.getUploadURLExternal, the bytes, completeUploadExternal) into
the person's own DM with the bot, never into a channel; the impact of a group is a chart."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import AuditEvent, Pupil
from tests.slack.conftest import SENDCO, Bot
from tests.slack.fake_slack import FakeSlack
from tests.worlds import World


def uploaded(slack_api: FakeSlack, title_part: str) -> tuple[dict[str, object], bytes]:
    done = slack_api.wait_for(
        "files.completeUploadExternal",
        lambda c: any(title_part in str(f.get("title")) for f in c.args["files"]),
    )
    [file] = [f for f in done.args["files"] if title_part in str(f.get("title"))]
    return done.args, slack_api.uploads[str(file["id"])]


def test_the_governors_summary_asked_for_in_a_dm_arrives_as_a_workbook(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    first = "1790000101.000100"
    assert bot.slack.dm("governors summary please", user=SENDCO, ts=first).status == 200
    slack_api.wait_for("chat.postMessage", lambda c: "Why?" in c.text())
    assert bot.slack.dm("governors meeting", user=SENDCO, ts="1790000102.000100",
                        thread_ts=first).status == 200  # fmt: skip
    slack_api.wait_for("chat.postMessage", lambda c: "is this right?" in c.text())
    assert bot.slack.dm("yes", user=SENDCO, ts="1790000103.000100", thread_ts=first).status == 200
    args, content = uploaded(slack_api, "summary-")
    assert args["channel_id"] == "D" + SENDCO and args["thread_ts"] == first
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert "sen_status" in book.sheetnames and "ehcp_timeliness" in book.sheetnames
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "export:summary")
        ).one()
    assert event.detail["via"] == "chat" and event.detail["reason"] == "governors meeting"


def test_the_export_form_uploads_the_file_to_the_persons_dm(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    response = bot.slack.press("export.records", "home", user=SENDCO, channel="C0STAFF", ts="1.1")
    assert response.status == 200
    view = slack_api.last_view()
    assert view["callback_id"] == "form:export.records"
    saved = bot.slack.submit(view, {"kind": "register", "format": "csv",
                                    "reason": "LA audit"}, user=SENDCO)  # fmt: skip
    assert saved.status == 200
    args, content = uploaded(slack_api, "register-")
    assert args["channel_id"] == "D" + SENDCO  # its DM, not the channel the button was in
    with sessions() as session:
        on_register = set(
            session.scalars(
                select(Pupil.upn).where(
                    Pupil.school_id == slack_world.school_ids["a"], Pupil.sen_status != "N"
                )
            )
        )
    lines = content.decode().splitlines()
    assert lines[0].startswith("upn,first_name,last_name")
    assert {line.split(",")[0] for line in lines[1:]} == on_register and len(on_register) == 3


def test_the_impact_of_a_group_comes_with_its_chart(
    bot: Bot, slack_api: FakeSlack, slack_world: World
) -> None:
    first = "1790000201.000100"
    assert bot.slack.dm("what's the impact of the Plus One group?", user=SENDCO,
                        ts=first).status == 200  # fmt: skip
    slack_api.wait_for("chat.postMessage", lambda c: "Impact: Plus One" in c.text())
    args, content = uploaded(slack_api, "impact-I-")
    assert args["channel_id"] == "D" + SENDCO
    assert Image.open(io.BytesIO(content)).format == "PNG"


def test_a_leaver_recorded_in_slack_closes_the_record(
    bot: Bot, slack_api: FakeSlack, sessions: sessionmaker[Session], slack_world: World
) -> None:
    first = "1790000301.000100"
    assert bot.slack.dm("Ravi has left the school", user=SENDCO, ts=first).status == 200
    slack_api.wait_for("chat.postMessage", lambda c: "Record a leaver" in c.text())
    assert bot.slack.dm("Moving to: Oakfield Primary", user=SENDCO, ts="1790000302.000100",
                        thread_ts=first).status == 200  # fmt: skip
    slack_api.wait_for("chat.postMessage", lambda c: "Oakfield Primary" in c.text())
    assert bot.slack.dm("yes", user=SENDCO, ts="1790000303.000100", thread_ts=first).status == 200
    slack_api.wait_for("chat.postMessage", lambda c: "Recorded: Ravi Shah left" in c.text())
    with sessions() as session:
        ravi = session.get_one(Pupil, slack_world.pupils["ravi"])
        assert (ravi.left_on, ravi.destination) == (date(2026, 11, 23), "Oakfield Primary")
