"""Concerns still new (not acknowledged) `concern_ack_school_days` school days after they
were raised: the SENDCO it is assigned to, else every SENDCO, is reminded once."""

from __future__ import annotations

from handlers.reminders.model import DueReminder, SchoolFacts
from handlers.reminders.rules.common import RuleContext, long_date, pupil_line, sendcos
from storage.codes import ConcernStatus

RULE = "concern_not_acknowledged"


def unacknowledged_concerns(facts: SchoolFacts, ctx: RuleContext) -> list[DueReminder]:
    found: list[DueReminder] = []
    for concern in facts.concerns:
        if concern.status != ConcernStatus.NEW.value:
            continue
        due = ctx.calendar.add_school_days(concern.raised_on, ctx.settings.concern_ack_school_days)
        if not ctx.reached(due):
            continue
        assigned = concern.assigned_to_id
        owner = (assigned,) if assigned is not None and assigned in facts.staff else ()
        pupils = sorted(concern.pupils, key=lambda p: p.upn)
        found.append(
            DueReminder(
                rule=RULE,
                subject=pupils[0].upn if pupils else concern.reference,
                ref=concern.reference,
                due=due,
                remind_on=due,
                title=f"Concern {concern.reference} has not been acknowledged yet",
                fields=(
                    ("Pupils", "; ".join(pupil_line(p.name, p.year_group) for p in pupils)),
                    ("Raised", long_date(concern.raised_on)),
                ),
                lines=("Acknowledge it, so the member of staff knows it has been seen.",),
                recipient_ids=owner or sendcos(facts),
                pupil_id=pupils[0].id if len(pupils) == 1 else None,
                wants_sendco=not owner,
            )
        )
    return found
