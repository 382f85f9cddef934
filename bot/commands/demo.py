"""`sendco-bot demo`: build the fictional demo school, to try the bot without real data.

Also the pieces `run` and `status` share: today's date at the school, and how a school's
summary is printed.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import make_url

from bot.runtime import open_runtime
from handlers.demo_school import (
    DEMO_SCHOOL_NAME,
    SIGN_IN_EXAMPLES,
    build_demo_school,
    find_school,
)
from handlers.status import SchoolSummary, school_summary
from storage.database import normalise_url, transaction

ROLE_LABELS = {
    "teacher": "teachers",
    "ta": "TAs",
    "sendco": "SENDCO",
    "dsl": "DSL",
    "head": "head",
    "admin": "admin",
}


def school_today(timezone: str = "Europe/London") -> date:
    """Today's date where the school is: the date handlers are given, never look up."""
    return datetime.now(ZoneInfo(timezone)).date()


def describe_database(url: str) -> str:
    """Where the data lives, for people: a file path for SQLite, a URL without password."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database).resolve()) if parsed.database else "an in-memory database"
    return parsed.render_as_string(hide_password=True)


def summary_table(summary: SchoolSummary) -> Table:
    def share(n: int) -> str:
        return f"{n} ({n / summary.pupils_on_roll:.1%})" if summary.pupils_on_roll else str(n)

    roles = ", ".join(
        f"{n} {ROLE_LABELS.get(role, role)}" for role, n in summary.staff_by_role.items() if n
    )
    table = Table(title=escape(summary.school_name), show_header=False, title_justify="left")
    table.add_column("What", style="bold")
    table.add_column("Count")
    rows: tuple[tuple[str, str], ...] = (
        ("Pupils on roll", str(summary.pupils_on_roll)),
        ("On SEN support (K)", share(summary.sen_support)),
        ("With an EHC plan (E)", share(summary.ehcp)),
        ("Open concerns", str(summary.open_concerns)),
        ("Advice requests waiting", str(summary.open_advice_requests)),
        ("Active interventions", str(summary.active_interventions)),
        ("Sessions logged, last 7 days", str(summary.sessions_last_7_days)),
        ("Reviews due in the next 6 weeks", str(summary.reviews_due_next_6_weeks)),
        ("Reviews overdue", str(summary.reviews_overdue)),
        ("Staff", f"{summary.staff_total} ({roles})" if roles else str(summary.staff_total)),
    )
    if summary.undelivered_notices:
        rows += (
            (
                "[red]Messages not delivered[/red]",
                f"{summary.undelivered_notices} (retried hourly; the SENDCO's digest lists them)",
            ),
        )
    for label, value in rows:
        table.add_row(label, escape(value))
    return table


def print_sign_in_examples(console: Console) -> None:
    console.print("Staff of the demo school to sign in as (all fictional):")
    for email, what in SIGN_IN_EXAMPLES:
        console.print(f"  {email:<34} {escape(what)}", highlight=False)


def demo() -> None:
    """Create the fictional demo school (Oakfield Primary) in the configured database."""
    console = Console()
    runtime = open_runtime()
    today = school_today(runtime.settings.school_timezone)
    try:
        with transaction(runtime.sessions) as session:
            school = find_school(session)
            created = school is None
            if school is None:
                school = build_demo_school(session, today=today)
            summary = school_summary(session, school_id=school.id, today=today)
    finally:
        runtime.engine.dispose()
    where = describe_database(runtime.settings.database_url)
    if created:
        console.print(f"Created the demo school {escape(DEMO_SCHOOL_NAME)} in {escape(where)}.")
        console.print("Every pupil and member of staff in it is invented.")
    else:
        console.print(
            f"The demo school {escape(DEMO_SCHOOL_NAME)} already exists in {escape(where)}; "
            "nothing was changed.\nIt cannot be reset in place, because the audit trail is "
            "append-only. To start afresh, delete that SQLite file (and its -wal and -shm "
            "files), or set DATABASE_URL to a new, empty database."
        )
    console.print(summary_table(summary))
    print_sign_in_examples(console)
