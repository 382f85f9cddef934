"""Pupils, their SEN provision, ranked need types, key adults and register history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.codes import NeedType, SenProvision
from storage.models.base import Base, UTCDateTime, check_in, utcnow

# Year groups as integers: -1 nursery, 0 Reception, 1..13 Years 1 to 13.
MIN_YEAR_GROUP = -2  # -2 N1 and -1 N2 (nursery), 0 Reception
MAX_YEAR_GROUP = 13


class Pupil(Base):
    __tablename__ = "pupils"
    __table_args__ = (
        UniqueConstraint("school_id", "upn"),
        check_in("sen_status", SenProvision),
        CheckConstraint("length(upn) = 13", name="upn_length"),
        CheckConstraint(
            f"year_group BETWEEN {MIN_YEAR_GROUP} AND {MAX_YEAR_GROUP}", name="year_group_range"
        ),
        CheckConstraint("length(first_name) > 0 AND length(last_name) > 0", name="names_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    upn: Mapped[str] = mapped_column(String(13))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    year_group: Mapped[int] = mapped_column(Integer)
    class_name: Mapped[str] = mapped_column(String(32), default="")
    sen_status: Mapped[str] = mapped_column(String(1), default=SenProvision.NONE.value)
    looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    # Left care through adoption, a special guardianship or child arrangements order: the
    # designated teacher's duties still apply (no PEP).
    previously_looked_after: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="0"
    )
    on_roll: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when the pupil leaves: from then on their record is closed (read-only,
    # storage.closed_records) and kept until the retention period ends.
    left_on: Mapped[date | None] = mapped_column(Date)
    destination: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    needs: Mapped[list[PupilNeed]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="PupilNeed.rank"
    )
    key_adults: Mapped[list[KeyAdult]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan"
    )

    @property
    def known_as(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def primary_need(self) -> str | None:
        return self.needs[0].need_code if self.needs and self.needs[0].rank == 1 else None


class PupilNeed(Base):
    """A census need type; rank 1 is the primary need, rank 2 the secondary."""

    __tablename__ = "pupil_needs"
    __table_args__ = (
        UniqueConstraint("pupil_id", "rank"),
        UniqueConstraint("pupil_id", "need_code"),
        check_in("need_code", NeedType),
        CheckConstraint("rank >= 1", name="rank_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    need_code: Mapped[str] = mapped_column(String(4))
    rank: Mapped[int] = mapped_column(Integer)

    pupil: Mapped[Pupil] = relationship(back_populates="needs")


class KeyAdult(Base):
    __tablename__ = "key_adults"
    __table_args__ = (UniqueConstraint("pupil_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    relationship_note: Mapped[str] = mapped_column(String(100), default="")

    pupil: Mapped[Pupil] = relationship(back_populates="key_adults")


class RegisterChange(Base):
    """One change to a pupil's place on the SEN register (provision or need types)."""

    __tablename__ = "register_changes"
    __table_args__ = (
        CheckConstraint(
            "from_status IS NULL OR from_status IN ('N', 'K', 'E')", name="from_status_valid"
        ),
        check_in("to_status", SenProvision),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(1))
    to_status: Mapped[str] = mapped_column(String(1))
    needs: Mapped[str] = mapped_column(String(40), default="")  # e.g. "SPLD;SLCN" after the change
    reason: Mapped[str] = mapped_column(Text, default="")
