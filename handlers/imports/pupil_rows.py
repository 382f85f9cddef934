"""Checking the rows of a pupil import, with no database: pure functions and a pydantic model."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.gb import upn as stdnum_upn

from handlers.imports.csv_source import CsvSource, overflow_problem
from handlers.imports.fields import bounded_text, iso_date, optional_date, problems, years_between
from handlers.imports.result import ImportWarning, ProgressCallback, RowCheck, RowError
from storage.codes import NeedType, SenProvision

REQUIRED_COLUMNS = (
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
OPTIONAL_COLUMNS = ("ehcp_issued_on", "last_review_on", "looked_after", "previously_looked_after")
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}

YOUNGEST_AGE = 2
OLDEST_AGE = 25
NEED_CODES = ", ".join(need.value for need in NeedType)


class UpnWarning(Exception):
    """A UPN that is usable but worth checking (unknown LA number, temporary UPN)."""


def check_upn(text: str) -> tuple[str, str | None]:
    """The UPN in compact upper-case form and an optional warning; ValueError when it is wrong.

    Length, format and check letter are refused; an LA number missing from python-stdnum's
    list (authorities newer than the library) is only a warning (../shared/domain.md).
    """
    if not text:
        raise ValueError("is empty; every pupil needs their 13-character UPN from the MIS")
    upn = stdnum_upn.compact(text)
    warning = None
    try:
        stdnum_upn.validate(upn)
    except InvalidLength:
        raise ValueError(
            f"'{text}' has {len(upn)} characters; a UPN has 13 (a letter, then 12 digits)"
        ) from None
    except InvalidFormat:
        raise ValueError(
            f"'{text}' is not in UPN form: a check letter, 11 digits, then a digit "
            "(or a letter for a temporary UPN)"
        ) from None
    except InvalidChecksum:
        raise ValueError(_check_letter_problem(upn)) from None
    except InvalidComponent:
        # stdnum stops at the LA number before it looks at the check letter: check it here.
        if stdnum_upn.calc_check_digit(upn[1:]) != upn[0]:
            raise ValueError(_check_letter_problem(upn)) from None
        warning = (
            f"LA number {upn[1:4]} is not in the known list (it may be a newer authority); "
            "imported anyway — check the UPN against the MIS"
        )
    if warning is None and upn[-1].isalpha():
        warning = "is a temporary UPN; replace it with the permanent one when it is issued"
    return upn, warning


def _check_letter_problem(upn: str) -> str:
    if not upn[0].isalpha():
        return f"'{upn}' does not start with a check letter"
    return (
        f"check letter is wrong ('{upn[0]}' does not match the digits {upn[1:]}; "
        "a digit or the letter is probably mistyped — copy the UPN from the MIS)"
    )


_YEAR = re.compile(r"^(?:y|yr|year)?\s*(\d{1,2})$")


def parse_year_group(text: str) -> int:
    """The census's years: -2 N1 and -1 N2 (nursery), 0 Reception, 1..13; accepts N1, N2,
    N/Nursery (N2, the year before Reception), R/Reception/YR, 3, Y3, Year 3."""
    word = text.strip().lower()
    if word in {"n1", "-2"}:
        return -2
    if word in {"n", "nursery", "n2", "-1"}:
        return -1
    if word in {"r", "rec", "reception", "yr", "yr r", "year r"}:
        return 0
    match = _YEAR.match(word)
    if match and 0 <= int(match.group(1)) <= 13:
        return int(match.group(1))
    if not word:
        raise ValueError("is empty; use N (nursery), R (Reception) or a year from 1 to 13")
    raise ValueError(
        f"'{text}' is not a year group; use N (nursery), R (Reception) or a year from 1 to 13"
    )


class PupilRow(BaseModel):
    """One valid pupil row. Validate with context {"today": date, "warnings": list}."""

    model_config = ConfigDict(frozen=True)

    upn: str
    first_name: str
    last_name: str
    preferred_name: str | None
    date_of_birth: date
    year_group: int
    class_name: str
    sen_status: SenProvision
    primary_need: NeedType | None
    ehcp_issued_on: date | None = None
    last_review_on: date | None = None
    # None: the column is absent or empty, so an existing pupil's flag is left as it is.
    looked_after: bool | None = None  # in the care of the local authority (PEP rules)
    previously_looked_after: bool | None = None  # adopted, SGO or CAO from care

    @field_validator("upn", mode="before")
    @classmethod
    def _upn(cls, value: str, info: ValidationInfo) -> str:
        upn, warning = check_upn(value)
        if warning and isinstance(info.context, dict):
            info.context["warnings"].append(("upn", warning))
        return upn

    @field_validator("first_name", "last_name", mode="before")
    @classmethod
    def _name(cls, value: str, info: ValidationInfo) -> str:
        what = (info.field_name or "name").replace("_", " ")
        return bounded_text(value, what=what, max_length=100)

    @field_validator("preferred_name", mode="before")
    @classmethod
    def _preferred(cls, value: str) -> str | None:
        return bounded_text(value, what="name", max_length=100, required=False) or None

    @field_validator("class_name", mode="before")
    @classmethod
    def _class(cls, value: str) -> str:
        return bounded_text(value, what="class", max_length=32, required=False)

    @field_validator("date_of_birth", mode="before")
    @classmethod
    def _born(cls, value: str, info: ValidationInfo) -> date:
        if not value:
            raise ValueError("is empty; give the date of birth as YYYY-MM-DD")
        born = iso_date(value)
        today = _today(info)
        if born > today:
            raise ValueError(f"{born.isoformat()} is in the future")
        age = years_between(born, today)
        if not YOUNGEST_AGE <= age <= OLDEST_AGE:
            raise ValueError(
                f"{born.isoformat()} makes the pupil {age} years old; a pupil is "
                f"{YOUNGEST_AGE} to {OLDEST_AGE} — check the year"
            )
        return born

    @field_validator("ehcp_issued_on", "last_review_on", mode="before")
    @classmethod
    def _past_date(cls, value: str | None, info: ValidationInfo) -> date | None:
        day = optional_date(value or "")
        if day is not None and day > _today(info):
            raise ValueError(f"{day.isoformat()} is in the future")
        return day

    @field_validator("looked_after", "previously_looked_after", mode="before")
    @classmethod
    def _yes_no(cls, value: str | None) -> bool | None:
        text = (value or "").strip().lower()
        if not text:
            return None
        if text in YES or text in NO:
            return text in YES
        raise ValueError(f"'{value}' is not yes or no; use Y or N (or leave it empty)")

    @field_validator("year_group", mode="before")
    @classmethod
    def _year(cls, value: str) -> int:
        return parse_year_group(value)

    @field_validator("sen_status", mode="before")
    @classmethod
    def _status(cls, value: str) -> SenProvision:
        code = value.strip().upper() or SenProvision.NONE.value
        try:
            return SenProvision(code)
        except ValueError:
            raise ValueError(
                f"'{value}' is not a census SEN provision code; use N (no SEN), "
                "K (SEN support) or E (EHC plan)"
            ) from None

    @field_validator("primary_need", mode="before")
    @classmethod
    def _need(cls, value: str) -> NeedType | None:
        if not value:
            return None
        try:
            return NeedType(value.strip().upper())
        except ValueError:
            raise ValueError(
                f"'{value}' is not a census need type code; use one of {NEED_CODES}"
            ) from None


def _today(info: ValidationInfo) -> date:
    context = info.context if isinstance(info.context, dict) else {}
    today = context.get("today")
    return today if isinstance(today, date) else date.today()


def cross_check(row: PupilRow) -> list[tuple[str, str]]:
    """(column, reason) for values that are valid alone but not together."""
    found: list[tuple[str, str]] = []
    status, need = row.sen_status, row.primary_need
    if status is SenProvision.NONE:
        if need is not None:
            found.append(
                (
                    "primary_need",
                    f"must be empty when sen_status is N (no SEN), but is {need.value}; "
                    "set sen_status to K or E, or clear the need",
                )
            )
        if row.last_review_on is not None:
            found.append(
                ("last_review_on", "is only for pupils with SEN support (K) or an EHC plan (E)")
            )
    elif need is None:
        label = "SEN support (K)" if status is SenProvision.SUPPORT else "an EHC plan (E)"
        found.append(
            (
                "primary_need",
                f"is required for a pupil with {label}; use one of {NEED_CODES} "
                "(NSA if there has been no specialist assessment yet, with K only)",
            )
        )
    elif need is NeedType.NSA and status is SenProvision.EHCP:
        found.append(
            (
                "primary_need",
                "NSA (no specialist assessment) is only valid with SEN support (K); "
                "a pupil with an EHC plan (E) needs the assessed need type",
            )
        )
    if row.ehcp_issued_on is not None:
        if status is not SenProvision.EHCP:
            found.append(
                (
                    "ehcp_issued_on",
                    f"is only for pupils with an EHC plan, but sen_status is {status.value}; "
                    "set sen_status to E or clear the date",
                )
            )
        elif row.ehcp_issued_on < row.date_of_birth:
            found.append(("ehcp_issued_on", "is before the pupil's date of birth"))
        # A last review before the issue date is fine: an amended plan re-issued after it.
    if row.last_review_on is not None and row.last_review_on < row.date_of_birth:
        found.append(("last_review_on", "is before the pupil's date of birth"))
    return found


def check_pupil_rows(
    source: CsvSource, *, today: date, progress: ProgressCallback | None = None
) -> RowCheck[PupilRow]:
    """Validate every row, collecting all problems; duplicates are reported on the later line."""
    check: RowCheck[PupilRow] = RowCheck()
    first_line: dict[str, int] = {}
    total = len(source.rows)
    for done, row in enumerate(source.rows, 1):
        row_errors: list[tuple[str, str]] = []
        overflow = overflow_problem(row, source)
        if overflow:
            row_errors.append(("", overflow))
        warnings: list[tuple[str, str]] = []
        parsed: PupilRow | None = None
        try:
            parsed = PupilRow.model_validate(
                dict(row.values), context={"today": today, "warnings": warnings}
            )
        except ValidationError as error:
            row_errors.extend(problems(error))
        if parsed is not None:
            row_errors.extend(cross_check(parsed))
        key = stdnum_upn.compact(row.values.get("upn", ""))
        if key:
            if key in first_line:
                row_errors.append(
                    (
                        "upn",
                        f"{key} is also on line {first_line[key]}; a pupil may appear only once",
                    )
                )
            else:
                first_line[key] = row.line
        check.warnings.extend(ImportWarning(row.line, col, msg) for col, msg in warnings)
        if row_errors:
            check.errors.extend(RowError(row.line, col, msg) for col, msg in row_errors)
        elif parsed is not None:
            check.valid.append((row.line, parsed))
        if progress:
            progress("checking", done, total)
    return check
