"""The `sendco-bot` command: the single entry point for staff, admins and support.

Each command's module is imported only when that command runs (`build_app(only=...)`), so a
quick command such as `parse` does not pay for Slack, Teams, Graph and spreadsheets.
`from bot.cli import app` still gives the whole command tree (tests, help).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

# command -> (module, function); group -> module holding its `app`.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("bot.commands.demo", "demo"),
    "status": ("bot.commands.run", "status"),
    "run": ("bot.commands.run", "run"),
    "parse": ("bot.commands.parse", "parse"),
    "chat": ("bot.commands.chat", "chat"),
    "export": ("bot.commands.export", "export"),
    "reminders": ("bot.commands.reminders", "reminders"),
    "scheduler": ("bot.commands.scheduler", "scheduler"),
}
GROUPS: dict[str, str] = {
    "school": "bot.commands.school",
    "db": "bot.commands.db",
    "import": "bot.commands.imports",
    "calendar": "bot.commands.calendar",
    "audit": "bot.commands.audit",
    "teams": "bot.commands.teams",
    "graph": "bot.commands.graph",
    "pupils": "bot.commands.pupils",
    "retention": "bot.commands.retention",
}
ORDER = (
    "school", "db", "import", "demo", "status", "run", "parse", "chat", "export",
    "reminders", "scheduler", "calendar", "audit", "teams", "graph", "pupils", "retention",
)  # fmt: skip


def build_app(only: str | None = None) -> typer.Typer:
    """The command tree: every command, or just `only` (what this process will run)."""
    built = typer.Typer(
        name="sendco-bot",
        help="sendco-bot: SEND records kept from staff chat in Slack and Microsoft Teams.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,  # never print pupil data from a traceback
    )

    @built.callback()
    def _group() -> None:
        """sendco-bot: SEND records kept from staff chat in Slack and Microsoft Teams."""

    for name in ORDER:
        if only is not None and name != only:
            continue
        if name in GROUPS:
            built.add_typer(importlib.import_module(GROUPS[name]).app, name=name)
        else:
            module, function = COMMANDS[name]
            built.command(name=name)(getattr(importlib.import_module(module), function))
    return built


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole tree, built when asked for
        return build_app()
    raise AttributeError(name)


def main() -> None:
    """The installed `sendco-bot` script: a fixable setup error is one line, not a traceback."""
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    app = build_app(only=wanted if wanted in COMMANDS or wanted in GROUPS else None)
    try:
        app()
    except Exception as error:
        from bot import fatal

        message = fatal.describe(error)
        if message is None:
            raise
        print(f"sendco-bot: {message}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
