"""Records out: the SEN register, concerns and sessions as tables, rendered as CSV or JSON.

`KINDS` maps an export kind to its row builder and `FORMATS` a format to its renderer, so the
provision map or a spreadsheet format is one more registry entry.
"""

from handlers.exports.formats import FORMATS
from handlers.exports.kinds import KINDS, ExportKind
from handlers.exports.service import ExportOutcome, export_rows, run_export
from handlers.exports.table import ExportTable, to_csv, to_json

__all__ = [
    "FORMATS",
    "KINDS",
    "ExportKind",
    "ExportOutcome",
    "ExportTable",
    "export_rows",
    "run_export",
    "to_csv",
    "to_json",
]
