"""The floor for the Slack request path: a Bolt app that only acknowledges `/concern`, on the
same server stack as the bot (bot.web's FastAPI route, uvicorn).

    python -m benchmarks.bare_bolt --port 3001   (SLACK_SIGNING_SECRET, SLACK_API_BASE_URL)
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import uvicorn
from slack_bolt import App
from slack_sdk import WebClient

from bot.web import build_web_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    client = WebClient(token="xoxb-bare", base_url=os.environ["SLACK_API_BASE_URL"])
    app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"], client=client,
              token_verification_enabled=False)  # fmt: skip

    @app.command("/concern")
    def concern(ack: Any) -> None:
        ack()

    uvicorn.run(build_web_app(slack=app), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
