"""The fixed vocabularies of the SEND domain (../shared/domain.md), kept in one place.

The database enforces each of these with a CHECK constraint, so a value outside them can
never be stored, whichever code path writes it.
"""

from __future__ import annotations

from enum import StrEnum


class SenProvision(StrEnum):
    """School census SEN provision: N no SEN, K SEN support, E EHC plan."""

    NONE = "N"
    SUPPORT = "K"
    EHCP = "E"


class NeedType(StrEnum):
    """School census SEN need types (rank 1 primary, rank 2 secondary)."""

    SPLD = "SPLD"
    MLD = "MLD"
    SLD = "SLD"
    PMLD = "PMLD"
    SEMH = "SEMH"
    SLCN = "SLCN"
    HI = "HI"
    VI = "VI"
    MSI = "MSI"
    PD = "PD"
    ASD = "ASD"
    DS = "DS"
    OTH = "OTH"
    NSA = "NSA"


NEED_TYPE_NAMES: dict[NeedType, str] = {
    NeedType.SPLD: "Specific learning difficulty",
    NeedType.MLD: "Moderate learning difficulty",
    NeedType.SLD: "Severe learning difficulty",
    NeedType.PMLD: "Profound and multiple learning difficulty",
    NeedType.SEMH: "Social, emotional and mental health",
    NeedType.SLCN: "Speech, language and communication needs",
    NeedType.HI: "Hearing impairment",
    NeedType.VI: "Vision impairment",
    NeedType.MSI: "Multi-sensory impairment",
    NeedType.PD: "Physical disability",
    NeedType.ASD: "Autistic spectrum disorder",
    NeedType.DS: "Down syndrome",
    NeedType.OTH: "Other difficulty/disability",
    NeedType.NSA: "SEN support but no specialist assessment of type of need",
}


class AreaOfNeed(StrEnum):
    """The four broad areas of need (SEND Code of Practice 6.28-6.35)."""

    COMMUNICATION = "communication_and_interaction"
    COGNITION = "cognition_and_learning"
    SEMH = "social_emotional_and_mental_health"
    SENSORY_PHYSICAL = "sensory_and_physical"


class Role(StrEnum):
    TEACHER = "teacher"
    TA = "ta"
    SENDCO = "sendco"
    DSL = "dsl"
    HEAD = "head"
    ADMIN = "admin"


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


class ConcernStatus(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    MONITORING = "monitoring"
    MORE_INFO_REQUESTED = "more_info_requested"
    SEN_SUPPORT_STARTED = "sen_support_started"
    REFERRED = "referred"
    CLOSED = "closed"


class Urgency(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class AdviceStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    CLOSED = "closed"


class InterventionStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    STOPPED = "stopped"


class ScoreMeasure(StrEnum):
    """How entry and exit scores are expressed (../shared/domain.md, measuring impact)."""

    STANDARDISED = "standardised_score"
    READING_AGE = "reading_age_months"
    SPELLING_AGE = "spelling_age_months"
    CUSTOM = "custom"


class PlanKind(StrEnum):
    SEN_SUPPORT = "sen_support"
    EHCP = "ehcp"
    HEALTH_CARE = "health_care"
    PEP = "pep"


class PlanStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class ReviewKind(StrEnum):
    SEN_SUPPORT = "sen_support"
    EHCP_ANNUAL = "ehcp_annual"
    EHCP_INTERIM = "ehcp_interim"
    PHASE_TRANSFER = "phase_transfer"
    HEALTH_CARE = "health_care"
    PEP = "pep"


class ReviewStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class ReviewOutcome(StrEnum):
    CONTINUE = "continue"
    AMEND = "amend"
    CEASE = "cease"
    ESCALATE = "escalate"
    NO_LONGER_NEEDED = "no_longer_needed"


class MilestoneKind(StrEnum):
    """EHCP annual review milestones (SEND Regulations 2014 reg 20)."""

    MEETING_NOTICE = "meeting_notice"
    PAPERS_CIRCULATED = "papers_circulated"
    REPORT_SENT = "report_sent"
    LA_DECISION = "la_decision"


class AssessmentStatus(StrEnum):
    REQUESTED = "requested"
    AGREED = "agreed"
    REFUSED = "refused"
    PLAN_ISSUED = "plan_issued"
    NO_PLAN = "no_plan"
    WITHDRAWN = "withdrawn"


class CalendarKind(StrEnum):
    TERM = "term"
    INSET = "inset"
    CLOSURE = "closure"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a deliverer; back to pending if its lease runs out
    DELIVERED = "delivered"
    SNOOZED = "snoozed"
    DONE = "done"
    FAILED = "failed"


class AuditAction(StrEnum):
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"
    DENY = "deny"


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]
