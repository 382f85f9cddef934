"""`sendco-bot export KIND [--as EMAIL] [--format csv|json|xlsx] [--out FILE]`: records out.

One row per record, pupils by UPN. The command line is a local admin tool: whoever can run it
on the server can read the database anyway, so `--as` names who the export is for rather than
proving it. It still goes through the same access rules and audit trail as chat: only someone
with export rights (SENDCO or head) may be named, the audit records that it came from the
command line and whether `--as` was given, and it is audited only once the file is written.
Exit codes: 0 written; 1 refused (not allowed) or the database failed; 2 the command itself is
wrong (unknown kind, format, school or email; bad --out).
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.commands.acting import SchoolOpt, acting_as, fail
from bot.runtime import open_runtime
from handlers.exports import FORMATS, KINDS, ExportOutcome, run_export
from handlers.exports.kinds import ExportOptions
from handlers.unit_of_work import perform

KindArg = Annotated[
    str, typer.Argument(help=f"What to export: {', '.join(KINDS)}.", show_default=False)
]
AsOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Email of the member of staff the export is for (they need export rights: "
        "SENDCO or head); default: the school's SENDCO. The command line is a local admin "
        "tool: the audit trail records that the export came from it.",
        show_default=False,
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="File to write (default: standard output).", dir_okay=False),
]


def export(
    kind: KindArg,
    as_email: AsOpt = None,
    format: FormatOpt = "csv",
    out: OutOpt = None,
    school: SchoolOpt = None,
) -> None:
    """Export the SEN register, concerns, intervention sessions or the provision map, one row
    per record (csv, json or an xlsx workbook).

    A local admin tool: it runs as the member of staff named by --as (default: the school's
    SENDCO), who must have export rights; the audit trail records a command-line export."""
    if kind not in KINDS:
        fail(f"Unknown export '{kind}': choose one of {', '.join(KINDS)}.", code=2)
    if format not in FORMATS:
        fail(f"Unknown format '{format}': choose one of {', '.join(FORMATS)}.", code=2)
    if out is not None and not out.parent.is_dir():
        fail(f"Can't write {out}: the folder {out.parent} does not exist.", code=2)
    partial = out.with_name(f".{out.name}.partial") if out is not None else None
    runtime = open_runtime()
    try:
        actor = acting_as(runtime.sessions, as_email, school)
        outcome = perform(
            runtime.sessions,
            run_export,
            actor=actor,
            kind=kind,
            now=datetime.now(UTC),
            format=format,
            write=(lambda content: _write(partial, content)) if partial else None,
            via="command line" + (" (--as)" if as_email else " (default: the SENDCO)"),
            options=ExportOptions(min_sessions=runtime.settings.impact_min_sessions),
        )
    except BaseException:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    finally:
        runtime.engine.dispose()
    if not isinstance(outcome, ExportOutcome) or outcome.table is None:
        if partial is not None:
            partial.unlink(missing_ok=True)
        fail(outcome.reply.title, code=2 if outcome.errors else 1)
    if out is None or partial is None:
        content = outcome.content
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        elif content is not None:
            typer.echo(content, nl=False)
        return
    os.replace(partial, out)  # the audited file appears whole, under its name
    typer.echo(f"Wrote {len(outcome.table.rows)} {kind} rows to {out}", err=True)


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
