"""Intervention programmes, their members with entry/exit scores, and logged sessions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.codes import AreaOfNeed, InterventionStatus, ScoreMeasure
from storage.models.base import Base, UTCDateTime, check_in, utcnow

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri")


class Intervention(Base):
    __tablename__ = "interventions"
    __table_args__ = (
        UniqueConstraint("school_id", "name"),
        check_in("status", InterventionStatus),
        check_in("measure", ScoreMeasure),
        CheckConstraint(
            "area IS NULL OR area IN (" + ", ".join(f"'{a.value}'" for a in AreaOfNeed) + ")",
            name="area_valid",
        ),
        CheckConstraint(
            "planned_sessions IS NULL OR planned_sessions > 0", name="planned_positive"
        ),
        CheckConstraint(
            "session_minutes IS NULL OR session_minutes BETWEEN 1 AND 480", name="minutes_range"
        ),
        CheckConstraint("cost_per_session_pence >= 0", name="cost_not_negative"),
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="ordered_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))  # e.g. "Toe by Toe - Year 4"
    programme: Mapped[str] = mapped_column(String(100))  # e.g. "Toe by Toe"
    area: Mapped[str | None] = mapped_column(String(40))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # Planned weekdays as "mon,wed,fri": drives the "session not logged today" nudge.
    weekdays: Mapped[str] = mapped_column(String(24), default="")
    schedule_note: Mapped[str] = mapped_column(String(200), default="")
    planned_sessions: Mapped[int | None] = mapped_column(Integer)
    session_minutes: Mapped[int | None] = mapped_column(Integer)
    cost_per_session_pence: Mapped[int] = mapped_column(Integer, default=0)
    measure: Mapped[str] = mapped_column(String(24), default=ScoreMeasure.STANDARDISED.value)
    custom_scale: Mapped[str] = mapped_column(String(100), default="")
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=InterventionStatus.ACTIVE.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[InterventionMember]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[InterventionSession]] = relationship(
        back_populates="intervention",
        cascade="all, delete-orphan",
        order_by="InterventionSession.held_on",
    )


class InterventionMember(Base):
    __tablename__ = "intervention_members"
    __table_args__ = (
        UniqueConstraint("intervention_id", "pupil_id"),
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="ordered_dates"),
        CheckConstraint("entry_score IS NULL OR entry_score >= 0", name="entry_not_negative"),
        CheckConstraint("exit_score IS NULL OR exit_score >= 0", name="exit_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="RESTRICT"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    entry_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    entry_on: Mapped[date | None] = mapped_column(Date)
    exit_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    exit_on: Mapped[date | None] = mapped_column(Date)

    intervention: Mapped[Intervention] = relationship(back_populates="members")


class InterventionSession(Base):
    __tablename__ = "intervention_sessions"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 1 AND 480", name="duration_range"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="console")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    intervention: Mapped[Intervention] = relationship(back_populates="sessions")
    attendance: Mapped[list[SessionAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class SessionAttendance(Base):
    __tablename__ = "session_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "pupil_id"),
        # An absence carries a reason; a presence does not.
        CheckConstraint("present OR length(absence_reason) > 0", name="absence_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("intervention_sessions.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="RESTRICT"), index=True)
    present: Mapped[bool] = mapped_column(Boolean)
    absence_reason: Mapped[str] = mapped_column(String(200), default="")

    session: Mapped[InterventionSession] = relationship(back_populates="attendance")
