"""What the reminder rules read (a school's facts) and what they return (due reminders).

Plain frozen values, so every rule is a pure function that tests can feed by hand; facts.py
fills them from the database. Advice requests stay ORM rows because the shared advice rules
(`handlers.advice.rules`) take those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from storage.models import AdviceRequest


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str
    roles: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    role_since: tuple[tuple[str, date], ...] = ()  # (role, date taken) where known


@dataclass(frozen=True)
class PupilFacts:
    id: int
    upn: str
    name: str  # known as: private reminders only, never a channel
    year_group: int
    date_of_birth: date
    class_name: str = ""
    looked_after: bool = False


@dataclass(frozen=True)
class MilestoneFacts:
    kind: str  # storage.codes.MilestoneKind
    due_on: date
    completed_on: date | None = None


@dataclass(frozen=True)
class ReviewFacts:
    id: int
    kind: str  # storage.codes.ReviewKind
    status: str  # scheduled | held (cancelled reviews are left out)
    due_on: date
    meeting_on: date | None = None
    held_on: date | None = None
    milestones: tuple[MilestoneFacts, ...] = ()
    outcome: str | None = None  # storage.codes.ReviewOutcome, once held
    amendment_notice_on: date | None = None  # reg 22: proposed amendments sent
    amended_plan_on: date | None = None  # reg 22: the final amended plan issued


@dataclass(frozen=True)
class PlanFacts:
    """An active plan with its reviews (scheduled, and held ones with steps still open)."""

    id: int
    pupil: PupilFacts
    kind: str  # storage.codes.PlanKind
    started_on: date  # for an EHCP, the date the LA issued it
    review_due_on: date | None = None
    last_reviewed_on: date | None = None
    reviews: tuple[ReviewFacts, ...] = ()
    date_unknown: bool = False  # imported without its start (EHCP issue) date


@dataclass(frozen=True)
class AssessmentFacts:
    id: int
    pupil: PupilFacts
    requested_on: date
    status: str  # storage.codes.AssessmentStatus
    decided_on: date | None = None
    plan_issued_on: date | None = None
    advice_asked_on: date | None = None
    advice_sent_on: date | None = None


@dataclass(frozen=True)
class Requirement:
    """A course a role must hold (satisfies handlers.training.status.RequirementLike)."""

    role: str
    course_id: int
    within_months: int | None = None


@dataclass(frozen=True)
class Completion:
    """A completed course (satisfies handlers.training.status.RecordLike)."""

    course_id: int
    completed_on: date
    expires_on: date | None = None


@dataclass(frozen=True)
class TrainingFacts:
    courses: dict[int, str] = field(default_factory=dict)  # course id -> name
    requirements: tuple[Requirement, ...] = ()
    records: dict[int, tuple[Completion, ...]] = field(default_factory=dict)  # by staff id


@dataclass(frozen=True)
class InterventionFacts:
    """An intervention as the schedule rules need it (satisfies sessions.schedule.Scheduled)."""

    id: int
    name: str
    weekdays: str
    start_on: date
    end_on: date | None
    status: str
    planned_sessions: int | None
    lead_id: int | None
    logged_dates: frozenset[date] = frozenset()


@dataclass(frozen=True)
class ConcernFacts:
    id: int
    status: str
    raised_on: date  # the school day it was raised
    pupils: tuple[PupilFacts, ...] = ()
    assigned_to_id: int | None = None

    @property
    def reference(self) -> str:
        return f"C-{self.id:05d}"


@dataclass(frozen=True)
class SchoolFacts:
    """Everything the rules look at for one school, as loaded at one moment."""

    school_id: int
    staff: dict[int, Person] = field(default_factory=dict)  # active staff by id
    plans: tuple[PlanFacts, ...] = ()
    assessments: tuple[AssessmentFacts, ...] = ()
    training: TrainingFacts = field(default_factory=TrainingFacts)
    advice: tuple[AdviceRequest, ...] = ()  # waiting (open or claimed), messages loaded
    interventions: tuple[InterventionFacts, ...] = ()
    concerns: tuple[ConcernFacts, ...] = ()  # still new
    undelivered: tuple[UndeliveredNotice, ...] = ()  # the outbox gave up on these (for now)
    looked_after: tuple[PupilFacts, ...] = ()  # on roll and in care: each needs a PEP
    # (rule, record ref) -> (reason, held back until): timescale exceptions the SENDCO recorded
    exceptions: dict[tuple[str, str], tuple[str, date | None]] = field(default_factory=dict)

    def with_role(self, role: str) -> tuple[int, ...]:
        return tuple(sorted(p.id for p in self.staff.values() if role in p.roles))

    def teachers_of(self, class_name: str) -> tuple[int, ...]:
        if not class_name:
            return ()
        return tuple(sorted(p.id for p in self.staff.values() if class_name in p.classes))


@dataclass(frozen=True)
class UndeliveredNotice:
    """A notice the outbox could not deliver after many tries (still retried hourly)."""

    rule: str
    recipient: str  # a name, or the channel it was for
    due: date
    error: str


@dataclass(frozen=True)
class DueReminder:
    """One reminder due now, about one thing, for its recipients (staff ids).

    `due` is the date the thing itself is due (a review, a statutory step, an expiry);
    `remind_on` the school day the reminder is raised. Its identity, `rule:ref:cycle`, names
    the occurrence, so the same reminder computed again is recognised and never re-sent.
    """

    rule: str
    subject: str  # the pupil's UPN or the member of staff's email (design.md contract)
    ref: str  # the record it is about: "P-00012", "R-00003", "C-00004", "T-7-3" ...
    due: date
    remind_on: date
    title: str
    lines: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    recipient_ids: tuple[int, ...] = ()
    cycle: str = ""  # what tells this occurrence from the next; the due date by default
    pupil_id: int | None = None
    wants_sendco: bool = False  # the rule sends it to the SENDCO (said when there is none)

    @property
    def identity(self) -> str:
        return f"{self.rule}:{self.ref}:{self.cycle or self.due.isoformat()}"

    def key(self, recipient_id: int) -> str:
        return f"{self.identity}:{recipient_id}"
