"""Files in Teams. An image (the impact chart) travels inside the message, as an inline
attachment. Any other file (an export, a transfer pack) needs the person's consent: Teams
shows a file consent card; when they accept, Teams hands the bot an upload URL in their
OneDrive, the bot uploads the file there and posts a file card linking to it. Until then the
file waits in `offered_files`, for that person only, for a day at most.
"""

from __future__ import annotations

import base64
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.vocabulary import Actor, Attachment, Reply
from storage.models import OfferedFile

log = logging.getLogger(__name__)

CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent"
INFO_TYPE = "application/vnd.microsoft.teams.card.file.info"
OFFER_LIFETIME = timedelta(days=1)
# Teams refuses bot messages much over 28 KB: a larger image is offered as a file instead.
INLINE_IMAGE_LIMIT = 20_000


def inline(file: Attachment) -> bool:
    return file.is_image and len(file.content) <= INLINE_IMAGE_LIMIT


def image_attachment(file: Attachment) -> dict[str, Any]:
    data = base64.b64encode(file.content).decode("ascii")
    return {"contentType": file.media_type, "contentUrl": f"data:{file.media_type};base64,{data}",
            "name": file.name}  # fmt: skip


def offer(session: Session, actor: Actor, file: Attachment, now: datetime) -> dict[str, Any]:
    """Keep the file for the person and return the consent card that asks them to accept it."""
    session.execute(delete(OfferedFile).where(OfferedFile.created_at < now - OFFER_LIFETIME))
    token = secrets.token_urlsafe(24)
    session.add(
        OfferedFile(
            token=token, staff_id=actor.staff_id, name=file.name, media_type=file.media_type,
            content=file.content, created_at=now,
        )
    )  # fmt: skip
    context = {"offer": token}
    return {
        "contentType": CONSENT_TYPE,
        "name": file.name,
        "content": {
            "description": f"{file.name}: it holds pupil data, keep it to yourself.",
            "sizeInBytes": len(file.content),
            "acceptContext": context,
            "declineContext": context,
        },
    }


def attachments_for(
    sessions: sessionmaker[Session], actor: Actor | None, reply: Reply, now: datetime
) -> list[dict[str, Any]]:
    """The reply's files as Bot Framework attachments: images inline, others offered."""
    if not reply.files or actor is None:
        return []
    found = [image_attachment(f) for f in reply.files if inline(f)]
    offered = [f for f in reply.files if not inline(f)]
    if offered:
        with sessions.begin() as session:
            found += [offer(session, actor, f, now) for f in offered]
    return found


@dataclass(frozen=True)
class Consent:
    accepted: bool
    token: str
    upload_url: str = ""
    content_url: str = ""
    name: str = ""
    unique_id: str = ""
    file_type: str = ""


def consent_of(value: Any) -> Consent | None:
    """What the person chose on a consent card (a FileConsentCardResponse), if it was ours."""
    context = getattr(value, "context", None) or {}
    token = context.get("offer") if isinstance(context, dict) else None
    if not isinstance(token, str):
        return None
    info = getattr(value, "upload_info", None)
    action = getattr(value, "action", "")
    return Consent(
        accepted=str(getattr(action, "value", action)) == "accept",
        token=token,
        upload_url=str(getattr(info, "upload_url", "") or ""),
        content_url=str(getattr(info, "content_url", "") or ""),
        name=str(getattr(info, "name", "") or ""),
        unique_id=str(getattr(info, "unique_id", "") or ""),
        file_type=str(getattr(info, "file_type", "") or ""),
    )


def settle(
    sessions: sessionmaker[Session], actor: Actor, consent: Consent
) -> Reply | dict[str, Any]:
    """Upload an accepted file to the URL Teams gave (a single PUT with its byte range) and
    return the file card to post; on a decline, discard it. The file is kept until the upload
    has worked, so a failed upload can be accepted again from the same card."""
    with sessions() as session:
        offered = session.scalar(
            select(OfferedFile).where(OfferedFile.token == consent.token,
                                      OfferedFile.staff_id == actor.staff_id)
        )  # fmt: skip
        if offered is None:
            return Reply("That file has expired or was already sent: ask me for it again.",
                         ok=False)  # fmt: skip
        name, content = offered.name, offered.content
    if consent.accepted:
        size = len(content)
        headers = {"Content-Length": str(size), "Content-Range": f"bytes 0-{size - 1}/{size}"}
        try:
            with httpx.Client(timeout=60) as client:
                client.put(consent.upload_url, content=content, headers=headers).raise_for_status()
        except httpx.HTTPError:
            log.exception("Uploading an offered file to OneDrive failed")
            return Reply(f"{name} could not be uploaded to your OneDrive; it is kept: press "
                         "Allow again in a minute.", ok=False)  # fmt: skip
    with sessions.begin() as session:
        session.execute(delete(OfferedFile).where(OfferedFile.token == consent.token))
    if not consent.accepted:
        return Reply(f"Not sent: {name} was discarded.")
    return {
        "contentType": INFO_TYPE,
        "contentUrl": consent.content_url,
        "name": consent.name or name,
        "content": {"uniqueId": consent.unique_id, "fileType": consent.file_type},
    }
