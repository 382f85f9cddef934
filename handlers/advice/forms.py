"""What an advice request asks for: the input models and the `Form`s built from them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy.orm import Session

from handlers import access
from handlers.access import Permission
from handlers.concerns.forms import MAX_TEXT, ids_list, tidy
from handlers.concerns.lookups import SCHOOL_PUPILS
from handlers.vocabulary import Actor, Field, FieldKind, Form

MIN_QUESTION_WORDS = 3


def _clean(value: Any) -> str:
    text = tidy(value)
    if len(text) > MAX_TEXT:
        raise ValueError(f"Please keep this under {MAX_TEXT} characters.")
    return text


class AdviceInput(BaseModel):
    model_config = ConfigDict(validate_default=True)

    question: str = ""
    pupil_id: int | None = None

    @field_validator("question", mode="before")
    @classmethod
    def _question(cls, value: Any) -> str:
        text = _clean(value)
        if not text:
            raise ValueError("Write your question for the SENDCO.")
        if len(text.split()) < MIN_QUESTION_WORDS:
            raise ValueError("Say a little more, so the SENDCO can help: a sentence is enough.")
        return text

    @field_validator("pupil_id", mode="before")
    @classmethod
    def _pupil(cls, value: Any) -> int | None:
        ids = ids_list(value, what="the pupil")
        if len(ids) > 1:
            raise ValueError("Choose one pupil, or none for a general question.")
        return ids[0] if ids else None


class AdviceMessageInput(BaseModel):
    model_config = ConfigDict(validate_default=True)

    body: str = ""

    @field_validator("body", mode="before")
    @classmethod
    def _body(cls, value: Any) -> str:
        text = _clean(value)
        if not text:
            raise ValueError("Write your message: it can't be empty.")
        return text


def advice_form(*, session: Session, actor: Actor) -> Form:
    """Ask the SENDCO: a question, optionally about one pupil of the school."""
    access.require(actor, Permission.ASK_ADVICE)
    return Form(
        action="advice.ask",
        title="Ask the SENDCO",
        submit_label="Ask",
        fields=(
            Field(
                "question",
                "Your question",
                FieldKind.LONG_TEXT,
                help="What you'd like advice on, and what you've tried. If a child may be at "
                "risk of harm, stop: go to the DSL now.",
            ),
            Field(
                "pupil_id",
                "About a pupil? (optional)",
                FieldKind.PUPIL,
                required=False,
                help="Any pupil in the school; leave empty for a general question.",
                search=SCHOOL_PUPILS,
            ),
        ),
    )


def advice_message_form(*, action: str, title: str, label: str) -> Form:
    """One long-text `body`: the answer ("advice.answer") or a follow-up ("advice.follow_up")."""
    return Form(
        action=action,
        title=title,
        submit_label="Send",
        fields=(Field("body", label, FieldKind.LONG_TEXT),),
    )


def answer_form(*, reference: str) -> Form:
    return advice_message_form(
        action="advice.answer", title=f"Answer {reference}", label="Your answer"
    )


def follow_up_form(*, reference: str) -> Form:
    return advice_message_form(
        action="advice.follow_up", title=f"Follow up {reference}", label="Your message"
    )
