"""Staff training: courses, who did what, what each role must hold, and who is missing it."""

from __future__ import annotations

from handlers.access import Permission
from handlers.catalogue.adapters import with_today
from handlers.catalogue.model import Action, Kind, phrase
from handlers.training import (
    add_course,
    course_form,
    my_training,
    record_training,
    require_course_for_role,
    requirement_form,
    training_gaps,
    training_record_form,
)
from handlers.training.records import accept_default_requirements

TRAINING = Permission.MANAGE_TRAINING

ACTIONS = (
    Action(
        "training.add_course", "New course", Kind.FORM, add_course,
        permission=TRAINING, group="Training",
        form=lambda s, a, ids, now: course_form(session=s, actor=a),
        phrases=(phrase(r"\b(add|new|create|set up)\b.*\b(training )?course\b"),),
        examples=("add a new training course",),
    ),
    Action(
        "training.record", "Record training", Kind.FORM, record_training,
        permission=TRAINING, group="Training",
        form=lambda s, a, ids, now: training_record_form(session=s, actor=a, now=now),
        phrases=(phrase(r"\b(did|completed|done|attended|passed|finished|went on)\b.*\b(training|course)\b"),
                 phrase(r"\b(record|log|add)\b.*\btraining\b")),
        examples=("record training for Amira",),
    ),
    Action(
        "training.require", "Role requirement", Kind.FORM, require_course_for_role,
        permission=TRAINING, group="Training",
        form=lambda s, a, ids, now: requirement_form(session=s, actor=a),
        phrases=(phrase(r"\b(require|requirement|must (do|have|hold)|mandatory)\b.*\b(training|course)\b"),
                 phrase(r"\b(make|set)\b.*\b(course|training)\b.*\b(required|requirement|mandatory)\b")),
        examples=("make a course a requirement for TAs", "TAs must do the Team Teach course"),
    ),
    Action(
        "training.accept_defaults", "Use the usual requirements", Kind.RUN,
        accept_default_requirements,
        permission=TRAINING, group="Training",
        phrases=(phrase(r"\b(default|usual|standard) (training )?requirements\b"),),
        examples=("set up the default training requirements",),
    ),
    Action(
        "training.gaps", "Training gaps", Kind.SHOW, with_today(training_gaps),
        permission=Permission.READ_TRAINING_REPORT, group="Training",
        phrases=(phrase(r"\bwho('s| is)? (missing|out of date|overdue|not done|hasn'?t done|needs)\b"),
                 phrase(r"\btraining (gaps|report|status)\b"),
                 phrase(r"\b(expired|expiring|missing|out of date) training\b")),
        examples=("who is missing a required course?",),
    ),
    Action(
        "training.mine", "My training", Kind.SHOW, with_today(my_training), group="Training",
        phrases=(phrase(r"\bmy training\b"),),
        examples=("my training",),
    ),
)  # fmt: skip
