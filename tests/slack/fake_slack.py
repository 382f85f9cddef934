"""A loopback stand-in for Slack's Web API (and response URLs), on 127.0.0.1.

It records every call (method, arguments, token) and answers as Slack does, with ids that
tests can follow: chat.postMessage returns a fresh `ts`, views.open a view id and hash.
`fail_next` makes the next call of a method fail (429 with Retry-After, or a 500) to prove
the client's retry handlers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TEAM_ID = "T111"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
INSTALLED_TEAM = "T0OTHER"
INSTALLED_TOKEN = "xoxb-installed"  # what oauth.v2.access hands out


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # 32 clients at once: the default backlog of 5 resets some
    daemon_threads = True


@dataclass
class Call:
    method: str  # "chat.postMessage", ... or "response_url"
    args: dict[str, Any]
    token: str
    status: int = 200
    result: Any = None  # what the fake answered

    def text(self) -> str:
        """Everything a person would read in the call: the text and the blocks' text."""
        return str(self.args.get("text", "")) + " " + json.dumps(self.args.get("blocks", ""))


@dataclass
class Fault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    error: str = "fault_injected"


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.emails: dict[str, str] = {}  # Slack user id -> the email users.info reports
        self.faults: dict[str, list[Fault]] = {}
        self.views: list[dict[str, Any]] = []  # views opened/pushed/updated, as returned
        self.history: dict[str, list[dict[str, Any]]] = {}  # channel -> messages, newest first
        self.uploads: dict[str, bytes] = {}  # file id -> the bytes posted to its upload URL
        self._lock = threading.Lock()
        self._counter = 0
        self.server = _Server(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def hook_url(self, name: str) -> str:
        return f"{self.url}/hooks/{name}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(
        self,
        method: str,
        status: int,
        headers: dict[str, str] | None = None,
        *,
        error: str = "fault_injected",
    ) -> None:
        """The next `method` call fails: HTTP `status` (200: Slack's {"ok": false, "error"})."""
        self.faults.setdefault(method, []).append(Fault(status, headers or {}, error))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, where: Callable[[Call], bool] = lambda c: True, *, count: int = 1
    ) -> Call:
        """The `count`-th call of `method` matching `where`, waiting up to 10 s for it."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            found = [c for c in self.calls_to(method) if c.result is not None and where(c)]
            if len(found) >= count:
                return found[count - 1]
            time.sleep(0.02)
        seen = [(c.method, c.args.get("channel")) for c in self.calls]
        raise AssertionError(f"no {method} call (#{count}) arrived; calls: {seen}")

    def last_view(self) -> dict[str, Any]:
        self.wait_for("views.open")
        with self._lock:
            return self.views[-1]

    # -- answering -------------------------------------------------------------------------

    def _next(self) -> int:
        with self._lock:
            self._counter += 1
            return self._counter

    def answer(
        self, method: str, args: dict[str, Any], token: str
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            queued = self.faults.get(method) or []
            fault = queued.pop(0) if queued else None
            call = Call(method, args, token, fault.status if fault else 200)
            self.calls.append(call)
        if fault is not None:
            return fault.status, fault.headers, {"ok": False, "error": fault.error}
        result = self._result(method, args, token)
        call.result = result
        return 200, {}, result

    def _result(self, method: str, args: dict[str, Any], token: str) -> Any:
        n = self._next()
        if method == "response_url":
            return "ok"
        if method == "auth.test":
            installed = token == INSTALLED_TOKEN
            return {
                "ok": True,
                "url": "https://school.slack.com/",
                "team": "Test School",
                "user": "sendco-bot",
                "team_id": INSTALLED_TEAM if installed else TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "users.info":
            user = str(args.get("user", ""))
            email = self.emails.get(user, f"{user.lower()}@unknown.example")
            return {"ok": True, "user": {"id": user, "is_bot": False, "profile": {"email": email}}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", ""))}}
        if method == "chat.postMessage":
            ts = f"{1790000000 + n}.000100"
            message = {"ts": ts, "text": args.get("text", "")}
            if args.get("metadata"):
                message["metadata"] = args["metadata"]
            with self._lock:
                self.history.setdefault(str(args.get("channel")), []).insert(0, message)
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": message}
        if method == "files.getUploadURLExternal":
            file_id = f"F{n:04d}"
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")}
                                          for f in args.get("files", [])]}  # fmt: skip
        if method == "conversations.history":
            with self._lock:
                messages = list(self.history.get(str(args.get("channel")), []))
            if not args.get("include_all_metadata"):
                messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
            return {"ok": True, "messages": messages[: int(args.get("limit") or 100)]}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1790000000 + n}.000200"}
        if method in ("views.open", "views.push", "views.update", "views.publish"):
            view = dict(args.get("view") or {})
            view.update(id=args.get("view_id") or f"V{n:04d}", hash=f"{n}.hash")
            view.setdefault("state", {"values": {}})
            with self._lock:
                self.views.append(view)
            return {"ok": True, "view": view}
        if method == "oauth.v2.access":
            return {
                "ok": True,
                "app_id": "A0APP",
                "authed_user": {"id": "U0INSTALLER"},
                "scope": "chat:write,commands",
                "token_type": "bot",
                "access_token": INSTALLED_TOKEN,
                "bot_user_id": BOT_USER_ID,
                "team": {"id": INSTALLED_TEAM, "name": "Other School"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        return {"ok": True}


def _decode(value: str) -> Any:
    if value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body_bytes = self.rfile.read(length) if length else b""
            if parts.path.startswith("/upload/"):  # a file's bytes, posted as Slack expects
                with fake._lock:
                    fake.uploads[parts.path.removeprefix("/upload/")] = body_bytes
                reply = f"OK - {len(body_bytes)}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
                return
            raw = body_bytes.decode()
            args: dict[str, Any] = {k: _decode(v) for k, v in parse_qsl(parts.query)}
            if "json" in (self.headers.get("Content-Type") or ""):
                args.update(json.loads(raw or "{}"))
            elif raw:
                args.update({k: _decode(v) for k, v in parse_qsl(raw)})
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            if "token" in args:
                token = str(args.pop("token"))
            if parts.path.startswith("/api/"):
                method = parts.path.removeprefix("/api/")
            else:
                method = "response_url"
            status, headers, body = fake.answer(method, args, token)
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            content = "text/plain" if isinstance(body, str) else "application/json"
            self.send_header("Content-Type", content)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve
        do_POST = _serve

    return Handler
