"""What a concern asks for: the input models (pydantic) and the `Form`s built from them.

Field names in each `Form` are exactly the input model's fields, so an adapter can hand the
submitted values straight to the handler and show each error beside its field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from sqlalchemy.orm import Session

from handlers import access
from handlers.access import Permission
from handlers.concerns.lookups import SCHOOL_PUPILS
from handlers.concerns.workflow import STATUS_LABELS, next_statuses, note_required
from handlers.vocabulary import Actor, Choice, Field, FieldKind, Form
from storage.codes import AreaOfNeed, ConcernStatus, Urgency

AREA_LABELS: dict[AreaOfNeed, str] = {
    AreaOfNeed.COMMUNICATION: "Communication and interaction",
    AreaOfNeed.COGNITION: "Cognition and learning",
    AreaOfNeed.SEMH: "Social, emotional and mental health",
    AreaOfNeed.SENSORY_PHYSICAL: "Sensory and/or physical",
}
# The short forms staff write ("SEMH", "C&L"), as well as the values and labels.
AREA_ALIASES: dict[str, AreaOfNeed] = {
    "c&i": AreaOfNeed.COMMUNICATION,
    "c&l": AreaOfNeed.COGNITION,
    "semh": AreaOfNeed.SEMH,
    "s&p": AreaOfNeed.SENSORY_PHYSICAL,
    "sensory and physical": AreaOfNeed.SENSORY_PHYSICAL,
}
MIN_OBSERVED_WORDS = 3
MAX_TEXT = 4000


def tidy(value: Any) -> str:
    """Free text with blanks trimmed; line breaks inside are kept (paragraphs matter)."""
    lines = [" ".join(line.split()) for line in str(value or "").strip().splitlines()]
    return "\n".join(lines)


def ids_list(value: Any, *, what: str) -> list[int]:
    """One id or a list of ids (ints or digit strings), de-duplicated in order."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else [value]
    ids: list[int] = []
    for item in items:
        text = str(item).strip()
        if isinstance(item, bool) or not text.isdigit():
            raise ValueError(f"Pick {what} from the list ({text!r} isn't one).")
        if int(text) not in ids:
            ids.append(int(text))
    return ids


def iso_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("Give the date as YYYY-MM-DD, for example 2026-10-05.") from None
    return value


def _area(value: Any) -> AreaOfNeed:
    text = str(value).strip().lower()
    if text in AREA_ALIASES:
        return AREA_ALIASES[text]
    for area, label in AREA_LABELS.items():
        if text in {area.value, label.lower()}:
            return area
    names = "; ".join(label.lower() for label in AREA_LABELS.values())
    raise ValueError(f"{value!r} isn't an area of need. Choose from: {names}.")


class ConcernInput(BaseModel):
    # Defaults are validated too, so a missing field gets the same plain message as a blank one.
    model_config = ConfigDict(validate_default=True)

    pupils: list[int] = []
    observed: str = ""
    areas: list[AreaOfNeed] = []
    tried: str = ""
    urgency: Urgency = Urgency.MEDIUM
    observed_on: date | None = None  # None: today (the handler knows the date)

    @field_validator("pupils", mode="before")
    @classmethod
    def _pupils(cls, value: Any) -> list[int]:
        ids = ids_list(value, what="pupils")
        if not ids:
            raise ValueError("Say which pupil this is about.")
        return ids

    @field_validator("observed", "tried", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        text = tidy(value)
        if len(text) > MAX_TEXT:
            raise ValueError(f"Please keep this under {MAX_TEXT} characters.")
        return text

    @field_validator("observed")
    @classmethod
    def _observed(cls, value: str) -> str:
        if not value:
            raise ValueError("Describe what you saw or heard.")
        if len(value.split()) < MIN_OBSERVED_WORDS:
            raise ValueError(
                f"Say a little more about what you saw (at least {MIN_OBSERVED_WORDS} words)."
            )
        return value

    @field_validator("areas", mode="before")
    @classmethod
    def _areas(cls, value: Any) -> list[AreaOfNeed]:
        items = [] if value in (None, "") else value if isinstance(value, list) else [value]
        return list(dict.fromkeys(_area(v) for v in items))

    @field_validator("urgency", mode="before")
    @classmethod
    def _urgency(cls, value: Any) -> Any:
        text = str(value or Urgency.MEDIUM.value).strip().lower()
        if text not in {u.value for u in Urgency}:
            raise ValueError("Urgency must be low, medium or high.")
        return text

    @field_validator("observed_on", mode="before")
    @classmethod
    def _observed_on(cls, value: Any) -> Any:
        return None if value == "" else iso_date(value)


class StatusChangeInput(BaseModel):
    model_config = ConfigDict(validate_default=True)

    # "new" is never a step a concern moves to, so it doubles as "nothing chosen".
    to_status: ConcernStatus = ConcernStatus.NEW
    note: str = ""

    @field_validator("to_status", mode="before")
    @classmethod
    def _to_status(cls, value: Any) -> Any:
        text = str(value or "").strip().lower()
        if text not in {s.value for s in ConcernStatus} or text == ConcernStatus.NEW:
            raise ValueError("Choose the concern's next step from the list.")
        return text

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> str:
        return tidy(value)

    @field_validator("note")
    @classmethod
    def _why(cls, value: str, info: ValidationInfo) -> str:
        target = info.data.get("to_status")
        if target is not None and note_required(target) and not value:
            raise ValueError("Say why, in a sentence: it goes on the concern's record.")
        return value


class MoreInfoInput(BaseModel):
    model_config = ConfigDict(validate_default=True)

    note: str = ""

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> str:
        text = tidy(value)
        if not text:
            raise ValueError("Say what you would like to know: the raiser is sent this.")
        return text


def concern_form(*, session: Session, actor: Actor, today: date | None = None) -> Form:
    """Raise a concern: about any pupil on roll in the actor's school."""
    access.require(actor, Permission.RAISE_CONCERN)
    return Form(
        action="concern.log",
        title="Raise a concern",
        submit_label="Send to the SENDCO",
        fields=(
            Field(
                "pupils",
                "Pupil(s)",
                FieldKind.PUPIL,
                multiple=True,
                help="Any pupil in the school. Add several if you saw the same thing in a group.",
                search=SCHOOL_PUPILS,
            ),
            Field(
                "observed",
                "What did you see or hear?",
                FieldKind.LONG_TEXT,
                help="Facts, in a few sentences: what happened, when, how often.",
            ),
            Field(
                "areas",
                "Area(s) of need",
                FieldKind.MULTI_CHOICE,
                required=False,
                multiple=True,
                help="Leave empty if you're not sure yet.",
                choices=tuple(Choice(a.value, label) for a, label in AREA_LABELS.items()),
            ),
            Field(
                "tried",
                "What have you tried so far?",
                FieldKind.LONG_TEXT,
                required=False,
                help="Strategies, adjustments, conversations with home.",
            ),
            Field(
                "urgency",
                "How urgent is it?",
                FieldKind.CHOICE,
                choices=tuple(Choice(u.value, u.value.title()) for u in Urgency),
                initial=Urgency.MEDIUM.value,
                help="If a child may be at risk of harm, stop: that is safeguarding, "
                "go to the DSL now.",
            ),
            Field(
                "observed_on",
                "When did you see it?",
                FieldKind.DATE,
                initial=today.isoformat() if today else None,
                help="Today or earlier (YYYY-MM-DD).",
            ),
        ),
    )


def status_form(*, current: ConcernStatus, reference: str) -> Form:
    """Move a concern on: the choices are the steps open from `current`."""
    return Form(
        action="concern.status",
        title=f"Update {reference}",
        fields=(
            Field(
                "to_status",
                "Next step",
                FieldKind.CHOICE,
                choices=tuple(Choice(s.value, STATUS_LABELS[s]) for s in next_statuses(current)),
            ),
            Field(
                "note",
                "Why?",
                FieldKind.LONG_TEXT,
                required=False,
                help="Needed for every step except acknowledging. The raiser is told.",
            ),
        ),
    )


def more_info_form(*, reference: str) -> Form:
    """ "Ask for more information": the question goes to the raiser."""
    return Form(
        action="concern.more_info",
        title=f"More information on {reference}",
        submit_label="Ask",
        fields=(Field("note", "What would you like to know?", FieldKind.LONG_TEXT),),
    )
