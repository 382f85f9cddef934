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
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from handlers.clock import SCHOOL_TIMEZONE
from handlers.exports.table import Cell, ExportReport, ExportTable

MAX_COLUMN_WIDTH = 60


def to_xlsx(table: ExportTable) -> bytes:
    return report_xlsx(ExportReport(table.kind, (table,)))


def report_xlsx(report: ExportReport) -> bytes:
    """One sheet per table, named after it; a table's note two rows below its last row."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for table in report.tables:
        _sheet(workbook, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook: Workbook, table: ExportTable) -> None:
    sheet = workbook.create_sheet(table.kind[:31])  # Excel's limit on sheet names
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_value(cell) for cell in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            _as_text_if_text(cell, value)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(table.columns, start=1):
        longest = max([len(name), *(len(str(r[index - 1] or "")) for r in table.rows[:200])])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, MAX_COLUMN_WIDTH)
    if table.note:
        sheet.append([])
        sheet.append([table.note])
        _as_text_if_text(sheet.cell(row=sheet.max_row, column=1), table.note)


def _value(cell: Cell) -> Cell:
    if isinstance(cell, datetime) and cell.tzinfo is not None:
        return cell.astimezone(ZoneInfo(SCHOOL_TIMEZONE)).replace(tzinfo=None)
    return cell


def _as_text_if_text(cell: SheetCell, value: Cell) -> None:
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a live formula
