"""An export as an Excel workbook (openpyxl): one sheet, a bold frozen header, real dates."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from handlers.exports.table import ExportTable

MAX_COLUMN_WIDTH = 60


def to_xlsx(table: ExportTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.kind[:31]  # Excel's limit on sheet names
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, name in enumerate(table.columns, start=1):
        longest = max([len(name), *(len(str(r[index - 1] or "")) for r in table.rows[:200])])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
