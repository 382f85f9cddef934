"""What logging a session accepts. Field names match `session_form`.

`attendance` takes the full form `[{"pupil_id": 7, "present": false, "absence_reason": "ill"}]`
or, as a form's pupil picker sends it, a list of the ids of the pupils who were there. The
pupils in `absent` are recorded absent with `absence_reason`. With neither, every current
member of the group is recorded present. Pupils listed nowhere are not recorded (a session
for one pupil of a group).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from handlers.validation import HintedInput


class AttendanceEntry(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    pupil_id: int
    present: bool = True
    absence_reason: str = Field(default="", max_length=200)


class SessionInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "intervention_id": "Choose the intervention group the session was for.",
        "held_on": "Give the date of the session, or leave it empty for today.",
        "duration_minutes": "Duration must be between 1 and 480 minutes.",
        "attendance": "List who was there: pupil ids, or entries with pupil_id, present and "
        "absence_reason.",
        "absent": "Choose the pupils who were absent.",
        "absence_reason": "Keep the reason for absence under 200 characters.",
        "notes": "Keep the notes under 5,000 characters.",
        "rating": "Give a rating from 1 to 5, or leave it empty.",
    }

    intervention_id: int
    held_on: date | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=480)
    attendance: list[AttendanceEntry] | None = None
    absent: list[int] = Field(default_factory=list)
    absence_reason: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=5000)
    rating: int | None = Field(default=None, ge=1, le=5)

    @field_validator("attendance", mode="before")
    @classmethod
    def _ids_mean_present(cls, value: Any) -> Any:
        if isinstance(value, int | str):
            value = [value]
        if isinstance(value, list | tuple):
            return [
                {"pupil_id": item, "present": True} if isinstance(item, int | str) else item
                for item in value
            ]
        return value

    @field_validator("absent", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, int | str) else value

    @field_validator("attendance")
    @classmethod
    def _each_pupil_once(cls, value: list[AttendanceEntry] | None) -> list[AttendanceEntry] | None:
        if value is not None:
            ids = [entry.pupil_id for entry in value]
            if len(ids) != len(set(ids)):
                raise ValueError("Each pupil can appear only once in the attendance.")
        return value
