"""Plans (SEN support, EHCP, Health Care, PEP), their targets, reviews and statutory steps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.codes import (
    AssessmentStatus,
    MilestoneKind,
    PlanKind,
    PlanStatus,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
)
from storage.models.base import Base, UTCDateTime, check_in, utcnow


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (
        check_in("kind", PlanKind),
        check_in("status", PlanStatus),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ordered_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    # RESTRICT: a pupil's plans, reviews and assessments are kept when the pupil leaves, for
    # as long as the law says (deleting the pupil never takes them silently).
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8), default=PlanStatus.ACTIVE.value)
    # For an EHCP: the date the LA issued the final plan.
    started_on: Mapped[date] = mapped_column(Date)
    # The real start (EHCP issue) date is not known yet: imported from a MIS row with an E or
    # K status but no dates. `started_on` then holds the day it was recorded, the rules treat
    # the review date as unknown, and the SENDCO is reminded to enter it.
    date_unknown: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    ended_on: Mapped[date | None] = mapped_column(Date)
    review_due_on: Mapped[date | None] = mapped_column(Date)
    # The last review held before records started here (the import's last_review_on column).
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)
    local_authority: Mapped[str] = mapped_column(String(100), default="")
    parent_views: Mapped[str] = mapped_column(Text, default="")
    pupil_views: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    targets: Mapped[list[PlanTarget]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanTarget.id"
    )
    reviews: Mapped[list[Review]] = relationship(back_populates="plan", order_by="Review.due_on")


class PlanTarget(Base):
    """An outcome sought and the provision that will help reach it."""

    __tablename__ = "plan_targets"
    __table_args__ = (
        CheckConstraint("length(outcome) > 0", name="outcome_present"),
        CheckConstraint(
            "progress IN ('not_started', 'progressing', 'achieved', 'not_achieved')",
            name="progress_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(Text)
    provision: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[str] = mapped_column(String(16), default="not_started")

    plan: Mapped[Plan] = relationship(back_populates="targets")


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        check_in("kind", ReviewKind),
        check_in("status", ReviewStatus),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ("
            + ", ".join(f"'{o.value}'" for o in ReviewOutcome)
            + ")",
            name="outcome_valid",
        ),
        # A held review has a date and an outcome; a scheduled one has neither.
        CheckConstraint(
            "(status = 'held') = (held_on IS NOT NULL AND outcome IS NOT NULL)",
            name="held_has_outcome",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    # RESTRICT: a pupil's plans, reviews and assessments are kept when the pupil leaves, for
    # as long as the law says (deleting the pupil never takes them silently).
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="RESTRICT"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default=ReviewStatus.SCHEDULED.value)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    meeting_on: Mapped[date | None] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    # After an "amend" outcome (reg 22): the LA's notice of the proposed amendments to the
    # family, and the final amended plan (which is what meets a phase-transfer deadline).
    amendment_notice_on: Mapped[date | None] = mapped_column(Date)
    amended_plan_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[Plan | None] = relationship(back_populates="reviews")
    milestones: Mapped[list[ReviewMilestone]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewMilestone.due_on"
    )


class ReviewMilestone(Base):
    """A statutory step around an EHCP review meeting (reg 20) and when it was done."""

    __tablename__ = "review_milestones"
    __table_args__ = (UniqueConstraint("review_id", "kind"), check_in("kind", MilestoneKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)

    review: Mapped[Review] = relationship(back_populates="milestones")


class AssessmentRequest(Base):
    """A request to the LA for an EHC needs assessment, tracked against 6/16/20 weeks."""

    __tablename__ = "assessment_requests"
    __table_args__ = (
        check_in("status", AssessmentStatus),
        CheckConstraint(
            "decided_on IS NULL OR decided_on >= requested_on", name="ordered_decision"
        ),
        CheckConstraint(
            "plan_issued_on IS NULL OR plan_issued_on >= requested_on", name="ordered_issue"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    # RESTRICT: a pupil's plans, reviews and assessments are kept when the pupil leaves, for
    # as long as the law says (deleting the pupil never takes them silently).
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="RESTRICT"), index=True)
    requested_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=AssessmentStatus.REQUESTED.value)
    decided_on: Mapped[date | None] = mapped_column(Date)  # the LA's latest decision
    plan_issued_on: Mapped[date | None] = mapped_column(Date)
    # Reg 8: the LA asks the school for its advice (6 weeks to give it).
    advice_asked_on: Mapped[date | None] = mapped_column(Date)
    advice_sent_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class DeadlineException(Base):
    """A statutory time limit that does not apply this time (e.g. SEND Regs 2014 regs 5(4),
    10(4), 13(3): the school closed for 4 weeks or more, exceptional personal circumstances),
    recorded by the SENDCO against one reminder (`rule` + the record `ref`) with its reason.
    Until `until` (if given) the reminder is held back; it is shown with the reason after."""

    __tablename__ = "deadline_exceptions"
    __table_args__ = (
        UniqueConstraint("school_id", "rule", "ref"),
        CheckConstraint("length(reason) > 0", name="reason_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    rule: Mapped[str] = mapped_column(String(64))
    ref: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[date | None] = mapped_column(Date)
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
