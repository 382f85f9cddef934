"""EHCP annual reviews and the reg 20 steps around the meeting land on the statutory dates."""

from __future__ import annotations

import pytest

from handlers.reminders.model import MilestoneFacts
from handlers.reminders.rules.ehcp import ehcp_annual_reviews, ehcp_review_steps
from tests.handlers.reminders.builders import SENDCO, ctx, d, plan, review, school


def fields_of(reminder: object) -> dict[str, str]:
    return dict(reminder.fields)  # type: ignore[attr-defined]


def test_an_ehcp_issued_on_12_march_is_reviewed_by_11_march_next_year_with_8_weeks_notice() -> None:
    facts = school(plans=(plan("ehcp", started="2025-03-12"),))

    assert ehcp_annual_reviews(facts, ctx("2026-01-13")) == []
    [reminder] = ehcp_annual_reviews(facts, ctx("2026-01-14"))

    # 12 months starting with 12 Mar 2025 end on 11 Mar 2026 (CFA 2014 s.44(1)).
    assert reminder.due == d("2026-03-11")
    assert reminder.remind_on == d("2026-01-14")  # 8 weeks before, a Wednesday in term
    assert reminder.recipient_ids == (SENDCO.id,)
    assert reminder.subject == facts.plans[0].pupil.upn
    assert fields_of(reminder) == {
        "Pupil": "Pupil10 Example (Year 6)",
        "Review due by": "Wed 11 Mar 2026",
        "Hold the meeting by (the LA's 4 weeks inside the year)": "Wed 11 Feb 2026",
        "Send meeting notice and papers by": "Wed 25 Feb 2026",
    }


def test_the_review_follows_the_last_review_from_the_import_columns() -> None:
    imported = plan("ehcp", started="2023-05-02", last_reviewed="2025-05-20")
    [reminder] = ehcp_annual_reviews(school(plans=(imported,)), ctx("2026-04-13"))
    assert reminder.due == d("2026-05-19")


def test_a_due_date_in_half_term_puts_the_meeting_and_its_notice_before_the_holiday() -> None:
    facts = school(plans=(plan("ehcp", started="2025-02-20"),))  # due in February half term
    [reminder] = ehcp_annual_reviews(facts, ctx("2025-12-19"))
    assert reminder.due == d("2026-02-19")  # Thu, in half term (16-20 Feb 2026)
    # The meeting needs a school day: Fri 13 Feb, so notice by Fri 30 Jan, and the reminder
    # 8 weeks before the 13th (19 Dec 2025, the last day of the autumn term).
    assert reminder.remind_on == d("2025-12-19")
    assert fields_of(reminder) == {
        "Pupil": "Pupil10 Example (Year 6)",
        "Review due by": "Thu 19 Feb 2026",
        "Last school day for the meeting": "Fri 13 Feb 2026",
        "Hold the meeting by (the LA's 4 weeks inside the year)": "Thu 22 Jan 2026",
        "Send meeting notice and papers by": "Fri 30 Jan 2026",
    }


def test_no_annual_reminder_once_the_meeting_is_booked() -> None:
    booked = review(due="2026-03-12", meeting="2026-03-10")
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(booked,)),))
    assert ehcp_annual_reviews(facts, ctx("2026-02-01")) == []


def test_a_meeting_on_10_march_sets_every_reg_20_step() -> None:
    booked = review(due="2026-03-12", meeting="2026-03-10")
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(booked,)),))

    steps = {r.rule: r for r in ehcp_review_steps(facts, ctx("2026-04-20"))}

    assert {rule: r.due for rule, r in steps.items()} == {
        "ehcp_meeting_notice": d("2026-02-24"),
        "ehcp_papers": d("2026-02-24"),
        "ehcp_review_report": d("2026-03-24"),
        "ehcp_la_decision": d("2026-04-07"),
    }
    assert {rule: r.remind_on for rule, r in steps.items()} == {
        "ehcp_meeting_notice": d("2026-02-13"),  # a week before lands in half term
        "ehcp_papers": d("2026-02-13"),
        "ehcp_review_report": d("2026-03-19"),  # 5 days ahead
        "ehcp_la_decision": d("2026-03-27"),  # 7 April is in the Easter holiday
    }


def test_each_step_is_due_from_its_own_reminder_date() -> None:
    booked = review(due="2026-03-12", meeting="2026-03-10")
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(booked,)),))
    assert ehcp_review_steps(facts, ctx("2026-02-12")) == []
    assert {r.rule for r in ehcp_review_steps(facts, ctx("2026-02-13"))} == {
        "ehcp_meeting_notice",
        "ehcp_papers",
    }


def test_done_steps_are_not_reminded_and_steps_before_a_held_meeting_lapse() -> None:
    steps = (
        MilestoneFacts("meeting_notice", d("2026-02-24"), completed_on=d("2026-02-20")),
        MilestoneFacts("papers_circulated", d("2026-02-24")),
        MilestoneFacts("report_sent", d("2026-03-24")),
        MilestoneFacts("la_decision", d("2026-04-07")),
    )
    held = review(due="2026-03-12", meeting="2026-03-10", held="2026-03-10", steps=steps)
    facts = school(plans=(plan("ehcp", started="2025-03-12", reviews=(held,)),))

    rules = {r.rule for r in ehcp_review_steps(facts, ctx("2026-04-20"))}

    assert rules == {"ehcp_review_report", "ehcp_la_decision"}


def test_without_a_sendco_the_reminder_has_no_recipient() -> None:
    facts = school(plans=(plan("ehcp", started="2025-03-12"),), staff={})
    [reminder] = ehcp_annual_reviews(facts, ctx("2026-01-15"))
    assert reminder.recipient_ids == () and reminder.wants_sendco


def test_the_digest_lists_a_review_due_in_a_holiday_by_its_last_school_day() -> None:
    from datetime import UTC, datetime

    from handlers.reminders.digest import morning_digest
    from handlers.reminders.settings import DEFAULT_SETTINGS
    from tests.handlers.reminders.builders import CALENDAR

    facts = school(plans=(plan("ehcp", started="2025-02-20"),))  # due Thu 19 Feb 2026
    reply = morning_digest(
        facts, today=d("2026-02-02"), now=datetime(2026, 2, 2, 8, tzinfo=UTC),
        settings=DEFAULT_SETTINGS, is_school_day=CALENDAR.is_school_day,
    )  # fmt: skip
    assert reply is not None
    assert "review by Fri 13 Feb 2026 (due Thu 19 Feb 2026, in a holiday)" in reply.text()


@pytest.mark.parametrize(
    ("made", "due", "meeting_by", "notice_by"),
    [  # written from the law and the 2025-27 calendar in builders.py, then run
        ("2025-03-12", "2026-03-11", "2026-03-11", "2026-02-25"),  # an ordinary school day
        ("2026-08-12", "2027-08-11", "2027-07-21", "2027-07-07"),  # summer holiday
        ("2025-12-24", "2026-12-23", "2026-12-18", "2026-12-04"),  # Christmas holiday
        ("2025-04-10", "2026-04-09", "2026-03-27", "2026-03-13"),  # Easter holiday
        ("2025-10-31", "2026-10-30", "2026-10-23", "2026-10-09"),  # October half term
        ("2025-05-30", "2026-05-29", "2026-05-22", "2026-05-08"),  # May half term
        ("2024-02-29", "2025-02-27", "2025-02-27", "2025-02-13"),  # 29 February
        ("2026-02-18", "2027-02-17", "2027-02-12", "2027-01-29"),  # February half term 2027
        ("2026-04-02", "2027-04-01", "2027-03-25", "2027-03-11"),  # Easter holiday 2027
        ("2026-06-03", "2027-06-02", "2027-05-28", "2027-05-14"),  # May half term 2027
        ("2026-06-08", "2027-06-07", "2027-05-28", "2027-05-14"),  # an INSET day after it
    ],
)
def test_the_meeting_falls_on_a_school_day_and_notice_is_worked_back_from_it(
    made: str, due: str, meeting_by: str, notice_by: str
) -> None:
    from handlers import statutory
    from tests.handlers.reminders.builders import CALENDAR

    got = statutory.next_annual_review_due(d(made))
    dates = statutory.annual_review_dates(got, CALENDAR.is_school_day)
    assert (dates.due, dates.meeting_by, dates.notice_by) == (d(due), d(meeting_by), d(notice_by))


def test_from_year_9_the_review_prompts_for_preparing_for_adulthood() -> None:
    from handlers.reminders.rules.sen_support import sen_support_reviews
    from tests.handlers.reminders.builders import pupil

    year9 = pupil(12, year_group=9, born="2012-02-02", class_name="9A")
    year8 = pupil(13, year_group=8, born="2013-02-02", class_name="8A")
    plans = (
        plan("ehcp", started="2025-12-01", who=year9, plan_id=201),
        plan("ehcp", started="2025-12-01", who=year8, plan_id=202),
        plan("sen_support", started="2026-09-10", who=year9, plan_id=203),
    )
    facts = school(plans=plans)
    annual = {r.pupil_id: r for r in ehcp_annual_reviews(facts, ctx("2026-10-05"))}
    assert any("preparing-for-adulthood" in line for line in annual[12].lines)
    assert not any("preparing-for-adulthood" in line for line in annual[13].lines)
    [support] = sen_support_reviews(facts, ctx("2026-11-20"))
    assert any("Code 8.9" in line for line in support.lines)
