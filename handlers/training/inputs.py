"""What the training handlers accept. Field names match the forms in handlers.training.forms."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from handlers.validation import HintedInput
from storage.codes import Role


class CourseInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "name": "Give the course a name, e.g. 'Level 1 safeguarding'.",
        "valid_months": "Give how many months the course stays valid as a whole number above "
        "0, or leave it empty if it never expires.",
    }

    name: str = Field(min_length=1, max_length=150)
    valid_months: int | None = Field(default=None, ge=1, le=600)


class TrainingRecordInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "staff_id": "Choose the member of staff who did the training.",
        "course_id": "Choose the course.",
        "completed_on": "Give the date the course was completed.",
    }

    staff_id: int
    course_id: int
    completed_on: date


class RequirementInput(HintedInput):
    HINTS: ClassVar[dict[str, str]] = {
        "role": "Choose a role: teacher, ta, sendco, dsl, head or admin.",
        "course_id": "Choose the course the role must hold.",
    }

    role: Role
    course_id: int
