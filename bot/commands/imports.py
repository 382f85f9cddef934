"""`sendco-bot import pupils|staff|interventions|plans|training FILE.csv`: set a school up.

Pupils and staff come from the MIS export. Intervention groups, plans and training records
go through the same handlers as the chat, acting as the member of staff named by --as
(default: the school's SENDCO), so the audit trail names who set them up.

Exit codes: 0 imported; 1 rows with problems (nothing imported) or the database refused the
changes; 2 the file cannot be used at all (missing, unreadable, wrong encoding, missing columns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, NoReturn, Protocol

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from bot.runtime import open_runtime
from bot.settings import Settings
from handlers.errors import HandlerError
from handlers.identity import actor_by_email, school_lead
from handlers.imports import (
    CsvSource,
    ImportFileError,
    ImportResult,
    ProgressCallback,
    import_pupils,
    import_staff,
    read_csv_file,
    write_report,
)
from handlers.imports.interventions import INTERVENTIONS
from handlers.imports.plans import PLANS
from handlers.imports.through_handlers import SetupKind, import_through_handlers
from handlers.imports.training import TRAINING
from handlers.schools import choose_school
from storage.models import School

SHOW_AT_MOST = 50

app = typer.Typer(
    help="Import pupils and staff from the school MIS, then intervention groups, plans and "
    "training records, from CSV files.",
    no_args_is_help=True,
)


class Importer(Protocol):
    def __call__(
        self,
        session: Session,
        *,
        school: School,
        source: CsvSource,
        skip_invalid: bool = ...,
        actor_id: int | None = ...,
        progress: ProgressCallback | None = ...,
    ) -> ImportResult: ...


FileArg = Annotated[Path, typer.Argument(help="The CSV file (UTF-8 or Windows-1252).")]
SchoolOpt = Annotated[
    str | None,
    typer.Option(
        "--school",
        help="School to import into (default: SCHOOL_NAME, or the only school). "
        "Create it first with `sendco-bot school create`.",
    ),
]
SkipOpt = Annotated[
    bool,
    typer.Option(
        "--skip-invalid", help="Import the good rows and write the bad ones to the report."
    ),
]
ReportOpt = Annotated[
    Path | None,
    typer.Option("--report", help="Where to write the rows with problems (default: beside FILE)."),
]


@app.command()
def pupils(
    file: FileArg, school: SchoolOpt = None, skip_invalid: SkipOpt = False, report: ReportOpt = None
) -> None:
    """Import pupils, matched by UPN: new ones are added, known ones updated.

    Columns: upn, first_name, last_name, preferred_name, date_of_birth (YYYY-MM-DD),
    year_group, class_name, sen_status (N/K/E), primary_need (census code);
    optional ehcp_issued_on, last_review_on.
    """
    _run("pupils", import_pupils, file, school, skip_invalid, report)


@app.command()
def staff(
    file: FileArg, school: SchoolOpt = None, skip_invalid: SkipOpt = False, report: ReportOpt = None
) -> None:
    """Import staff, matched by email: new ones are added, known ones updated.

    Columns: email, display_name, roles (teacher;ta;sendco;dsl;head;admin),
    slack_user_id, teams_user_id; optional class_names (separated by ';').
    """
    _run("staff", import_staff, file, school, skip_invalid, report)


AsOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Email of the SENDCO or head the records are set up by "
        "(default: the school's SENDCO).",
    ),
]


@app.command()
def interventions(
    file: FileArg,
    school: SchoolOpt = None,
    skip_invalid: SkipOpt = False,
    report: ReportOpt = None,
    as_email: AsOpt = None,
) -> None:
    """Import intervention groups, one per row; a group already set up gets the new pupils.

    Columns: name, programme, start_on (YYYY-MM-DD); optional lead_email, end_on, weekdays
    (mon;wed), schedule_note, session_minutes, planned_sessions, cost_per_session (pounds),
    measure (standardised, reading_age, spelling_age or custom), custom_scale, area
    (cognition_learning, communication_interaction, semh, sensory_physical), pupils (UPNs
    separated by ';').
    """
    _run("interventions", _through(INTERVENTIONS, as_email), file, school, skip_invalid, report)


@app.command()
def plans(
    file: FileArg,
    school: SchoolOpt = None,
    skip_invalid: SkipOpt = False,
    report: ReportOpt = None,
    as_email: AsOpt = None,
) -> None:
    """Import plans, one per row, for pupils already imported.

    Columns: upn, kind (ehcp, sen_support, health_care or pep); optional started_on (the
    issue date of an EHC plan; the start of a Health Care Plan or PEP), last_reviewed_on,
    review_due_on, local_authority (EHC plans), primary_need, outcomes (SEN support:
    'outcome | provision', separated by ';'), parent_views, pupil_views.
    """
    _run("plans", _through(PLANS, as_email), file, school, skip_invalid, report)


@app.command()
def training(
    file: FileArg,
    school: SchoolOpt = None,
    skip_invalid: SkipOpt = False,
    report: ReportOpt = None,
    as_email: AsOpt = None,
) -> None:
    """Import training records: who completed which course, when.

    Columns: email, course, completed_on (YYYY-MM-DD); optional valid_months (for a course not
    yet on the school's list: how long it stays valid; empty means it never expires).
    """
    _run("training", _through(TRAINING, as_email), file, school, skip_invalid, report)


def _through(kind: SetupKind, as_email: str | None) -> Importer:
    """An importer for `kind` acting as the member of staff named by --as (or the SENDCO)."""

    def run(
        session: Session,
        *,
        school: School,
        source: CsvSource,
        skip_invalid: bool = False,
        actor_id: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> ImportResult:
        if as_email:
            actor = actor_by_email(session, as_email, school_id=school.id)
            if actor is None:
                raise HandlerError(
                    f"No active member of staff at {school.name} has the email {as_email}."
                )
        else:
            actor = school_lead(session, school.id)
            if actor is None:
                raise HandlerError(
                    f"{school.name} has no SENDCO or head on record: import staff first, or "
                    "name who sets these up with --as EMAIL."
                )
        return import_through_handlers(
            session,
            kind=kind,
            actor=actor,
            source=source,
            now=datetime.now(UTC),
            skip_invalid=skip_invalid,
            progress=progress,
        )

    return run


def _run(
    kind: str,
    importer: Importer,
    file: Path,
    school_name: str | None,
    skip_invalid: bool,
    report: Path | None,
) -> None:
    try:
        source = read_csv_file(file)
    except ImportFileError as error:
        _fail(error.message, code=2)
    if source.encoding != "utf-8":
        typer.echo(f"Read {source.name} as {_ENCODINGS.get(source.encoding, source.encoding)}.")
    import_source(
        kind, importer, source, school_name, skip_invalid,
        report or file.with_name(f"import-report-{kind}.csv"),
    )  # fmt: skip


def import_source(
    kind: str,
    importer: Importer,
    source: CsvSource,
    school_name: str | None,
    skip_invalid: bool,
    report_path: Path,
) -> None:
    """Import `source` (a file, or rows built from another system) and say what happened."""
    settings = Settings()
    result = _import(kind, importer, source, settings, school_name, skip_invalid)

    reported = bool(result.errors) and _write_report(result, source, report_path)
    where = f"listed in {report_path}" if reported else "listed above"
    if not result.written:
        _explain_refusal(result, source, where)
        _warnings(result, err=True)
        raise typer.Exit(1)
    typer.echo(result.summary())
    if result.errors:
        count = len(result.bad_lines)
        typer.echo(
            f"Skipped {count} row{'s' if count != 1 else ''} with problems "
            f"({where}, with what to fix):"
        )
        _list(result.errors, noun="problems")
    _warnings(result)


def _warnings(result: ImportResult, *, err: bool = False) -> None:
    if result.warnings:
        typer.echo(f"Warnings ({len(result.warnings)}):", err=err)
        _list(result.warnings, noun="warnings", err=err)


_ENCODINGS = {"cp1252": "Windows-1252 text", "utf-16": "UTF-16 text"}


def _import(
    kind: str,
    importer: Importer,
    source: CsvSource,
    settings: Settings,
    school_name: str | None,
    skip_invalid: bool,
) -> ImportResult:
    """Run the import in one transaction: committed when the handler wrote, else rolled back."""
    try:
        runtime = open_runtime(settings)
    except SQLAlchemyError as error:
        _fail(f"Cannot open the database: {_database_problem(error)}", code=1)
    try:
        with runtime.sessions() as session, _progress_bar(kind) as progress:
            try:
                school = choose_school(
                    session, named=school_name, default_name=settings.school_name
                )
                result = importer(
                    session,
                    school=school,
                    source=source,
                    skip_invalid=skip_invalid,
                    progress=progress,
                )
                if result.written:
                    session.commit()
                else:
                    session.rollback()
                return result
            except HandlerError as error:  # the file, the school or --as: nothing written
                session.rollback()
                _fail(error.message, code=2)
            except SQLAlchemyError as error:
                session.rollback()
                _fail(
                    f"Nothing was imported: the database refused the changes "
                    f"({_database_problem(error)}). The database is unchanged.",
                    code=1,
                )
    finally:
        runtime.engine.dispose()


def _explain_refusal(result: ImportResult, source: CsvSource, where: str) -> None:
    bad = len(result.bad_lines)
    typer.echo(
        f"{source.name}: {bad} of {result.rows} row{'s' if result.rows != 1 else ''} "
        f"{'has' if bad == 1 else 'have'} problems:",
        err=True,
    )
    _list(result.errors, noun="problems", err=True)
    good = result.rows - bad
    typer.echo(
        f"Nothing was imported: the database is unchanged. Fix these rows (all are {where}), "
        f"or run again with --skip-invalid to import the {good} good "
        f"row{'s' if good != 1 else ''} and write the bad ones to a report.",
        err=True,
    )


class _Describable(Protocol):
    def describe(self) -> str: ...


def _list(items: Sequence[_Describable], *, noun: str, err: bool = False) -> None:
    for item in items[:SHOW_AT_MOST]:
        typer.echo(f"  {item.describe()}", err=err)
    if len(items) > SHOW_AT_MOST:
        typer.echo(f"  ... and {len(items) - SHOW_AT_MOST} more {noun}", err=err)


def _write_report(result: ImportResult, source: CsvSource, path: Path) -> bool:
    try:
        # A byte-order mark lets Excel open it as UTF-8; the importer reads it back as well.
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            write_report(result, source, stream)
    except OSError as error:
        typer.echo(f"Could not write the report {path}: {error.strerror or error}.", err=True)
        return False
    return True


@contextmanager
def _progress_bar(kind: str) -> Iterator[Callable[[str, int, int], None]]:
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{stage.capitalize()} {kind}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _database_problem(error: SQLAlchemyError) -> str:
    # Never the statement or its parameters: they can hold pupil data.
    original = getattr(error, "orig", None)
    detail = str(original).splitlines()[0] if original is not None and str(original) else ""
    name = type(original or error).__name__
    # Connection and locking problems say what to fix; constraint messages can quote values.
    return f"{name}: {detail}" if detail and isinstance(error, OperationalError) else name


def _fail(message: str, *, code: int) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)
