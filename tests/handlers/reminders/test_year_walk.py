"""A school year, day by day and several times a day, with an injected clock: reminders go
out only on school days outside quiet hours, each exactly once, the statutory ones on the
dates the regulations give, and one digest a school day and one summary a week."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.reminders import run_sweep
from handlers.reminders.digest import MORNING_RULE, WEEKLY_RULE
from storage.models import OutboxNotice
from tests.handlers.reminders.builders import CALENDAR
from tests.handlers.reminders.recording import RecordingChannel
from tests.handlers.reminders.small_school import EXPECTED_DELIVERIES, SmallSchool, london

FIRST, LAST = date(2026, 9, 1), date(2027, 8, 31)
SCHOOL_DAY_TIMES = ("06:30", "08:00", "16:00", "19:00")
OTHER_DAY_TIMES = ("12:00",)


def walk_the_year(sessions: sessionmaker[Session]) -> RecordingChannel:
    channel = RecordingChannel()
    day = FIRST
    while day <= LAST:
        times = SCHOOL_DAY_TIMES if CALENDAR.is_school_day(day) else OTHER_DAY_TIMES
        for clock in times:
            channel.now = london(day.isoformat(), clock)
            run_sweep(sessions, now=channel.now, channels=[channel])
        day += timedelta(days=1)
    return channel


def test_a_school_year_of_reminders(sessions: sessionmaker[Session], small: SmallSchool) -> None:
    channel = walk_the_year(sessions)
    with sessions() as session:
        rows = {row.key: row for row in session.scalars(select(OutboxNotice))}

    # Only on school days, outside quiet hours; each reminder once; none left behind.
    assert channel.sent and all(CALENDAR.may_deliver(sent.at) for sent in channel.sent)
    assert [k for k, n in Counter(channel.sent_keys()).items() if n > 1] == []
    assert {row.status for row in rows.values()} == {"delivered"}
    assert set(channel.sent_keys()) == set(rows)

    # The statutory and good-practice reminders, on their dates (first sweep out of quiet hours).
    about = {subject: name for name, subject in small.subjects.items()}
    reminders = [s for s in channel.sent if not s.rule.startswith("digest")]
    delivered = {
        (s.rule, about[rows[s.key].subject]): (
            CALENDAR.local(s.at).date(),
            f"{CALENDAR.local(s.at):%H:%M}",
        )
        for s in reminders
    }
    assert delivered == EXPECTED_DELIVERIES
    assert len(reminders) == len(EXPECTED_DELIVERIES)  # one recipient each here

    # One morning digest per school day at most, on that day; one summary per school week.
    mornings = [s for s in channel.sent if s.rule == MORNING_RULE]
    assert all(s.key.split(":")[2] == CALENDAR.local(s.at).date().isoformat() for s in mornings)
    school_days = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
    school_days = [d for d in school_days if CALENDAR.is_school_day(d)]
    assert len({CALENDAR.local(s.at).date() for s in mornings}) == len(mornings)
    assert len(mornings) > len(school_days) // 2
    weeklies = [s for s in channel.sent if s.rule == WEEKLY_RULE]
    school_weeks = {d.isocalendar()[:2] for d in school_days}
    assert len(weeklies) == len(school_weeks)
    assert all(
        CALENDAR.last_school_day_of_week(day) == day
        for day in (CALENDAR.local(s.at).date() for s in weeklies)
    )
