"""`sendco-bot export KIND [--as EMAIL] [--format csv|json|xlsx] [--out FILE]`: records out.

Kinds beside the school-wide tables: `impact [--group NAME] [--chart FILE.png]`, `summary`
(governors and head; counts under 5 withheld), and one pupil's `chronology`, `transfer`
(`--to` the receiving school) and `sar` (subject access copy), each with `--pupil UPN`.
Named data asks why (`--reason`; prompted at a terminal) and the audit trail keeps it.

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


PupilOpt = Annotated[
    str | None,
    typer.Option(
        "--pupil", help="The pupil's UPN (chronology, transfer, sar).", show_default=False
    ),
]
GroupOpt = Annotated[
    str | None,
    typer.Option("--group", help="impact: one intervention group by name (default: all).",
                 show_default=False),
]  # fmt: skip
ChartOpt = Annotated[
    Path | None,
    typer.Option("--chart", help="impact: also write the chart (PNG) to this file.",
                 dir_okay=False, show_default=False),
]  # fmt: skip
ReasonOpt = Annotated[
    str | None,
    typer.Option("--reason", help="Why named records are leaving the system (audited); asked "
                 "at a terminal when not given.", show_default=False),
]  # fmt: skip
ToOpt = Annotated[
    str, typer.Option("--to", help="transfer: the receiving school or SENDCO (audited).")
]
# What the reason is when the kind says it and none was given.
IMPLIED_REASONS = {"sar": "subject access request", "transfer": "transfer to the next school"}


def export(
    kind: KindArg,
    as_email: AsOpt = None,
    format: FormatOpt = "csv",
    out: OutOpt = None,
    school: SchoolOpt = None,
    pupil: PupilOpt = None,
    group: GroupOpt = None,
    chart: ChartOpt = None,
    reason: ReasonOpt = None,
    to: ToOpt = "",
) -> None:
    """Export records (csv, json or an xlsx workbook): the SEN register, concerns, sessions,
    the provision map, intervention impact (with a chart), the governors' summary, and one
    pupil's chronology, transfer pack or subject access copy.

    A local admin tool: it runs as the member of staff named by --as (default: the school's
    SENDCO), who must have the right to; the audit trail records a command-line export, with
    its reason."""
    if kind not in KINDS:
        fail(f"Unknown export '{kind}': choose one of {', '.join(KINDS)}.", code=2)
    if KINDS[kind].per_pupil and not pupil:
        fail(f"Say which pupil: sendco-bot export {kind} --pupil UPN.", code=2)
    if chart is not None and kind != "impact":
        fail("--chart goes with the impact export only.", code=2)
    for target in (out, chart):
        if target is not None and not target.parent.is_dir():
            fail(f"Can't write {target}: the folder {target.parent} does not exist.", code=2)
    if format not in FORMATS:
        fail(f"Unknown format '{format}': choose one of {', '.join(FORMATS)}.", code=2)
    reason = _reason(kind, reason)
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
            options=ExportOptions(
                min_sessions=runtime.settings.impact_min_sessions,
                pupil_upn=pupil,
                group=group,
                reason=reason,
                recipient=to,
            ),
            ask_reason=False,
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
    _write_chart(chart, outcome)
    if out is None or partial is None:
        _print(outcome.content)
        return
    os.replace(partial, out)  # the audited file appears whole, under its name
    report = outcome.report
    tables = "" if report is None or report.single else f" in {len(report.tables)} tables"
    rows = report.rows if report is not None else len(outcome.table.rows)  # pragma: no branch
    typer.echo(f"Wrote {rows} {kind} rows{tables} to {out}", err=True)


def _reason(kind: str, given: str | None) -> str:
    """The reason given, or asked for at a terminal, or the one the kind implies."""
    if given and given.strip():
        return given.strip()
    if not KINDS[kind].named:
        return ""
    if sys.stdin.isatty():
        return str(typer.prompt("Why are these named records being exported? (kept in the audit "
                                "trail)")).strip()  # fmt: skip
    return IMPLIED_REASONS.get(kind, "")


def _write_chart(chart: Path | None, outcome: ExportOutcome) -> None:
    if chart is None or outcome.report is None or outcome.report.chart is None:
        return
    partial = chart.with_name(f".{chart.name}.partial")
    partial.write_bytes(outcome.report.chart)
    os.replace(partial, chart)
    typer.echo(f"Wrote the impact chart to {chart}", err=True)


def _print(content: str | bytes | None) -> None:
    if isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    elif content is not None:
        typer.echo(content, nl=False)


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
