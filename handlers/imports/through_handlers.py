"""Bulk set-up from CSV through the same handlers the chat uses (`import interventions`,
`import plans`, `import training`): every row is checked by the handler that would take it
in conversation, so a file can never store what a form would refuse.

Each row runs in its own savepoint: a refused row leaves nothing behind, and its problems are
collected with the column to fix. With problems and no `skip_invalid` nothing is kept (the
caller rolls back, as for `import pupils`); otherwise the good rows are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers import audit, outbox
from handlers.errors import HandlerError, InvalidInput
from handlers.imports.csv_source import CsvSource, check_columns, overflow_problem
from handlers.imports.result import ImportResult, Outcome, ProgressCallback, RowError
from handlers.vocabulary import Actor, Notice
from storage.codes import AuditAction
from storage.models import Pupil, Staff


class RowProblem(HandlerError):
    """One column of one row cannot be used; `column` names it."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass
class RowWork:
    """What applying one row did: its outcome and the notices it raised (sent on success)."""

    outcome: Outcome
    notices: list[Notice]


# apply(session, actor, values, now) -> RowWork; raises RowProblem or a HandlerError.
Apply = Callable[[Session, Actor, Mapping[str, str], datetime], RowWork]


@dataclass(frozen=True)
class SetupKind:
    name: str  # "interventions", "plans", "training"
    required: tuple[str, ...]
    optional: tuple[str, ...]
    apply: Apply
    columns: Mapping[str, str]  # handler field name -> CSV column, for InvalidInput


def import_through_handlers(
    session: Session,
    *,
    kind: SetupKind,
    actor: Actor,
    source: CsvSource,
    now: datetime,
    skip_invalid: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Apply every row of `source`; see the module docstring. The caller commits."""
    result = ImportResult(kind=kind.name, file_name=source.name, rows=len(source.rows))
    result.warnings.extend(check_columns(source, required=kind.required, optional=kind.optional))
    notices: list[Notice] = []
    for done, row in enumerate(source.rows, 1):
        overflow = overflow_problem(row, source)
        if overflow:
            result.errors.append(RowError(row.line, "", overflow))
            continue
        savepoint = session.begin_nested()
        try:
            work = kind.apply(session, actor, row.values, now)
        except InvalidInput as error:
            savepoint.rollback()
            result.errors.extend(
                RowError(row.line, kind.columns.get(field, field), message)
                for field, message in error.errors.items()
            )
        except RowProblem as error:
            savepoint.rollback()
            result.errors.append(RowError(row.line, error.column, error.message))
        except HandlerError as error:
            savepoint.rollback()
            result.errors.append(RowError(row.line, "", error.message))
        else:
            savepoint.commit()
            result.tally(work.outcome)
            notices.extend(work.notices)
        if progress:
            progress("saving", done, len(source.rows))
    if result.errors and not skip_invalid:
        return result
    outbox.enqueue(session, school_id=actor.school_id, notices=notices)
    audit.record(
        session,
        action=AuditAction.IMPORT,
        entity=kind.name,
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail=result.audit_detail(),
    )
    session.flush()
    result.written = True
    return result


def pupil_by_upn(session: Session, actor: Actor, upn: str, *, column: str = "upn") -> Pupil:
    code = upn.strip().upper()
    if not code:
        raise RowProblem(column, "is empty; give the pupil's UPN")
    pupil = session.scalar(
        select(Pupil).where(Pupil.school_id == actor.school_id, Pupil.upn == code)
    )
    if pupil is None:
        raise RowProblem(column, f"no pupil with UPN {code} in this school: import pupils first")
    return pupil


def staff_by_email(session: Session, actor: Actor, email: str, *, column: str) -> Staff:
    address = email.strip().lower()
    staff = session.scalar(
        select(Staff).where(
            Staff.school_id == actor.school_id,
            func.lower(Staff.email) == address,
            Staff.active.is_(True),
        )
    )
    if staff is None:
        raise RowProblem(column, f"no member of staff with the email {address}: import staff first")
    return staff


def given(values: Mapping[str, str], *columns: str) -> dict[str, str]:
    """The non-empty values of `columns`, as a handler's input takes them."""
    return {c: values[c].strip() for c in columns if values.get(c, "").strip()}
