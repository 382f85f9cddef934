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

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


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


def to_json(table: ExportTable) -> str:
    """A JSON array of objects keyed by column name; dates as ISO strings."""
    records = [
        {name: _json_cell(cell) for name, cell in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
