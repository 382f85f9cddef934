"""CSV imports of pupils and staff from a school MIS export (design.md, "Contracts").

`read_csv_file` turns a file into a `CsvSource`; `import_pupils` / `import_staff` check every
row and write within the caller's transaction, returning an `ImportResult`.
"""

from handlers.imports.csv_source import CsvSource, SourceRow, parse_csv, read_csv_file
from handlers.imports.pupils import import_pupils
from handlers.imports.report import write_report
from handlers.imports.result import (
    ImportFileError,
    ImportResult,
    ImportWarning,
    ProgressCallback,
    RowError,
)
from handlers.imports.staff import import_staff

__all__ = [
    "CsvSource",
    "ImportFileError",
    "ImportResult",
    "ImportWarning",
    "ProgressCallback",
    "RowError",
    "SourceRow",
    "import_pupils",
    "import_staff",
    "parse_csv",
    "read_csv_file",
    "write_report",
]
