"""Small pure parsers shared by the row validators; each raises ValueError with a reason a
school administrator can act on (the validators attach the column name and line)."""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def iso_date(text: str) -> date:
    """A YYYY-MM-DD date; other shapes are refused (02/03/2015 means different days to
    different spreadsheets), with the ISO form suggested for the common UK one."""
    if not _ISO_DATE.match(text):
        uk = _UK_DATE.match(text)
        hint = ""
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            hint = f" — if that is day/month/year, write {year:04d}-{month:02d}-{day:02d}"
        raise ValueError(f"'{text}' is not a date in YYYY-MM-DD form{hint}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def optional_date(text: str) -> date | None:
    return iso_date(text) if text else None


def years_between(earlier: date, later: date) -> int:
    """Whole years from `earlier` to `later` (an age)."""
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


# Zero-width and bidirectional-override characters: invisible, yet they make "Amira" and
# "Am\u200bira" two different names, and a right-to-left override can disguise one.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    return INVISIBLE.sub("", text).strip()


def bounded_text(text: str, *, what: str, max_length: int, required: bool = True) -> str:
    """Text of a name-like field: invisible characters removed, present if required, bounded."""
    text = visible(text)
    if required and not text:
        raise ValueError(f"is empty; every row needs a {what}")
    if len(text) > max_length:
        raise ValueError(f"is {len(text)} characters long; at most {max_length} fit")
    return text


def split_list(text: str) -> list[str]:
    """`"teacher; ta"` or `"teacher,ta"` → `["teacher", "ta"]`, without empties or repeats."""
    items: list[str] = []
    for part in re.split(r"[;,]", text):
        item = part.strip()
        if item and item not in items:
            items.append(item)
    return items


def problems(error: ValidationError) -> list[tuple[str, str]]:
    """(column, reason) for each field error, without pydantic's "Value error, " prefix."""
    found = []
    for item in error.errors():
        column = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] == "value_error" and "error" in item.get("ctx", {}):
            reason = str(item["ctx"]["error"])
        else:
            reason = item["msg"]
        found.append((column, reason))
    return found
