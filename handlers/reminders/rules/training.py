"""Staff training: a course a role requires that is expiring (within `training_warn_days`),
expired, or was never done. Each goes to the member of staff it concerns; the decision is the
shared `handlers.training.status.training_status`, so reports and reminders agree."""

from __future__ import annotations

from datetime import timedelta

from handlers.reminders.model import DueReminder, Person, SchoolFacts
from handlers.reminders.rules.common import RuleContext, long_date
from handlers.training.status import CourseStatus, TrainingState, training_status

EXPIRING_RULE = "training_expiring"
MISSING_RULE = "training_missing"
# Looked at further ahead than the warning, so an expiry warned of before a long holiday is
# raised before that holiday starts (the summer holiday is the longest, about six weeks).
HOLIDAY_SLACK = timedelta(days=60)


def training_reminders(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    warn = ctx.settings.training_warn_days
    training = facts.training
    found: list[DueReminder] = []
    for person in sorted(facts.staff.values(), key=lambda p: p.id):
        statuses = training_status(
            training.requirements,
            training.records.get(person.id, ()),
            person.roles,
            ctx.today,
            warn_days=warn + HOLIDAY_SLACK.days,
            role_since=dict(person.role_since),
        )
        for status in statuses:
            course = training.courses.get(status.course_id, "A required course")
            if status.state is TrainingState.DUE:
                continue  # within its months of the role: the training report shows the date
            if status.state is TrainingState.MISSING:
                found.append(_missing(person, status, course, ctx))
            elif status.state is not TrainingState.CURRENT:
                reminder = _expiring(person, status, course, ctx)
                if ctx.reached(reminder.remind_on):
                    found.append(reminder)
    return found


def _ref(person: Person, status: CourseStatus) -> str:
    return f"T-{person.id}-{status.course_id}"


def _missing(person: Person, status: CourseStatus, course: str, ctx: RuleContext) -> DueReminder:
    return DueReminder(
        rule=MISSING_RULE,
        subject=person.email,
        ref=_ref(person, status),
        due=ctx.today,
        remind_on=ctx.today,
        cycle="required",
        title=f"{course}: your role needs it and there is no record of it",
        fields=(("Course", course), ("Your roles", ", ".join(sorted(person.roles)))),
        lines=(
            "Book it with the school office, or, if you have done it, ask for the record to be "
            "added with the date.",
        ),
        recipient_ids=(person.id,),
    )


def _expiring(person: Person, status: CourseStatus, course: str, ctx: RuleContext) -> DueReminder:
    assert status.expires_on is not None
    expires = status.expires_on
    expired = expires <= ctx.today
    return DueReminder(
        rule=EXPIRING_RULE,
        subject=person.email,
        ref=_ref(person, status),
        due=expires,
        remind_on=ctx.raised(expires, days=ctx.settings.training_warn_days),
        title=f"{course} {'expired' if expired else 'expires'} on {long_date(expires)}",
        fields=(("Course", course), ("Completed", long_date(status.completed_on or expires))),
        lines=("Book a refresher, and ask for the record to be updated once it is done.",),
        recipient_ids=(person.id,),
    )
