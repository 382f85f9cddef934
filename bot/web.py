"""The bot's web server (FastAPI, served by uvicorn) for HTTP-mode platforms.

Slack: POST /slack/events (events, commands, interactivity, options), and with OAuth
GET /slack/install and GET /slack/oauth_redirect. Teams will share this app at
/api/messages. Bolt's dispatch is synchronous, so it runs in the thread pool and never
holds up the event loop.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

SLACK_EVENTS = "/slack/events"


def build_web_app(*, slack: App | None = None) -> FastAPI:
    web = FastAPI(title="sendco-bot", docs_url=None, redoc_url=None, openapi_url=None)

    @web.get("/healthz")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    if slack is not None:
        _mount_slack(web, slack)
    return web


def _mount_slack(web: FastAPI, slack: App) -> None:
    @web.post(SLACK_EVENTS)
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        response = await run_in_threadpool(slack.dispatch, to_bolt_request(request, body))
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
