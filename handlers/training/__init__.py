"""Staff training: courses, completion records with expiry, requirements per role, and who is
missing what (the decision itself is the pure handlers.training.status.training_status)."""

from handlers.training.forms import course_form, requirement_form, training_record_form
from handlers.training.inputs import CourseInput, RequirementInput, TrainingRecordInput
from handlers.training.records import add_course, record_training, require_course_for_role
from handlers.training.reports import (
    CourseLine,
    StaffTraining,
    my_training,
    school_training,
    training_gaps,
)
from handlers.training.status import (
    CourseStatus,
    TrainingState,
    add_months,
    course_status,
    expiry_date,
    training_status,
)

__all__ = [
    "CourseInput",
    "CourseLine",
    "CourseStatus",
    "RequirementInput",
    "StaffTraining",
    "TrainingRecordInput",
    "TrainingState",
    "add_course",
    "add_months",
    "course_form",
    "course_status",
    "expiry_date",
    "my_training",
    "record_training",
    "require_course_for_role",
    "requirement_form",
    "school_training",
    "training_gaps",
    "training_record_form",
    "training_status",
]
