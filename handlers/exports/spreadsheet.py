"""An export as an Excel workbook (openpyxl): one sheet, a bold frozen header, real dates.

Text is always written as a string cell, never a formula, whatever it starts with: a concern
typed as "=HYPERLINK(...)" stays words. Excel has no time zones, so moments are written in
the school's local time.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from handlers.clock import SCHOOL_TIMEZONE
from handlers.exports.table import Cell, ExportReport, ExportTable

MAX_COLUMN_WIDTH = 60


def to_xlsx(table: ExportTable) -> bytes:
    return report_xlsx(ExportReport(table.kind, (table,)))


def report_xlsx(report: ExportReport) -> bytes:
    """One sheet per table, named after it; a table's note two rows below its last row.

    Written in openpyxl's write-only (streaming) mode: rows go to the file as they are
    appended, so memory stays flat for a trust's 30,000 pupils."""
    workbook = Workbook(write_only=True)
    for table in report.tables:
        _sheet(workbook, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook: Workbook, table: ExportTable) -> None:
    sheet = workbook.create_sheet(table.kind[:31])  # Excel's limit on sheet names
    sheet.freeze_panes = "A2"
    for index, name in enumerate(table.columns, start=1):
        longest = max([len(name), *(len(str(r[index - 1] or "")) for r in table.rows[:200])])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, MAX_COLUMN_WIDTH)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, name, font=bold) for name in table.columns])
    for row in table.rows:
        sheet.append([_plain(sheet, value) for value in row])
    if table.note:
        sheet.append([])
        sheet.append([_cell(sheet, table.note)])


def _plain(sheet: WriteOnlyWorksheet, value: Cell) -> object:
    """Most values go in as they are (fast); only text openpyxl would take for a formula
    needs a cell of its own, marked as text."""
    if isinstance(value, str) and value.startswith("="):
        return _cell(sheet, value)
    return _value(value)


def _cell(sheet: WriteOnlyWorksheet, value: Cell, *, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_value(value))
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a live formula
    if font is not None:
        cell.font = font
    return cell


def _value(cell: Cell) -> Cell:
    if isinstance(cell, datetime) and cell.tzinfo is not None:
        return cell.astimezone(ZoneInfo(SCHOOL_TIMEZONE)).replace(tzinfo=None)
    return cell
