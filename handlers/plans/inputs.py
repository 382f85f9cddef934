"""What the plan and review forms accept, with messages a SENDCO can act on.

Field names match the `Form` field names in handlers.plans.forms. Checks against today's date
need the clock, so the handlers make them after parsing (`past_or_today`, `in_future`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from storage.codes import MilestoneKind, NeedType, ReviewOutcome

Progress = Literal["not_started", "progressing", "achieved", "not_achieved"]
PROGRESS_VALUES: tuple[str, ...] = ("not_started", "progressing", "achieved", "not_achieved")
MAX_TARGETS = 20


def pupil_id(value: object) -> object:
    """A pupil picker may send one id, its text, or a one-item list."""
    if isinstance(value, list | tuple):
        if len(value) != 1:
            raise ValueError("Choose exactly one pupil")
        value = value[0]
    if value is None or value == "":
        raise ValueError("Say which pupil this is about")
    if isinstance(value, str):
        if not value.strip().isdigit():
            raise ValueError("Choose the pupil from the list")
        return int(value.strip())
    return value


def _iso_date(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{value}' is not a date; give it as YYYY-MM-DD") from None
    return value


def _target(item: object, number: int) -> dict[str, str]:
    if isinstance(item, BaseModel):
        item = item.model_dump()
    if isinstance(item, str):
        outcome, _, provision = item.partition("|")
        item = {"outcome": outcome, "provision": provision}
    if not isinstance(item, dict):
        raise ValueError(f"Target {number}: give an outcome and the provision for it")
    outcome = str(item.get("outcome") or "").strip()
    provision = str(item.get("provision") or "").strip()
    if not outcome:
        raise ValueError(f"Target {number}: say what outcome the pupil is working towards")
    if len(outcome) > 1000 or len(provision) > 1000:
        raise ValueError(f"Target {number}: keep the outcome and provision under 1000 characters")
    return {"outcome": outcome, "provision": provision}


def _progress_line(line: str) -> tuple[str, str]:
    target, _, progress = line.replace(":", " ").strip().partition(" ")
    if not target.isdigit():
        raise ValueError(f"'{line.strip()}': write each as target number, then progress")
    return target, progress.strip().lower().replace(" ", "_")


class TargetInput(BaseModel):
    outcome: str
    provision: str = ""


class PupilForm(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    pupil: int = Field(default=None, validate_default=True)

    @field_validator("pupil", mode="before")
    @classmethod
    def _pupil(cls, value: object) -> object:
        return pupil_id(value)


class SupportPlanInput(PupilForm):
    targets: list[TargetInput] = Field(default=None, validate_default=True)
    review_due_on: date | None = None
    parent_views: str = ""
    pupil_views: str = ""

    @field_validator("targets", mode="before")
    @classmethod
    def _targets(cls, value: object) -> list[dict[str, str]]:
        items: list[Any]
        if isinstance(value, str):
            items = [line for line in value.splitlines() if line.strip()]
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            items = [] if value is None else [value]
        if not items:
            raise ValueError(
                "Add at least one outcome, with the provision that will help reach it "
                "(one per line: outcome | provision)"
            )
        if len(items) > MAX_TARGETS:
            raise ValueError(f"Keep a plan to {MAX_TARGETS} outcomes or fewer")
        return [_target(item, number) for number, item in enumerate(items, 1)]

    @field_validator("review_due_on", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return _iso_date(value)

    @field_validator("parent_views", "pupil_views")
    @classmethod
    def _views(cls, value: str) -> str:
        if len(value) > 4000:
            raise ValueError("Keep this under 4000 characters")
        return value


class EhcpInput(PupilForm):
    issued_on: date = Field(default=None, validate_default=True)
    local_authority: str = Field(default="", validate_default=True)
    last_reviewed_on: date | None = None
    primary_need: NeedType | None = None

    @field_validator("issued_on", "last_reviewed_on", mode="before")
    @classmethod
    def _date(cls, value: object, info: ValidationInfo) -> object:
        day = _iso_date(value)
        if day is None and info.field_name == "issued_on":
            raise ValueError("Give the date the local authority issued the final plan")
        return day

    @field_validator("local_authority")
    @classmethod
    def _la(cls, value: str) -> str:
        if not value:
            raise ValueError("Name the local authority that issued the plan")
        if len(value) > 100:
            raise ValueError("Keep the local authority's name under 100 characters")
        return value

    @field_validator("primary_need", mode="before")
    @classmethod
    def _need(cls, value: object) -> object:
        if isinstance(value, str):
            code = value.strip().upper()
            if code and code not in {n.value for n in NeedType}:
                raise ValueError(f"'{value}' is not a census need type code")
            return code or None
        return value


class DatedPlanInput(PupilForm):
    """A Health Care Plan or PEP: when it started and when it is next reviewed."""

    started_on: date = Field(default=None, validate_default=True)
    review_due_on: date | None = None
    local_authority: str = ""

    @field_validator("started_on", "review_due_on", mode="before")
    @classmethod
    def _date(cls, value: object, info: ValidationInfo) -> object:
        day = _iso_date(value)
        if day is None and info.field_name == "started_on":
            raise ValueError("Give the date the plan started")
        return day


class MeetingInput(BaseModel):
    meeting_on: date = Field(default=None, validate_default=True)

    @field_validator("meeting_on", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        day = _iso_date(value)
        if day is None:
            raise ValueError("Give the date of the review meeting")
        return day


class TargetProgressInput(BaseModel):
    target_id: int
    progress: Progress


class ReviewOutcomeInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    held_on: date = Field(default=None, validate_default=True)
    outcome: ReviewOutcome = Field(default=None, validate_default=True)
    notes: str = ""
    targets: list[TargetProgressInput] = []
    next_review_due_on: date | None = None

    @field_validator("held_on", "next_review_due_on", mode="before")
    @classmethod
    def _date(cls, value: object, info: ValidationInfo) -> object:
        day = _iso_date(value)
        if day is None and info.field_name == "held_on":
            raise ValueError("Give the date the review meeting was held")
        return day

    @field_validator("outcome", mode="before")
    @classmethod
    def _outcome(cls, value: object) -> object:
        choices = ", ".join(o.value for o in ReviewOutcome)
        if not value:
            raise ValueError(f"Choose the review's outcome: {choices}")
        if isinstance(value, str) and value.strip().lower() not in {o.value for o in ReviewOutcome}:
            raise ValueError(f"'{value}' is not a review outcome; choose one of {choices}")
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("targets", mode="before")
    @classmethod
    def _progress(cls, value: object) -> object:
        if value is None or value == "":
            return []
        if isinstance(value, str):  # one per line, "12: achieved"
            value = dict(_progress_line(line) for line in value.splitlines() if line.strip())
        if isinstance(value, dict):  # {target_id: progress}
            value = [{"target_id": k, "progress": v} for k, v in value.items()]
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and item.get("progress") not in PROGRESS_VALUES:
                    raise ValueError(
                        f"Progress must be one of {', '.join(PROGRESS_VALUES)}, "
                        f"not '{item.get('progress')}'"
                    )
        return value

    @field_validator("notes")
    @classmethod
    def _notes(cls, value: str) -> str:
        if len(value) > 8000:
            raise ValueError("Keep the notes under 8000 characters")
        return value


class MilestoneInput(BaseModel):
    kind: MilestoneKind = Field(default=None, validate_default=True)
    completed_on: date = Field(default=None, validate_default=True)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: object) -> object:
        if value not in {k.value for k in MilestoneKind}:
            raise ValueError(f"Choose one of {', '.join(k.value for k in MilestoneKind)}")
        return value

    @field_validator("completed_on", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        day = _iso_date(value)
        if day is None:
            raise ValueError("Give the date it was done")
        return day
