"""What the intervention handlers accept, validated with messages a SENDCO can act on.

Field names match the `Form` field names in handlers.interventions.forms.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field, ValidationInfo, field_validator

from handlers.validation import HintedInput
from storage.codes import AreaOfNeed, ScoreMeasure
from storage.models.interventions import WEEKDAY_CODES

MAX_COST_POUNDS = Decimal("10000")

WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
}

# measure -> (lowest, highest or None, how to say it)
SCORE_RANGES: dict[ScoreMeasure, tuple[Decimal, Decimal | None, str]] = {
    ScoreMeasure.STANDARDISED: (
        Decimal(40),
        Decimal(160),
        "A standardised score must be between 40 and 160.",
    ),
    ScoreMeasure.READING_AGE: (
        Decimal(24),
        Decimal(240),
        "A reading age is given in months, between 24 and 240 (7 years 6 months is 90).",
    ),
    ScoreMeasure.SPELLING_AGE: (
        Decimal(24),
        Decimal(240),
        "A spelling age is given in months, between 24 and 240 (7 years 6 months is 90).",
    ),
    ScoreMeasure.CUSTOM: (Decimal(0), None, "A score on the custom scale can't be negative."),
}


def score_problem(measure: ScoreMeasure | str, score: Decimal) -> str | None:
    """Why `score` is not a valid score in `measure`, or None when it is."""
    low, high, message = SCORE_RANGES[ScoreMeasure(measure)]
    if score < low or (high is not None and score > high):
        return message
    if score != score.quantize(Decimal("0.01")):
        return "Give the score to at most two decimal places."
    return None


def _weekday_code(word: str) -> str:
    code = word.strip().lower()[:3]
    if code not in WEEKDAY_CODES:
        raise ValueError(f"'{word.strip()}' is not a school weekday: choose from Monday to Friday.")
    return code


class InterventionInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "name": "Give the group a name, e.g. Toe by Toe - Year 4.",
        "programme": "Say which programme the group runs, e.g. Toe by Toe.",
        "area": "Choose one of the four areas of need, or leave it empty.",
        "lead_id": "Choose the member of staff who leads the group.",
        "planned_sessions": "Give the number of sessions planned as a whole number.",
        "session_minutes": "Give the usual session length in minutes (1 to 480).",
        "cost_per_session": "Give the cost of one session in pounds, e.g. 4.50.",
        "measure": "Choose how entry and exit scores are measured.",
        "start_on": "Say when the group starts (a date).",
        "end_on": "Give the planned end as a date, or leave it empty.",
    }

    name: str = Field(min_length=1, max_length=100)
    programme: str = Field(min_length=1, max_length=100)
    area: AreaOfNeed | None = None
    lead_id: int | None = None
    weekdays: list[str] = Field(default_factory=list)
    schedule_note: str = Field(default="", max_length=200)
    planned_sessions: int | None = Field(default=None, ge=1, le=1000)
    session_minutes: int | None = Field(default=None, ge=1, le=480)
    cost_per_session: Decimal = Decimal(0)
    measure: ScoreMeasure = ScoreMeasure.STANDARDISED
    custom_scale: str = Field(default="", max_length=100, validate_default=True)
    start_on: date
    end_on: date | None = None

    @field_validator("weekdays", mode="before")
    @classmethod
    def _split_weekdays(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part for part in re.split(r"[\s,;/]+", value) if part]
        if isinstance(value, list | tuple | set):
            codes = {_weekday_code(str(v)) for v in value}
            return [code for code in WEEKDAY_CODES if code in codes]
        return value

    @field_validator("cost_per_session", mode="before")
    @classmethod
    def _read_pounds(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().replace("£", "").replace(",", "")
            try:
                return Decimal(text)
            except InvalidOperation:
                raise ValueError(cls.HINTS["cost_per_session"]) from None
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    @field_validator("cost_per_session")
    @classmethod
    def _cost_in_range(cls, value: Decimal) -> Decimal:
        if value < 0 or value > MAX_COST_POUNDS:
            raise ValueError("The cost of one session must be between £0 and £10,000.")
        if value != value.quantize(Decimal("0.01")):
            raise ValueError("Give the cost in pounds and pence, e.g. 4.50.")
        return value

    @field_validator("custom_scale")
    @classmethod
    def _scale_named_for_custom(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("measure") == ScoreMeasure.CUSTOM and not value:
            raise ValueError(
                "Say what the custom scale is (e.g. 'Boxall profile, 0-68') when the measure "
                "is custom."
            )
        return value

    @field_validator("end_on")
    @classmethod
    def _ends_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_on")
        if value is not None and isinstance(start, date) and value < start:
            raise ValueError("The end date can't be before the start date.")
        return value

    @property
    def cost_per_session_pence(self) -> int:
        return int(self.cost_per_session * 100)


class MembersInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "intervention_id": "Choose the intervention group.",
        "pupil_ids": "Choose at least one pupil to add.",
        "joined_on": "Give the date they join as a date, or leave it empty for today.",
    }

    intervention_id: int
    pupil_ids: list[int] = Field(min_length=1)
    joined_on: date | None = None

    @field_validator("pupil_ids", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, int | str) else value


class RemoveMemberInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "intervention_id": "Choose the intervention group.",
        "pupil_id": "Choose the pupil who is leaving the group.",
        "left_on": "Give the date they left as a date, or leave it empty for today.",
    }

    intervention_id: int
    pupil_id: int
    left_on: date | None = None


class EndHow(StrEnum):
    COMPLETED = "completed"  # ran its course
    STOPPED = "stopped"  # ended early


class EndInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "how": "Choose completed (it ran its course) or stopped (ended early).",
        "ended_on": "Give the last day as a date, or leave it empty for today.",
    }

    how: EndHow = EndHow.COMPLETED
    ended_on: date | None = None


class ScoreStage(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class ScoreInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "intervention_id": "Choose the intervention group.",
        "pupil_id": "Choose the pupil the score is for.",
        "stage": "Say whether this is the entry score or the exit score.",
        "score": "Give the score as a number.",
        "assessed_on": "Give the date of the assessment, or leave it empty for today.",
    }

    intervention_id: int
    pupil_id: int
    stage: ScoreStage
    score: Decimal
    assessed_on: date | None = None
