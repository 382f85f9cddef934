"""`sendco-bot teams package --out FILE.zip`: the Teams app package for the IT admin to upload."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.settings import Settings
from bot.teams.package import PackageError, write_package

app = typer.Typer(help="Microsoft Teams: the app package.", no_args_is_help=True)

OutOpt = Annotated[Path, typer.Option("--out", help="Where to write the zip.", show_default=True)]


@app.command()
def package(out: OutOpt = Path("sendco-bot-teams.zip")) -> None:
    """Build the Teams app package from CLIENT_ID, TEAMS_APP_DOMAIN and SCHOOL_NAME.

    Upload it in the Teams admin centre (Manage apps → Upload new app), or in Teams itself
    (Apps → Manage your apps → Upload an app) to try it.
    """
    try:
        manifest = write_package(Settings(), out)
    except PackageError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    except OSError as error:
        typer.echo(f"Could not write {out}: {error.strerror or error}.", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"Wrote {out}: app {manifest['id']} version {manifest['version']} for bot "
        f"{manifest['bots'][0]['botId']}, served on {manifest['validDomains'][0]}."
    )
