"""An export as a table of typed cells, and the renderers that turn one into a file.

Renderers are registered by format name in `handlers.exports.formats.FORMATS`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

Cell = str | int | float | date | datetime | None

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """OWASP's CSV-injection defence: text that a spreadsheet would run as a formula gets a
    leading apostrophe, so it is shown as the words staff typed and never evaluated."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class ExportTable:
    """One row per record; `columns` name the cells of every row, in order."""

    kind: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]] = field(default_factory=list)
    note: str = ""  # said beside the table: how figures were made, what was withheld and why

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class ExportReport:
    """What one export produces: one table (the register, the impact rows) or several (the
    governors' summary, a transfer pack), and for impact a chart (PNG bytes)."""

    kind: str
    tables: tuple[ExportTable, ...]
    chart: bytes | None = None

    @property
    def single(self) -> bool:
        """One table with nothing to say beside it: rendered exactly as a plain table."""
        return len(self.tables) == 1 and not self.tables[0].note

    @property
    def rows(self) -> int:
        return sum(len(table.rows) for table in self.tables)

    @classmethod
    def of(cls, built: ExportTable | ExportReport) -> ExportReport:
        return built if isinstance(built, ExportReport) else cls(built.kind, (built,))


def cell_text(cell: Cell) -> str:
    """A cell as CSV text: ISO dates, empty for None, text never a formula."""
    if cell is None:
        return ""
    if isinstance(cell, date | datetime):
        return cell.isoformat()
    if isinstance(cell, str):
        return defuse(cell)
    return str(cell)


def _json_cell(cell: Cell) -> str | int | float | None:
    if isinstance(cell, date | datetime):
        return cell.isoformat()
    return cell


def to_csv(table: ExportTable) -> str:
    """A header row of column names, then one line per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([cell_text(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()


def report_csv(report: ExportReport) -> str:
    """One table: plain CSV. Several: each as a titled section (its name on a line of its
    own, its note, its header and rows), a blank line between sections."""
    if report.single:
        return to_csv(report.tables[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for index, table in enumerate(report.tables):
        if index:
            writer.writerow([])
        writer.writerow([table.kind])
        if table.note:
            writer.writerow([defuse(table.note)])
        writer.writerow(table.columns)
        writer.writerows([cell_text(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()


def report_json(report: ExportReport) -> str:
    """One table: a JSON array of objects. Several: an array with one object per table,
    `{"table", "note", "rows": [...]}` (a withheld figure is null, and the note says why)."""
    if report.single:
        return to_json(report.tables[0])
    tables = [
        {
            "table": table.kind,
            "note": table.note,
            "rows": [
                {name: _json_cell(cell) for name, cell in zip(table.columns, row, strict=True)}
                for row in table.rows
            ],
        }
        for table in report.tables
    ]
    return json.dumps(tables, indent=2, ensure_ascii=False) + "\n"


def to_json(table: ExportTable) -> str:
    """A JSON array of objects keyed by column name; dates as ISO strings."""
    records = [
        {name: _json_cell(cell) for name, cell in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
