"""Training a role requires: expiring within 30 days, expired, or missing, told to the person."""

from __future__ import annotations

from handlers.reminders.model import Completion, Requirement, SchoolFacts, TrainingFacts
from handlers.reminders.rules.training import training_reminders
from tests.handlers.reminders.builders import SENDCO, TA, TEACHER_6A, ctx, d, school

TEAM_TEACH, AUTISM = 5, 6
COURSES = {TEAM_TEACH: "Team Teach", AUTISM: "Autism awareness"}
REQUIRED = (Requirement("ta", TEAM_TEACH), Requirement("teacher", AUTISM))
DONE_AUTISM = Completion(AUTISM, d("2024-01-10"))  # never expires


def facts(*team_teach: Completion, teacher_trained: bool = True) -> SchoolFacts:
    records = {TA.id: team_teach}
    if teacher_trained:
        records[TEACHER_6A.id] = records[SENDCO.id] = (DONE_AUTISM,)  # both teach
    return school(training=TrainingFacts(courses=COURSES, requirements=REQUIRED, records=records))


def test_training_expiring_in_30_days_is_told_to_the_member_of_staff() -> None:
    current = Completion(TEAM_TEACH, d("2023-12-10"), d("2026-12-10"))
    assert training_reminders(facts(current), ctx("2026-11-09")) == []
    [reminder] = training_reminders(facts(current), ctx("2026-11-10"))
    assert reminder.rule == "training_expiring"
    assert reminder.due == d("2026-12-10") and reminder.remind_on == d("2026-11-10")
    assert reminder.subject == TA.email and reminder.recipient_ids == (TA.id,)
    assert reminder.title == "Team Teach expires on Thu 10 Dec 2026"


def test_an_expiry_warned_of_in_the_summer_holiday_is_raised_before_it() -> None:
    lapsing = Completion(TEAM_TEACH, d("2023-09-20"), d("2026-09-20"))
    [reminder] = training_reminders(facts(lapsing), ctx("2026-07-21"))
    assert reminder.remind_on == d("2026-07-21")  # 30 days before is 21 August


def test_expired_training_is_the_same_reminder_so_it_is_not_sent_again() -> None:
    lapsed = Completion(TEAM_TEACH, d("2023-10-01"), d("2026-10-01"))
    [before] = training_reminders(facts(lapsed), ctx("2026-09-01"))
    [after] = training_reminders(facts(lapsed), ctx("2026-11-23"))
    assert after.title.startswith("Team Teach expired on")
    assert before.identity == after.identity


def test_missing_training_is_raised_once_whatever_the_day() -> None:
    monday = training_reminders(facts(teacher_trained=False), ctx("2026-11-23"))
    friday = training_reminders(facts(teacher_trained=False), ctx("2026-11-27"))
    missing = {r.subject: r for r in monday if r.rule == "training_missing"}
    assert set(missing) == {SENDCO.email, TEACHER_6A.email, TA.email}
    assert {r.identity for r in monday} == {r.identity for r in friday}


def test_a_refresher_done_ends_the_reminders() -> None:
    refreshed = (
        Completion(TEAM_TEACH, d("2023-12-10"), d("2026-12-10")),
        Completion(TEAM_TEACH, d("2026-11-12"), d("2029-11-12")),
    )
    assert training_reminders(facts(*refreshed), ctx("2026-11-23")) == []
