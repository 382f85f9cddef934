"""Training courses, who completed them, and what each role must hold."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.codes import Role
from storage.models.base import Base, check_in


class TrainingCourse(Base):
    __tablename__ = "training_courses"
    __table_args__ = (
        UniqueConstraint("school_id", "name"),
        CheckConstraint("valid_months IS NULL OR valid_months > 0", name="validity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    valid_months: Mapped[int | None] = mapped_column(Integer)  # None: never expires


class TrainingRecord(Base):
    __tablename__ = "training_records"
    __table_args__ = (
        UniqueConstraint("staff_id", "course_id", "completed_on"),
        CheckConstraint("expires_on IS NULL OR expires_on > completed_on", name="ordered_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("training_courses.id", ondelete="CASCADE"), index=True
    )
    completed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)


class RoleRequirement(Base):
    __tablename__ = "role_requirements"
    __table_args__ = (UniqueConstraint("school_id", "role", "course_id"), check_in("role", Role))

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    course_id: Mapped[int] = mapped_column(
        ForeignKey("training_courses.id", ondelete="CASCADE"), index=True
    )
    # Needed within this many months of taking the role (the NPQ for SENCOs: 36), not at once.
    within_months: Mapped[int | None] = mapped_column(Integer)
