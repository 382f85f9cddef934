"""Microsoft's side of a Teams conversation, on loopback: the OpenID metadata and signing keys
inbound tokens are checked against, the Bot Framework connector replies are posted to, and an
Azure managed-identity endpoint the bot gets its outbound token from. Tokens are signed with a
fresh RSA key exactly as the Bot Framework signs them (RS256, issuer api.botframework.com,
audience the app id, the service URL as a claim)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
KID = "loopback-key-1"
IDENTITY_HEADER = "loopback-identity-header"


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # 32 clients at once: the default backlog of 5 resets some
    daemon_threads = True


@dataclass
class Microsoft:
    base: str = ""
    key: Any = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    posted: list[dict[str, Any]] = field(default_factory=list)  # activities the bot sent
    updated: list[dict[str, Any]] = field(default_factory=list)  # activities it replaced
    uploads: list[dict[str, Any]] = field(default_factory=list)  # files PUT to "OneDrive"
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def bot_token(self) -> str:
        """The outbound token the managed identity endpoint hands the bot (a JWT, as Azure's)."""
        now = int(time.time())
        claims = {"iss": "https://sts.windows.net/loopback/", "aud": "https://api.botframework.com",
                  "appid": "loopback", "nbf": now - 60, "exp": now + 3600}  # fmt: skip
        return jwt.encode(claims, self.key, algorithm="RS256")

    @property
    def openid_metadata_url(self) -> str:
        return f"{self.base}/v1/.well-known/openidconfiguration"

    @property
    def identity_endpoint(self) -> str:
        return f"{self.base}/msi/token"

    @property
    def service_url(self) -> str:
        return f"{self.base}/teams/"

    def token(
        self,
        app_id: str,
        *,
        key: Any = None,
        audience: str | None = None,
        expires_in: int = 3600,
        kid: str = KID,
    ) -> str:
        """An inbound Bot Framework token (signed by `key`, by default the published one)."""
        now = int(time.time())
        claims = {
            "iss": ISSUER, "aud": audience or app_id, "nbf": now - 7200,
            "exp": now + expires_in, "serviceurl": self.service_url,
        }  # fmt: skip
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid})

    def wait_for_posts(self, count: int, timeout: float = 15) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.posted) >= count:
                    return list(self.posted)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} posts, got {self.posted}")


def serve_microsoft() -> tuple[Microsoft, ThreadingHTTPServer]:
    microsoft = Microsoft()
    public = json.loads(RSAAlgorithm.to_jwk(microsoft.key.public_key()))
    public |= {"kid": KID, "use": "sig", "alg": "RS256", "endorsements": ["msteams"]}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _json(self, body: Any, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == "/v1/.well-known/openidconfiguration":
                self._json({"issuer": ISSUER, "jwks_uri": f"{microsoft.base}/v1/.well-known/keys",
                            "id_token_signing_alg_values_supported": ["RS256"]})  # fmt: skip
            elif url.path == "/v1/.well-known/keys":
                self._json({"keys": [public]})
            elif url.path == "/msi/token":
                if self.headers.get("X-IDENTITY-HEADER") != IDENTITY_HEADER:
                    self._json({"error": "no identity header"}, 400)
                    return
                with microsoft.lock:
                    microsoft.token_requests.append(parse_qs(url.query))
                self._json({"access_token": microsoft.bot_token, "token_type": "Bearer",
                            "expires_on": str(int(time.time()) + 3600),
                            "resource": parse_qs(url.query).get("resource", [""])[0]})  # fmt: skip
            else:
                self._json({"error": "not found"}, 404)

        def do_PUT(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.startswith("/onedrive/"):  # an upload session Teams handed the bot
                upload = {"path": self.path, "content": raw,
                          "range": self.headers.get("Content-Range")}  # fmt: skip
                with microsoft.lock:
                    microsoft.uploads.append(upload)
                self._json({"id": "file-1", "name": "upload", "size": len(raw)}, 201)
                return
            body = json.loads(raw or b"{}")
            with microsoft.lock:
                microsoft.updated.append({"path": self.path, "body": body})
            self._json({"id": self.path.rsplit("/", 1)[-1]})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if "/v3/conversations/" in self.path:
                with microsoft.lock:
                    microsoft.posted.append(
                        {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
                    )
                self._json({"id": f"reply-{len(microsoft.posted)}"})
            else:
                self._json({"error": "not found"}, 404)

    server = _Server(("127.0.0.1", 0), Handler)
    microsoft.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return microsoft, server


@dataclass
class GraphCall:
    method: str
    path: str
    auth: str
    body: Any


Respond = Callable[[str, str, Any], tuple[int, Any]]  # (method, path, body) -> (status, json)


def serve_graph(respond: Respond) -> tuple[list[GraphCall], str, ThreadingHTTPServer]:
    """A loopback Microsoft Graph: every call is recorded, and answered by `respond`."""
    calls: list[GraphCall] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            calls.append(GraphCall(self.command, self.path, self.headers.get("Authorization", ""),
                                   body))  # fmt: skip
            status, answer = respond(self.command, self.path, body)
            data = json.dumps(answer).encode() if answer is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = _handle

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return calls, f"http://127.0.0.1:{server.server_address[1]}", server
