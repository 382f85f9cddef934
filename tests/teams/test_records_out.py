"""Records out in Teams: the impact of a group comes with its chart inline; an export is
offered with a file consent card, and once the person allows it the bot uploads the file to
the upload URL Teams gives (their OneDrive, loopback here) and posts the file card."""

from __future__ import annotations

import base64
import io
from typing import Any

import openpyxl
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.teams.files import CONSENT_TYPE, INFO_TYPE
from storage.models import OfferedFile
from tests.teams.conftest import APP_ID, activity, post
from tests.teams.loopback import Microsoft
from tests.teams.test_forms import as_sendco, invoke
from tests.worlds import World


def say(bot_url: str, microsoft: Microsoft, text: str, n: int) -> dict[str, Any]:
    assert (
        post(bot_url, as_sendco(activity(microsoft, text, n)), microsoft.token(APP_ID)).status_code
        == 200
    )
    return microsoft.wait_for_posts(n)[n - 1]["body"]


def test_the_impact_of_a_group_shows_its_chart_in_the_chat(
    bot_url: str, microsoft: Microsoft, world: World
) -> None:
    body = say(bot_url, microsoft, "what's the impact of the Plus One group?", 1)
    card, image = body["attachments"]
    assert card["content"]["body"][0]["text"].startswith("Impact: Plus One")
    assert image["contentType"] == "image/png" and image["name"].endswith(".png")
    data = base64.b64decode(image["contentUrl"].removeprefix("data:image/png;base64,"))
    assert Image.open(io.BytesIO(data)).format == "PNG"


def consent(microsoft: Microsoft, offer: dict[str, Any], action: str, n: int) -> dict[str, Any]:
    value = {
        "type": "fileUpload", "action": action, "context": offer["content"]["acceptContext"],
        "uploadInfo": {
            "name": offer["name"], "uploadUrl": f"{microsoft.base}/onedrive/upload/{n}",
            "contentUrl": "https://school.sharepoint.example/personal/sendco/summary.xlsx",
            "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C", "fileType": "xlsx",
        },
    }  # fmt: skip
    return invoke(microsoft, "fileConsent/invoke", value, n)


def test_an_export_is_offered_then_uploaded_when_the_person_allows_it(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    assert "Why?" in str(say(bot_url, microsoft, "governors summary", 1))
    say(bot_url, microsoft, "governors meeting", 2)
    body = say(bot_url, microsoft, "yes", 3)
    card, offer = body["attachments"]
    assert "Exported" in card["content"]["body"][0]["text"]
    assert offer["contentType"] == CONSENT_TYPE and offer["name"].startswith("summary-")
    size = offer["content"]["sizeInBytes"]
    with sessions() as session:
        [kept] = session.scalars(select(OfferedFile)).all()
        assert kept.staff_id == world.actor("sendco").staff_id and len(kept.content) == size

    answered = post(bot_url, consent(microsoft, offer, "accept", 4), microsoft.token(APP_ID))
    assert answered.status_code == 200, answered.text
    [upload] = microsoft.uploads
    assert (
        upload["path"] == "/onedrive/upload/4" and upload["range"] == f"bytes 0-{size - 1}/{size}"
    )
    assert "sen_status" in openpyxl.load_workbook(io.BytesIO(upload["content"])).sheetnames
    info = microsoft.wait_for_posts(4)[3]["body"]["attachments"][0]
    assert info["contentType"] == INFO_TYPE and info["content"]["fileType"] == "xlsx"
    assert info["contentUrl"].endswith("summary.xlsx")
    with sessions() as session:
        assert session.scalars(select(OfferedFile)).all() == []  # sent: no longer kept


def test_a_declined_file_is_discarded_and_never_uploaded(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    say(bot_url, microsoft, "export the register", 1)
    say(bot_url, microsoft, "annual review", 2)
    offer = say(bot_url, microsoft, "yes", 3)["attachments"][1]
    assert (
        post(bot_url, consent(microsoft, offer, "decline", 4), microsoft.token(APP_ID)).status_code
        == 200
    )
    told = microsoft.wait_for_posts(4)[3]["body"]
    assert "Not sent" in told["text"] and microsoft.uploads == []
    with sessions() as session:
        assert session.scalars(select(OfferedFile)).all() == []
