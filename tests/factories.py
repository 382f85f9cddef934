"""Small builders of fictional test data shared across the suite."""

from __future__ import annotations

from contextlib import suppress

from stdnum.exceptions import InvalidComponent
from stdnum.gb import upn as upn_rules


def make_upn(n: int, la: str = "201") -> str:
    """A valid fictional UPN: check letter, LA `la`, establishment 0001, year 26, serial `n`.

    An LA number stdnum does not know (e.g. "999") still gets a correct check letter, for
    testing the unknown-LA warning.
    """
    body = f"{la}000126{n:03d}"
    upn = upn_rules.calc_check_digit(body) + body
    with suppress(InvalidComponent):  # an LA number stdnum does not know: only that is wrong
        upn_rules.validate(upn)
    return upn


PUPIL_COLUMNS = (
    "upn",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "year_group",
    "class_name",
    "sen_status",
    "primary_need",
)
STAFF_COLUMNS = ("email", "display_name", "roles", "slack_user_id", "teams_user_id")


def pupil_row(n: int, **values: str) -> dict[str, str]:
    """A valid fictional pupil row (no SEN, Year 3) for a pupil CSV; override any column."""
    row = {
        "upn": make_upn(n),
        "first_name": f"Pupil{n}",
        "last_name": "Testington",
        "preferred_name": "",
        "date_of_birth": "2018-05-04",
        "year_group": "3",
        "class_name": "3B",
        "sen_status": "N",
        "primary_need": "",
    }
    row.update(values)
    return row


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] | None = None) -> str:
    """CSV text with a header row; `columns` defaults to the keys of the first row."""
    header = list(columns or rows[0].keys())
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(_quoted(row.get(column, "")) for column in header))
    return "\r\n".join(lines) + "\r\n"


def _quoted(value: str) -> str:
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value
