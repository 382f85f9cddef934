"""The bot's web server (FastAPI, served by uvicorn) for HTTP-mode platforms.

Slack: POST /slack/events (events, commands, interactivity, options), and with OAuth
GET /slack/install and GET /slack/oauth_redirect. Teams will share this app at
/api/messages. Bolt's dispatch is synchronous, so it runs in the thread pool and never
holds up the event loop.

Requests are checked before any work: a body over `MAX_BODY_BYTES` is refused (413) before
it is read whole, a timestamp that is not a number is refused (401) since no signature can
be checked against it, and a body Bolt cannot parse gets 400 — never a traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

SLACK_EVENTS = "/slack/events"
# Slack's largest payloads (a modal's view state) are tens of kilobytes.
MAX_BODY_BYTES = 1024 * 1024

log = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    pass


async def limited_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused as soon as it passes `limit` (declared or streamed)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def database_answers(sessions: sessionmaker[Session]) -> bool:
    try:
        with sessions() as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means "not ready"; the reason is logged, not shown
        log.warning("Readiness check: the database did not answer", exc_info=True)
        return False


def _refusal(status: int, message: str) -> Response:
    return Response(content=message, status_code=status, media_type="text/plain")


def build_web_app(
    *, slack: App | None = None, sessions: sessionmaker[Session] | None = None
) -> FastAPI:
    """The web app: Slack's /slack/events (Teams mounts /api/messages itself), and two
    checks for a load balancer: /healthz (the process answers) and /readyz (and its database
    answers too: take a replica out of rotation while it cannot reach it)."""
    web = FastAPI(title="sendco-bot", docs_url=None, redoc_url=None, openapi_url=None)

    @web.get("/healthz")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @web.get("/readyz")
    async def ready() -> Response:
        if sessions is not None and not await run_in_threadpool(database_answers, sessions):
            return _refusal(503, "database unreachable")
        return Response(content='{"status":"ready"}', media_type="application/json")

    if slack is not None:
        _mount_slack(web, slack)
    return web


def _mount_slack(web: FastAPI, slack: App) -> None:
    @web.post(SLACK_EVENTS)
    async def slack_events(request: Request) -> Response:
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        if timestamp and not timestamp.isdigit():
            return _refusal(401, "invalid request timestamp")
        try:
            body = await limited_body(request)
        except BodyTooLarge:
            return _refusal(413, "request body too large")
        try:
            bolt_request = to_bolt_request(request, body)
        except (ValueError, UnicodeDecodeError) as error:  # json or form Bolt cannot read
            log.warning("Refused a malformed Slack request: %s", type(error).__name__)
            return _refusal(400, "malformed request body")
        response = await run_in_threadpool(slack.dispatch, bolt_request)
        return to_starlette_response(response)

    flow = slack.oauth_flow
    if flow is None:
        return

    @web.get(flow.install_path)
    async def slack_install(request: Request) -> Response:
        bolt_request = to_bolt_request(request, await request.body())
        response = await run_in_threadpool(flow.handle_installation, bolt_request)
        return to_starlette_response(response)

    @web.get(flow.redirect_uri_path)
    async def slack_oauth_redirect(request: Request) -> Response:
        bolt_request = to_bolt_request(request, await request.body())
        response = await run_in_threadpool(flow.handle_callback, bolt_request)
        return to_starlette_response(response)
