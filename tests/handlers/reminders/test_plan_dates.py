"""No K or E pupil is invisible to the rules: a plan imported without its dates is asked
about every week until the date is entered, and needs no date for phase transfer."""

from __future__ import annotations

from dataclasses import replace

from handlers.reminders.digest import review_items
from handlers.reminders.rules.ehcp import ehcp_annual_reviews
from handlers.reminders.rules.phase_transfer import phase_transfer_reviews
from handlers.reminders.rules.plan_dates import plan_dates_missing
from handlers.reminders.settings import DEFAULT_SETTINGS
from tests.handlers.reminders.builders import SENDCO, ctx, d, plan, pupil, review, school

# Imported on 1 Sep 2026 with sen_status E and no ehcp_issued_on: a Year 6 pupil.
UNDATED = replace(plan("ehcp", started="2026-09-01", who=pupil(year_group=6)), date_unknown=True)


def test_the_sendco_is_asked_for_the_date_once_a_week() -> None:
    facts = school(plans=(UNDATED,))
    [monday] = plan_dates_missing(facts, ctx("2026-09-07"))
    [wednesday] = plan_dates_missing(facts, ctx("2026-09-09"))
    [next_week] = plan_dates_missing(facts, ctx("2026-09-14"))

    assert monday.recipient_ids == (SENDCO.id,)
    assert "the date is missing" in monday.title
    assert ("Enter", "the date the LA issued the plan (or of its last annual review)") in (
        monday.fields
    )
    assert monday.identity == wednesday.identity != next_week.identity  # weekly, not daily


def test_no_annual_review_is_invented_but_phase_transfer_still_applies() -> None:
    facts = school(plans=(UNDATED,))
    assert ehcp_annual_reviews(facts, ctx("2026-09-28")) == []
    [transfer] = phase_transfer_reviews(facts, ctx("2026-09-28"))
    assert transfer.due == d("2027-02-15")
    assert review_items(facts, d("2026-09-28"), DEFAULT_SETTINGS) == ([], [])


def test_a_last_review_or_a_booked_review_is_enough_to_count_from() -> None:
    reviewed = replace(UNDATED, last_reviewed_on=d("2025-11-20"))
    booked = replace(UNDATED, reviews=(review(due="2026-11-30"),))
    for known in (reviewed, booked):
        facts = school(plans=(known,))
        assert plan_dates_missing(facts, ctx("2026-10-05")) == []
    [annual] = ehcp_annual_reviews(school(plans=(reviewed,)), ctx("2026-10-05"))
    assert annual.due == d("2026-11-19")  # 12 months starting with 20 Nov 2025


def test_the_digest_carries_phase_transfer_and_under_five_deadlines() -> None:
    toddler = pupil(11, year_group=-1, born="2023-03-01", class_name="N1")
    young = plan("ehcp", started="2026-09-14", who=toddler, plan_id=101)
    soon, _ = review_items(school(plans=(UNDATED, young)), d("2027-01-25"), DEFAULT_SETTINGS)
    texts = [item.text for item in soon]
    # The Year 6 pupil's plan has no dates, but the 15 Feb deadline needs none.
    assert "Pupil10 Example: phase transfer, plan amended by Mon 15 Feb 2027" in texts
    # Under 5: reviewed within 6 months of the plan (Code 9.178): by 14 Mar 2027.
    assert "Pupil11 Example (under 5): EHCP review by Sun 14 Mar 2027" not in texts  # > 4 wks
    soon, _ = review_items(school(plans=(young,)), d("2027-02-22"), DEFAULT_SETTINGS)
    assert "Pupil11 Example (under 5): EHCP review by Sun 14 Mar 2027" in [i.text for i in soon]
