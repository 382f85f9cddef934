"""EHC needs assessment requests are tracked against the LA's 6, 16 and 20 weeks."""

from __future__ import annotations

from handlers.reminders.model import AssessmentFacts
from handlers.reminders.rules.assessment import assessment_deadlines
from tests.handlers.reminders.builders import ctx, d, pupil, school


def request(status: str = "requested") -> AssessmentFacts:
    return AssessmentFacts(id=3, pupil=pupil(), requested_on=d("2026-01-05"), status=status)


def test_a_request_on_5_january_has_its_three_statutory_dates() -> None:
    found = assessment_deadlines(school(assessments=(request(),)), ctx("2026-07-01"))
    assert {r.rule: r.due for r in found} == {
        "assessment_decision": d("2026-02-16"),  # 6 weeks
        "assessment_no_plan_decision": d("2026-04-27"),  # 16 weeks
        "assessment_final_plan": d("2026-05-25"),  # 20 weeks
    }
    assert {r.rule: r.remind_on for r in found} == {
        "assessment_decision": d("2026-02-13"),  # 16 Feb is half term: the Friday before
        "assessment_no_plan_decision": d("2026-04-27"),
        "assessment_final_plan": d("2026-05-22"),  # 25 May: bank holiday and half term
    }


def test_nothing_is_due_before_the_six_weeks() -> None:
    assert assessment_deadlines(school(assessments=(request(),)), ctx("2026-02-12")) == []
    [first] = assessment_deadlines(school(assessments=(request(),)), ctx("2026-02-13"))
    assert first.rule == "assessment_decision" and first.ref == "EHCNA-00003"


def test_an_agreed_assessment_is_no_longer_chased_for_the_decision_to_assess() -> None:
    found = assessment_deadlines(school(assessments=(request("agreed"),)), ctx("2026-07-01"))
    assert {r.rule for r in found} == {"assessment_no_plan_decision", "assessment_final_plan"}


def test_a_finished_request_is_not_chased() -> None:
    for status in ("plan_issued", "no_plan", "refused", "withdrawn"):
        assert assessment_deadlines(school(assessments=(request(status),)), ctx("2026-07-01")) == []
