"""Concerns raised by staff about pupils, and their dated status history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.codes import AreaOfNeed, ConcernStatus, Urgency
from storage.models.base import Base, UTCDateTime, check_in, utcnow


class Concern(Base):
    __tablename__ = "concerns"
    __table_args__ = (
        check_in("status", ConcernStatus),
        check_in("urgency", Urgency),
        CheckConstraint("length(observed) > 0", name="observed_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    raised_by_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True
    )
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    observed_on: Mapped[date] = mapped_column(Date)
    observed: Mapped[str] = mapped_column(Text)
    tried: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(8), default=Urgency.MEDIUM.value)
    status: Mapped[str] = mapped_column(String(24), default=ConcernStatus.NEW.value)
    source: Mapped[str] = mapped_column(String(16), default="console")

    pupils: Mapped[list[ConcernPupil]] = relationship(
        back_populates="concern", cascade="all, delete-orphan"
    )
    areas: Mapped[list[ConcernArea]] = relationship(
        back_populates="concern", cascade="all, delete-orphan"
    )
    history: Mapped[list[ConcernStatusChange]] = relationship(
        back_populates="concern", cascade="all, delete-orphan", order_by="ConcernStatusChange.id"
    )

    @property
    def reference(self) -> str:
        return f"C-{self.id:05d}"


class ConcernPupil(Base):
    __tablename__ = "concern_pupils"
    __table_args__ = (UniqueConstraint("concern_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(
        ForeignKey("concerns.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="RESTRICT"), index=True)

    concern: Mapped[Concern] = relationship(back_populates="pupils")


class ConcernArea(Base):
    __tablename__ = "concern_areas"
    __table_args__ = (UniqueConstraint("concern_id", "area"), check_in("area", AreaOfNeed))

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(
        ForeignKey("concerns.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(40))

    concern: Mapped[Concern] = relationship(back_populates="areas")


class ConcernStatusChange(Base):
    __tablename__ = "concern_status_changes"
    __table_args__ = (
        check_in("to_status", ConcernStatus),
        CheckConstraint(
            "from_status IS NULL OR from_status IN ("
            + ", ".join(f"'{s.value}'" for s in ConcernStatus)
            + ")",
            name="from_status_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(
        ForeignKey("concerns.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")

    concern: Mapped[Concern] = relationship(back_populates="history")
