"""A concern still new after two school days is raised with the SENDCO, once."""

from __future__ import annotations

from handlers.reminders.model import ConcernFacts
from handlers.reminders.rules.concerns import unacknowledged_concerns
from handlers.reminders.settings import ReminderSettings
from tests.handlers.reminders.builders import SENDCO, TA, ctx, d, pupil, school


def concern(raised: str, *, status: str = "new", assigned: int | None = None) -> ConcernFacts:
    return ConcernFacts(
        id=12, status=status, raised_on=d(raised), pupils=(pupil(),), assigned_to_id=assigned
    )


def test_a_concern_raised_on_thursday_is_chased_on_monday() -> None:
    facts = school(concerns=(concern("2026-11-19"),))
    assert unacknowledged_concerns(facts, ctx("2026-11-20")) == []
    [reminder] = unacknowledged_concerns(facts, ctx("2026-11-23"))
    assert reminder.due == d("2026-11-23") and reminder.recipient_ids == (SENDCO.id,)
    assert reminder.ref == "C-00012" and reminder.subject == pupil().upn


def test_half_term_days_do_not_count() -> None:
    facts = school(concerns=(concern("2026-10-22"),))
    [reminder] = unacknowledged_concerns(facts, ctx("2026-11-02"))
    assert reminder.due == d("2026-11-02")
    assert unacknowledged_concerns(facts, ctx("2026-10-30")) == []


def test_an_acknowledged_concern_needs_nothing_and_an_assigned_one_goes_to_its_owner() -> None:
    assert (
        unacknowledged_concerns(
            school(concerns=(concern("2026-11-19", status="acknowledged"),)), ctx("2026-11-25")
        )
        == []
    )
    [reminder] = unacknowledged_concerns(
        school(concerns=(concern("2026-11-19", assigned=TA.id),)), ctx("2026-11-23")
    )
    assert reminder.recipient_ids == (TA.id,)


def test_the_number_of_school_days_is_configurable() -> None:
    patient = ReminderSettings(concern_ack_school_days=5)
    facts = school(concerns=(concern("2026-11-19"),))
    assert unacknowledged_concerns(facts, ctx("2026-11-25", settings=patient)) == []
    assert len(unacknowledged_concerns(facts, ctx("2026-11-26", settings=patient))) == 1
