"""`sendco-bot graph sync-staff`: the school's staff from its Microsoft 365 directory.

The members of the Entra groups in GRAPH_STAFF_GROUPS become staff with each group's role and
their Entra object id as their Teams id, through `import staff` (the same checks, report and
all-or-nothing rule). Slack ids already imported are kept; classes are left as they are.
"""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from bot.commands.imports import SchoolOpt, SkipOpt, import_source
from bot.graph import (
    DirectoryPerson,
    GraphSetupError,
    credential,
    directory_staff,
    graph_client,
    staff_groups,
)
from bot.runtime import open_runtime
from bot.settings import Settings
from handlers.imports import import_staff, parse_csv
from storage.codes import Platform
from storage.models import PlatformIdentity, Staff

app = typer.Typer(help="Microsoft Graph: staff from the school's directory.", no_args_is_help=True)

ReportOpt = Annotated[
    Path,
    typer.Option("--report", help="Where to write the people with problems."),
]
COLUMNS = ("email", "display_name", "roles", "slack_user_id", "teams_user_id")


@app.command("sync-staff")
def sync_staff(
    school: SchoolOpt = None,
    skip_invalid: SkipOpt = False,
    report: ReportOpt = Path("import-report-graph-staff.csv"),
) -> None:
    """Add and update staff from the Entra groups named in GRAPH_STAFF_GROUPS."""
    settings = Settings()
    try:
        groups = staff_groups(settings.graph_staff_groups)
        people = asyncio.run(_fetch(settings, groups))
    except GraphSetupError as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    if not people:
        typer.echo("The configured groups have no members with an email address: nothing to do.")
        return
    slack_ids = _imported_slack_ids(settings)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for person in people:
        writer.writerow(
            [person.email, person.display_name, ";".join(sorted(person.roles)),
             slack_ids.get(person.email, ""), person.object_id]
        )  # fmt: skip
    typer.echo(f"Read {len(people)} people from {len(groups)} directory groups.")
    source = parse_csv(text.getvalue().encode("utf-8"), name="the directory (Microsoft Graph)")
    import_source("staff", import_staff, source, school, skip_invalid, report)


async def _fetch(settings: Settings, groups: dict[str, str]) -> list[DirectoryPerson]:
    token = credential(settings)
    try:
        return await directory_staff(graph_client(settings, token), groups)
    finally:
        await token.close()


def _imported_slack_ids(settings: Settings) -> dict[str, str]:
    """Slack ids given by earlier imports, by email, so a directory sync keeps them."""
    runtime = open_runtime(settings)
    try:
        with runtime.sessions() as session:
            rows = session.execute(
                select(Staff.email, PlatformIdentity.external_id)
                .join(PlatformIdentity, PlatformIdentity.staff_id == Staff.id)
                .where(
                    PlatformIdentity.platform == Platform.SLACK.value,
                    PlatformIdentity.workspace_id == "",
                )
            ).all()
    finally:
        runtime.engine.dispose()
    return {email: external_id for email, external_id in rows}
