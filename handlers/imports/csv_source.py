"""Reading an import file: bytes → text → header and rows, each with its physical line number.

School MIS systems export CSV as UTF-8 (often with a byte-order mark, as Excel writes it) or as
Windows-1252; both are accepted. Anything else fails with a message naming the file and the
problem, before any row is looked at. Text in another alphabet's single-byte encoding (Cyrillic
Windows-1251, Shift-JIS, ...) would "decode" as Windows-1252 into garbled names, so
charset-normalizer is asked what the bytes most look like first, and such a file is refused
with the encoding it seems to be in.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from handlers.imports.result import ImportFileError, ImportWarning

SAVE_AS_HINT = (
    "Save it as 'CSV UTF-8 (comma delimited)' from your MIS or spreadsheet and try again."
)
# A multi-byte UTF-8 character (2, 3 or 4 bytes); Windows-1252 names almost never look so.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SourceRow:
    """One data row: `values` by normalised column name (trimmed, NFC), `cells` as in the file."""

    line: int
    values: Mapping[str, str]
    cells: tuple[str, ...]
    overflowing: bool = False  # more non-empty cells than the header has columns


@dataclass(frozen=True)
class CsvSource:
    name: str  # the file name shown in messages and recorded in the audit trail
    encoding: str  # "utf-8", "utf-16" or "cp1252"
    header: tuple[str, ...]  # the header cells as written in the file
    columns: tuple[str, ...]  # the same, normalised (see normalise_column)
    rows: tuple[SourceRow, ...]
    header_line: int = 1

    def has_column(self, column: str) -> bool:
        return column in self.columns


def normalise_column(name: str) -> str:
    """`" First Name "` → `first_name`: header names are case- and spacing-insensitive."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_csv_file(path: Path) -> CsvSource:
    """Read and parse `path`; ImportFileError for a missing, unreadable or non-CSV file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"Cannot read {path}: there is no such file.") from None
    except IsADirectoryError:
        raise ImportFileError(f"Cannot read {path}: it is a folder, not a CSV file.") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ImportFileError(f"Cannot read {path}: {reason}.") from None
    return parse_csv(data, name=path.name)


def decode(data: bytes, *, name: str) -> tuple[str, str]:
    """The text of the file and the encoding it was read with: UTF-8 first, then Windows-1252."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportFileError(
            f"Cannot import {name}: it is an Excel workbook, not a CSV file. {SAVE_AS_HINT}"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(
                f"Cannot import {name}: it starts like UTF-16 text but is not. {SAVE_AS_HINT}"
            ) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        other = other_alphabet(data, at_least=8)
        if other is not None:
            raise _other_alphabet_error(name, other) from None
        byte = data[error.start]
        raise ImportFileError(
            f"Cannot import {name}: it is neither UTF-8 nor Windows-1252 text (byte "
            f"0x{byte:02X} on line {_line_of(data, error.start)} means nothing in either). "
            f"{SAVE_AS_HINT}"
        ) from None
    other = other_alphabet(data)
    if other is not None:  # it "decoded", but into another alphabet's letters: garbled names
        raise _other_alphabet_error(name, other)
    return text, "cp1252"


def _other_alphabet_error(name: str, other: str) -> ImportFileError:
    return ImportFileError(
        f"Cannot import {name}: it looks like {other} text, not UTF-8 or Windows-1252, so "
        f"its names would come out garbled. {SAVE_AS_HINT}"
    )


# Encodings (as charset-normalizer names them) of alphabets Windows-1252 cannot hold.
OTHER_ALPHABETS = {
    "cp1251": "Cyrillic (Windows-1251)", "koi8_r": "Cyrillic (KOI8-R)",
    "koi8_u": "Cyrillic (KOI8-U)", "cp866": "Cyrillic (DOS)", "mac_cyrillic": "Cyrillic (Mac)",
    "iso8859_5": "Cyrillic (ISO-8859-5)", "cp1253": "Greek (Windows-1253)",
    "iso8859_7": "Greek (ISO-8859-7)", "cp1255": "Hebrew (Windows-1255)",
    "iso8859_8": "Hebrew (ISO-8859-8)", "cp1256": "Arabic (Windows-1256)",
    "iso8859_6": "Arabic (ISO-8859-6)", "cp874": "Thai (Windows-874)", "tis_620": "Thai",
    "shift_jis": "Japanese (Shift-JIS)", "cp932": "Japanese (Shift-JIS)",
    "euc_jp": "Japanese (EUC-JP)", "iso2022_jp": "Japanese (ISO-2022-JP)",
    "euc_kr": "Korean (EUC-KR)", "cp949": "Korean (Windows-949)", "johab": "Korean (Johab)",
    "gb2312": "Chinese (GB2312)", "gbk": "Chinese (GBK)", "gb18030": "Chinese (GB18030)",
    "hz": "Chinese (HZ)", "big5": "Chinese (Big5)", "big5hkscs": "Chinese (Big5-HKSCS)",
    "cp950": "Chinese (Big5)",
}  # fmt: skip


def other_alphabet(data: bytes, *, at_least: int = 4) -> str | None:
    """The other alphabet's encoding these (non-UTF-8) bytes look like, if any; not asked
    about fewer than `at_least` non-ASCII bytes, too few to tell an alphabet by."""
    if sum(byte > 0x7F for byte in data) < at_least:
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    return OTHER_ALPHABETS.get(best.encoding)


def refuse_mixed_encodings(data: bytes, *, name: str) -> None:
    """Refuse a file that is partly UTF-8 (rows pasted in from another program): reading it
    all as Windows-1252 would garble those names (Zoë → ZoÃ«)."""
    utf8 = _UTF8_SEQUENCE.search(data)
    if utf8 is None:
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"Cannot import {name}: it mixes two encodings (line {_line_of(data, utf8.start())} "
            f"is UTF-8 text, line {_line_of(data, error.start)} is not). {SAVE_AS_HINT}"
        ) from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_csv(data: bytes, *, name: str) -> CsvSource:
    text, encoding = decode(data, name=name)
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ImportFileError(
            f"Cannot import {name}: it does not look like a CSV text file (control character "
            f"0x{ord(control.group()):02X} on line {line}). {SAVE_AS_HINT}"
        )
    if encoding == "cp1252":
        refuse_mixed_encodings(data, name=name)
    records = _records(text, name=name)
    header_line, header = 0, []
    for line, cells in records:
        if any(cell.strip() for cell in cells):
            header_line, header = line, cells
            break
    if not any(cell.strip() for cell in header):
        raise ImportFileError(f"Cannot import {name}: the file is empty (no header row).")
    columns = tuple(normalise_column(cell) for cell in header)
    seen: dict[str, int] = {}
    for position, column in enumerate(columns, 1):
        if column and column in seen:
            raise ImportFileError(
                f"Cannot import {name}: the header (line {header_line}) has the column "
                f"'{column}' twice (columns {seen[column]} and {position}); keep one of them."
            )
        seen[column] = position
    rows = []
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, and Excel's rows of bare commas
        padded = [*cells, *[""] * (len(columns) - len(cells))]
        values = {
            column: _clean(cell) for column, cell in zip(columns, padded, strict=False) if column
        }
        overflowing = any(cell.strip() for cell in cells[len(columns) :])
        rows.append(
            SourceRow(line=line, values=values, cells=tuple(cells), overflowing=overflowing)
        )
    return CsvSource(
        name=name,
        encoding=encoding,
        header=tuple(header),
        columns=columns,
        rows=tuple(rows),
        header_line=header_line,
    )


def overflow_problem(row: SourceRow, source: CsvSource) -> str | None:
    """The message for a row with more values than columns (a comma inside an unquoted value)."""
    if not row.overflowing:
        return None
    return (
        f"has {len(row.cells)} values but the header has {len(source.columns)} columns: "
        "a value probably contains a comma; put that value in double quotes"
    )


def check_columns(
    source: CsvSource, *, required: Iterable[str], optional: Iterable[str] = ()
) -> list[ImportWarning]:
    """ImportFileError naming every missing required column; a warning per unknown column."""
    present = set(source.columns)
    missing = [column for column in required if column not in present]
    if missing:
        found = ", ".join(c for c in source.columns if c) or "none"
        hint = ""
        first = source.header[0] if source.header else ""
        if len(source.header) == 1 and (";" in first or "\t" in first):
            hint = " The columns seem to be separated by ';' or tabs: save it as comma-separated."
        raise ImportFileError(
            f"Cannot import {source.name}: the header row lacks the required "
            f"column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(columns found: {found}).{hint}"
        )
    known = set(required) | set(optional)
    return [
        ImportWarning(line=source.header_line, column=column, message="unknown column, ignored")
        for column in source.columns
        if column and column not in known
    ]


def _records(text: str, *, name: str) -> Iterable[tuple[int, list[str]]]:
    """Each CSV record with the physical line it starts on (quoted values may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                f"Cannot import {name}: line {reader.line_num} is not valid CSV ({error})."
                f" {SAVE_AS_HINT}"
            ) from None
        yield previous + 1, cells
        previous = reader.line_num


def _clean(cell: str) -> str:
    return unicodedata.normalize("NFC", cell).strip()
