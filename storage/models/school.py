"""Schools, staff, their roles, platform identities and classes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.codes import CalendarKind, Platform, Role
from storage.models.base import Base, UTCDateTime, check_in, utcnow


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    urn: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped whenever a pupil or member of staff of the school changes (storage.roster_version),
    # so a process can keep the school's roster in memory and know when to reload it.
    roster_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    staff: Mapped[list[Staff]] = relationship(back_populates="school")


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("school_id", "email"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("email LIKE '%_@_%'", name="email_shape"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    school: Mapped[School] = relationship(back_populates="staff")
    roles: Mapped[list[StaffRole]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", order_by="StaffRole.role"
    )
    identities: Mapped[list[PlatformIdentity]] = relationship(
        back_populates="staff", cascade="all, delete-orphan"
    )
    classes: Mapped[list[StaffClass]] = relationship(
        back_populates="staff", cascade="all, delete-orphan"
    )

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}


class StaffRole(Base):
    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("staff_id", "role"), check_in("role", Role))

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    # When they took the role, if known: a course required "within N months of appointment"
    # (the SENCO's NPQ) is not missing until then.
    since: Mapped[date | None] = mapped_column(Date)

    staff: Mapped[Staff] = relationship(back_populates="roles")


class PlatformIdentity(Base):
    """How a member of staff appears on a platform (Slack user id, Teams AAD object id)."""

    __tablename__ = "platform_identities"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "external_id"),
        UniqueConstraint("staff_id", "platform", "workspace_id"),
        check_in("platform", Platform),
        CheckConstraint("length(external_id) > 0", name="external_id_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    # Slack team id or Teams tenant id; "" when the import did not say (one workspace).
    workspace_id: Mapped[str] = mapped_column(String(64), default="")
    external_id: Mapped[str] = mapped_column(String(128))

    staff: Mapped[Staff] = relationship(back_populates="identities")


class StaffClass(Base):
    """A class a teacher teaches; decides which pupils a teacher may see."""

    __tablename__ = "staff_classes"
    __table_args__ = (UniqueConstraint("staff_id", "class_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    class_name: Mapped[str] = mapped_column(String(32))

    staff: Mapped[Staff] = relationship(back_populates="classes")


class CalendarPeriod(Base):
    """Term dates, INSET days and other closures; weekends and bank holidays are computed."""

    __tablename__ = "calendar_periods"
    __table_args__ = (
        check_in("kind", CalendarKind),
        CheckConstraint("ends_on >= starts_on", name="ordered_dates"),
        UniqueConstraint("school_id", "kind", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
