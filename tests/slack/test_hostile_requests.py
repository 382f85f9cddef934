"""HTTP mode against requests no Slack would send: oversized bodies are refused before they
are read, a timestamp that is not a number and a body that is not JSON or a form are refused
with 401 / 400 — no 500, no traceback, no work done."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from slack_sdk.signature import SignatureVerifier

from bot.web import MAX_BODY_BYTES
from tests.slack.conftest import SECRET, Bot
from tests.slack.fake_slack import FakeSlack


def raw_post(bot: Bot, body: bytes | Iterator[bytes], headers: dict[str, str]) -> tuple[int, str]:
    url = urlsplit(bot.slack.url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
    try:
        chunked = not isinstance(body, bytes)
        connection.request("POST", "/slack/events", body=body, headers=headers,
                           encode_chunked=chunked)  # fmt: skip
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    except (BrokenPipeError, ConnectionResetError):
        return 413, "connection closed while sending"  # refused before it was all sent
    finally:
        connection.close()


def test_an_oversized_body_is_refused_before_it_is_read(bot: Bot, slack_api: FakeSlack) -> None:
    declared = b"x" * (MAX_BODY_BYTES + 1)
    status, text = raw_post(bot, declared, {"Content-Type": "application/json"})
    assert status == 413 and "Traceback" not in text

    def stream() -> Iterator[bytes]:  # no Content-Length: chunked, larger than the limit
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536

    status, _ = raw_post(bot, stream(), {"Content-Type": "application/json"})
    assert status == 413
    assert slack_api.calls_to("chat.postMessage") == []


def test_a_timestamp_that_is_not_a_number_is_refused(bot: Bot) -> None:
    status, text = raw_post(
        bot, b"{}", {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "soon",
                     "X-Slack-Signature": "v0=00"},
    )  # fmt: skip
    assert status == 401 and "Traceback" not in text


def test_a_signed_body_that_is_not_json_is_a_bad_request(bot: Bot) -> None:
    body = '{"type": "event_callback", "event": '  # cut short
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None
    status, text = raw_post(
        bot, body.encode(), {"Content-Type": "application/json",
                             "X-Slack-Request-Timestamp": timestamp,
                             "X-Slack-Signature": signature},
    )  # fmt: skip
    assert status == 400 and "Traceback" not in text
    # ... and the bot still answers signed requests afterwards.
    assert bot.slack.post("{}", "application/json").status in (200, 404)
