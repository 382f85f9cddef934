"""Export formats by name: each renders an `ExportTable` as text or bytes."""

from __future__ import annotations

from collections.abc import Callable

from handlers.exports.spreadsheet import to_xlsx
from handlers.exports.table import ExportTable, to_csv, to_json

Renderer = Callable[[ExportTable], str | bytes]

FORMATS: dict[str, Renderer] = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}
