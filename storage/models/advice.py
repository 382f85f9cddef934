"""Requests for the SENDCO's advice and the thread of messages on each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.codes import AdviceStatus
from storage.models.base import Base, UTCDateTime, check_in, utcnow


class AdviceRequest(Base):
    __tablename__ = "advice_requests"
    __table_args__ = (
        check_in("status", AdviceStatus),
        CheckConstraint("length(question) > 0", name="question_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    asked_by_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True
    )
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id", ondelete="RESTRICT"))
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=AdviceStatus.OPEN.value)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16), default="console")

    messages: Mapped[list[AdviceMessage]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="AdviceMessage.id"
    )

    @property
    def reference(self) -> str:
        return f"A-{self.id:05d}"


class AdviceMessage(Base):
    """An answer or follow-up in the request's thread."""

    __tablename__ = "advice_messages"
    __table_args__ = (CheckConstraint("length(body) > 0", name="body_present"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("advice_requests.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[AdviceRequest] = relationship(back_populates="messages")
