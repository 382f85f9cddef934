"""Checking the rows of a staff import, with no database: pure functions and a pydantic model."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from handlers.imports.csv_source import CsvSource, overflow_problem
from handlers.imports.fields import bounded_text, optional_date, problems, split_list
from handlers.imports.result import ProgressCallback, RowCheck, RowError
from storage.codes import Platform, Role

REQUIRED_COLUMNS = ("email", "display_name", "roles", "slack_user_id", "teams_user_id")
OPTIONAL_COLUMNS = ("class_names", "sendco_since")

# Words schools use for the roles (../shared/domain.md, "Words staff use").
ROLE_ALIASES: dict[str, Role] = {
    "senco": Role.SENDCO,
    "sendco": Role.SENDCO,
    "inclusion lead": Role.SENDCO,
    "lsa": Role.TA,
    "teaching assistant": Role.TA,
    "head teacher": Role.HEAD,
    "headteacher": Role.HEAD,
}
ROLE_CODES = ", ".join(role.value for role in Role)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def parse_roles(text: str) -> tuple[Role, ...]:
    """`"teacher; SENCo"` → (sendco, teacher): each known, at least one, sorted, no repeats."""
    roles: set[Role] = set()
    unknown = []
    for item in split_list(text):
        word = re.sub(r"[\s_]+", " ", item.lower())
        role = ROLE_ALIASES.get(word) or next((r for r in Role if r.value == word), None)
        if role is None:
            unknown.append(item)
        else:
            roles.add(role)
    if unknown:
        names = ", ".join(f"'{item}'" for item in unknown)
        raise ValueError(
            f"{names} {'is not a role' if len(unknown) == 1 else 'are not roles'}; "
            f"use {ROLE_CODES}, separated by ';'"
        )
    if not roles:
        raise ValueError(f"is empty; give at least one of {ROLE_CODES}, separated by ';'")
    return tuple(sorted(roles))


class StaffRow(BaseModel):
    """One valid staff row; `class_names` is None when the file has no class_names column."""

    model_config = ConfigDict(frozen=True)

    email: str
    display_name: str
    roles: tuple[Role, ...]
    slack_user_id: str | None
    teams_user_id: str | None
    class_names: tuple[str, ...] | None = None
    # When a SENDCO took up the role: the NPQ for SENCOs is due within three years of it.
    sendco_since: date | None = None

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: str) -> str:
        email = value.strip().lower()
        if not email:
            raise ValueError("is empty; every member of staff needs their school email address")
        if not _EMAIL.match(email) or len(email) > 254:
            raise ValueError(f"'{value}' is not an email address (like name@school.sch.uk)")
        return email

    @field_validator("display_name", mode="before")
    @classmethod
    def _display_name(cls, value: str) -> str:
        return bounded_text(value, what="display name", max_length=200)

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, value: str) -> tuple[Role, ...]:
        return parse_roles(value)

    @field_validator("slack_user_id", mode="before")
    @classmethod
    def _slack(cls, value: str) -> str | None:
        if not value:
            return None
        slack_id = value.strip().upper()
        if not _SLACK_ID.match(slack_id):
            raise ValueError(
                f"'{value}' is not a Slack member ID (like U024BE7LH: in Slack, open the "
                "person's profile, then ⋮ → Copy member ID)"
            )
        return slack_id

    @field_validator("teams_user_id", mode="before")
    @classmethod
    def _teams(cls, value: str) -> str | None:
        if not value:
            return None
        if re.search(r"\s", value) or len(value) > 128:
            raise ValueError(
                f"'{value}' is not a Teams user id (the person's Microsoft Entra object id, "
                "like 8f4b2c1e-...; no spaces)"
            )
        return value

    @field_validator("class_names", mode="before")
    @classmethod
    def _classes(cls, value: str) -> tuple[str, ...]:
        names = tuple(split_list(value))
        too_long = [name for name in names if len(name) > 32]
        if too_long:
            raise ValueError(f"class name '{too_long[0]}' is longer than 32 characters")
        return names

    @field_validator("sendco_since", mode="before")
    @classmethod
    def _since(cls, value: str) -> date | None:
        return optional_date(value.strip()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _since_needs_the_role(self) -> StaffRow:
        if self.sendco_since is not None and Role.SENDCO not in self.roles:
            raise ValueError(
                "sendco_since is given but roles does not include sendco: add the role, or "
                "leave the date empty"
            )
        return self

    def platform_ids(self) -> dict[Platform, str | None]:
        return {Platform.SLACK: self.slack_user_id, Platform.TEAMS: self.teams_user_id}


_ONCE_ONLY = {
    "email": "a member of staff may appear only once",
    "slack_user_id": "a Slack member ID belongs to one member of staff",
    "teams_user_id": "a Teams user id belongs to one member of staff",
}


def check_staff_rows(
    source: CsvSource, *, progress: ProgressCallback | None = None
) -> RowCheck[StaffRow]:
    """Validate every row, collecting all problems; duplicates are reported on the later line."""
    check: RowCheck[StaffRow] = RowCheck()
    first_line: dict[tuple[str, str], int] = {}  # (column, value) → first line holding it
    total = len(source.rows)
    for done, row in enumerate(source.rows, 1):
        row_errors: list[tuple[str, str]] = []
        overflow = overflow_problem(row, source)
        if overflow:
            row_errors.append(("", overflow))
        parsed: StaffRow | None = None
        try:
            parsed = StaffRow.model_validate(dict(row.values))
        except ValidationError as error:
            row_errors.extend(problems(error))
        keys = {
            "email": row.values.get("email", "").lower(),
            "slack_user_id": row.values.get("slack_user_id", "").upper(),
            "teams_user_id": row.values.get("teams_user_id", ""),
        }
        for column, value in keys.items():
            if not value:
                continue
            if (column, value) in first_line:
                rule = _ONCE_ONLY[column]
                line = first_line[(column, value)]
                row_errors.append((column, f"{value} is also on line {line}; {rule}"))
            else:
                first_line[(column, value)] = row.line
        if row_errors:
            check.errors.extend(RowError(row.line, col, msg) for col, msg in row_errors)
        elif parsed is not None:
            check.valid.append((row.line, parsed))
        if progress:
            progress("checking", done, total)
    return check
