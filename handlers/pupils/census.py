"""The school census rules for SEN provision and need types, and the register form's input.

Pure: `census_problems` says which fields a census return would refuse (K and E need a primary
need; NSA only with K; N has no needs; the secondary need differs from the primary).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from handlers.pupils.labels import PROVISION_LABELS
from storage.codes import NeedType, SenProvision

NEED_CODES = ", ".join(n.value for n in NeedType)


def census_problems(
    status: SenProvision, primary: NeedType | None, secondary: NeedType | None
) -> dict[str, str]:
    """Field -> problem for a provision and needs that the school census would refuse."""
    problems: dict[str, str] = {}
    if status is SenProvision.NONE:
        for name, need in (("primary_need", primary), ("secondary_need", secondary)):
            if need is not None:
                problems[name] = "Leave the need types empty for a pupil with no SEN (N)"
        return problems
    if primary is None:
        problems["primary_need"] = (
            f"A pupil with {PROVISION_LABELS[status]} ({status.value}) needs a primary need type"
            + (
                "; use NSA if there has been no specialist assessment yet"
                if status is SenProvision.SUPPORT
                else ""
            )
        )
    elif primary is NeedType.NSA and status is SenProvision.EHCP:
        problems["primary_need"] = (
            "NSA (no specialist assessment) is only valid with SEN support (K); "
            "give the assessed need type"
        )
    if secondary is not None:
        if primary is None:
            problems["secondary_need"] = "Give the primary need first"
        elif secondary is primary:
            problems["secondary_need"] = (
                f"The secondary need must differ from the primary need (both are {primary.value})"
            )
        elif secondary is NeedType.NSA:
            problems["secondary_need"] = "NSA can only be a primary need"
    return problems


class ProvisionInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    sen_status: SenProvision = Field(default=None, validate_default=True)
    primary_need: NeedType | None = None
    secondary_need: NeedType | None = None
    reason: str = Field(default="", validate_default=True)

    @field_validator("sen_status", mode="before")
    @classmethod
    def _status(cls, value: object) -> object:
        code = value.strip().upper() if isinstance(value, str) else value
        if code not in {s.value for s in SenProvision}:
            raise ValueError("Choose N (no SEN), K (SEN support) or E (EHC plan)")
        return code

    @field_validator("primary_need", "secondary_need", mode="before")
    @classmethod
    def _need(cls, value: object) -> object:
        if isinstance(value, str):
            code = value.strip().upper()
            if not code:
                return None
            if code not in {n.value for n in NeedType}:
                raise ValueError(f"'{value}' is not a census need type; use one of {NEED_CODES}")
            return code
        return value

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        if not value:
            raise ValueError("Say why the provision is changing, e.g. 'EP report 3 March'")
        if len(value) > 500:
            raise ValueError("Keep the reason under 500 characters")
        return value
