"""What an import reports back: counts, row problems and warnings (shared by pupils and staff)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from handlers.errors import HandlerError

T = TypeVar("T")
Outcome = Literal["created", "updated", "unchanged"]

# Called as progress(stage, done, total): stage is "checking" (validation) or "saving".
ProgressCallback = Callable[[str, int, int], None]


class ImportFileError(HandlerError):
    """The file as a whole cannot be imported (unreadable, wrong encoding, missing columns).

    Nothing is written. The message names the file and says what to do.
    """


@dataclass(frozen=True)
class RowError:
    """One problem with one row: `column` is "" when it concerns the whole row."""

    line: int
    column: str
    problem: str

    def describe(self) -> str:
        where = f"line {self.line}, {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class ImportWarning:
    """Something imported anyway but worth a look; `line` is None for the file as a whole."""

    line: int | None
    column: str
    message: str

    def describe(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(self.column)
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class RowCheck(Generic[T]):
    """Every row checked, no database involved: the valid rows (by line) and all problems."""

    valid: list[tuple[int, T]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)


@dataclass
class ImportResult:
    kind: str  # "pupils", "staff", "interventions", "plans" or "training"
    file_name: str
    rows: int = 0  # data rows read from the file
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    written: bool = False  # False: the handler made no change to the database at all

    def tally(self, outcome: Outcome) -> None:
        if outcome == "created":
            self.created += 1
        elif outcome == "updated":
            self.updated += 1
        else:
            self.unchanged += 1

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def bad_lines(self) -> list[int]:
        """The lines with at least one error, in file order."""
        return sorted({error.line for error in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors

    def audit_detail(self) -> dict[str, int | str]:
        """For the audit trail: the file name and counts, never a pupil's details."""
        return {
            "file": self.file_name,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.bad_lines),
        }

    def summary(self) -> str:
        uncountable = self.kind in ("staff", "training")
        noun = self.kind if uncountable or self.imported != 1 else self.kind[:-1]
        return (
            f"Imported {self.imported} {noun}: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
