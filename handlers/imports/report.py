"""The report of rows an import refused: one line per bad row, the problems first, then the
row as it was in the file — so it can be corrected and imported again as it is (the extra
columns only draw a warning)."""

from __future__ import annotations

import csv
from collections import defaultdict
from typing import TextIO

from handlers.imports.csv_source import CsvSource
from handlers.imports.result import ImportResult, RowError

REPORT_COLUMNS = ("line", "column", "problem")


def write_report(result: ImportResult, source: CsvSource, stream: TextIO) -> int:
    """Write the refused rows of `source` to `stream` as CSV; returns how many rows."""
    by_line: dict[int, list[RowError]] = defaultdict(list)
    for error in result.errors:
        by_line[error.line].append(error)
    cells = {row.line: row.cells for row in source.rows}
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([*REPORT_COLUMNS, *source.header])
    for line in sorted(by_line):
        errors = by_line[line]
        columns = ";".join(dict.fromkeys(error.column for error in errors if error.column))
        problems = "; ".join(
            f"{error.column}: {error.problem}" if error.column else error.problem
            for error in errors
        )
        writer.writerow([line, columns, problems, *cells.get(line, ())])
    return len(by_line)
