"""Export formats by name: each renders an `ExportReport` (one table or several) as text or
bytes. A report of one table renders exactly as that table always has."""

from __future__ import annotations

from collections.abc import Callable

from handlers.exports.spreadsheet import report_xlsx
from handlers.exports.table import ExportReport, report_csv, report_json

Renderer = Callable[[ExportReport], str | bytes]

FORMATS: dict[str, Renderer] = {"csv": report_csv, "json": report_json, "xlsx": report_xlsx}
