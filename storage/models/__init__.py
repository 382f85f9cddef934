"""Every table of sendco-bot; importing this module registers them all on `Base.metadata`."""

from storage.models.advice import AdviceMessage, AdviceRequest
from storage.models.base import Base, utcnow
from storage.models.concerns import Concern, ConcernArea, ConcernPupil, ConcernStatusChange
from storage.models.interventions import (
    Intervention,
    InterventionMember,
    InterventionSession,
    SessionAttendance,
)
from storage.models.operations import (
    AuditEvent,
    CalendarEvent,
    ConversationState,
    OfferedFile,
    OutboxNotice,
    PlatformMessage,
    ProcessedEvent,
    TeamsConversation,
)
from storage.models.plans import (
    AssessmentRequest,
    DeadlineException,
    Plan,
    PlanTarget,
    Review,
    ReviewMilestone,
)
from storage.models.pupils import KeyAdult, Pupil, PupilNeed, RegisterChange
from storage.models.school import (
    CalendarPeriod,
    PlatformIdentity,
    School,
    Staff,
    StaffClass,
    StaffRole,
)
from storage.models.training import RoleRequirement, TrainingCourse, TrainingRecord

__all__ = [
    "AdviceMessage",
    "AdviceRequest",
    "AssessmentRequest",
    "AuditEvent",
    "Base",
    "CalendarEvent",
    "CalendarPeriod",
    "Concern",
    "ConcernArea",
    "ConcernPupil",
    "ConcernStatusChange",
    "ConversationState",
    "DeadlineException",
    "Intervention",
    "InterventionMember",
    "InterventionSession",
    "KeyAdult",
    "OfferedFile",
    "OutboxNotice",
    "Plan",
    "PlanTarget",
    "PlatformIdentity",
    "PlatformMessage",
    "ProcessedEvent",
    "Pupil",
    "PupilNeed",
    "RegisterChange",
    "Review",
    "ReviewMilestone",
    "RoleRequirement",
    "School",
    "SessionAttendance",
    "Staff",
    "StaffClass",
    "StaffRole",
    "TeamsConversation",
    "TrainingCourse",
    "TrainingRecord",
    "utcnow",
]
