"""The number of SQL statements a sweep, a digest, an export or a message costs does not grow
with the school: the same at 300 pupils as at 1,200 (four times the pupils, groups, sessions
and attendance). A query per pupil, group or session (N+1) fails here. Counting statements,
not timing them: these machines are shared, statement counts are exact. Timings and their
floors are in benchmarks/ (`make bench`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.trust import TrustSize, build_trust
from handlers.conversation.dialogue import ChatContext, handle_message
from handlers.exports.kinds import KINDS, ExportOptions
from handlers.identity import actor_by_email
from handlers.reminders.digest import digest_notices
from handlers.reminders.due import due_reminders, school_calendar
from handlers.reminders.facts import load_facts
from handlers.reminders.settings import DEFAULT_SETTINGS
from handlers.vocabulary import Actor
from storage import migrate
from storage.codes import Platform
from storage.database import make_engine, session_factory
from storage.models import Pupil, Staff

TODAY = date(2026, 11, 25)
MORNING = datetime(2026, 11, 25, 7, 45, tzinfo=UTC)  # the morning digest's time
SMALL, LARGE = TrustSize(pupils=300, schools=1, attendance=9_000), TrustSize(
    pupils=1_200, schools=1, attendance=36_000)  # fmt: skip


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


class Trust:
    def __init__(self, url: str, size: TrustSize) -> None:
        migrate.upgrade(url)
        self.engine = make_engine(url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        self.built = build_trust(self.sessions, size, today=TODAY)
        with self.sessions() as session:
            email = session.scalar(select(Staff.email).where(Staff.id == self.built.sendco_ids[0]))
            found = actor_by_email(session, str(email))
        assert found is not None
        self.sendco: Actor = found

    def statements(self, work: Callable[[Session], object]) -> int:
        with self.sessions() as session, counting(self.engine) as seen:
            work(session)
            return len(seen)


@pytest.fixture(scope="module")
def trusts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Trust, Trust]]:
    folder = tmp_path_factory.mktemp("trusts")
    small = Trust(f"sqlite:///{folder / 'small.db'}", SMALL)
    large = Trust(f"sqlite:///{folder / 'large.db'}", LARGE)
    yield small, large
    small.engine.dispose()
    large.engine.dispose()


def test_the_two_trusts_differ_in_size(trusts: tuple[Trust, Trust]) -> None:
    small, large = trusts
    assert large.built.pupils == 4 * small.built.pupils
    assert large.built.groups >= 4 * small.built.groups - 1
    assert large.built.attendance >= 3 * small.built.attendance


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_export_costs_the_same_statements_at_any_size(
    trusts: tuple[Trust, Trust], kind: str
) -> None:
    def export(trust: Trust) -> Callable[[Session], object]:
        first = {"pupil_id": None}
        if KINDS[kind].per_pupil:
            with trust.sessions() as session:
                first["pupil_id"] = session.scalar(
                    select(Pupil.id).where(Pupil.sen_status == "E").order_by(Pupil.id)
                )
        options = ExportOptions(today=TODAY, pupil_id=first["pupil_id"])
        return lambda session: KINDS[kind].build(session, trust.sendco, options)

    small, large = trusts
    assert small.statements(export(small)) == large.statements(export(large))


def test_the_reminders_and_digest_read_the_same_statements_at_any_size(
    trusts: tuple[Trust, Trust],
) -> None:
    def sweep(trust: Trust) -> Callable[[Session], object]:
        def work(session: Session) -> object:
            school = trust.built.schools[0]
            calendar = school_calendar(session, school, DEFAULT_SETTINGS)
            facts = load_facts(session, school_id=school)
            due = due_reminders(facts, now=MORNING, calendar=calendar)
            digests = digest_notices(session, facts, now=MORNING, calendar=calendar)
            return due, digests

        return work

    small, large = trusts
    assert small.statements(sweep(small)) == large.statements(sweep(large))


def test_a_message_costs_the_same_statements_at_any_size(trusts: tuple[Trust, Trust]) -> None:
    def message(trust: Trust, n: int) -> Callable[[Session], object]:
        context = ChatContext(platform=Platform.CONSOLE, conversation_key=f"perf:{n}", now=MORNING,
                              settings=DEFAULT_SETTINGS)  # fmt: skip
        with trust.sessions() as session:  # a pupil whose name is theirs alone, in each school
            first, last = session.execute(
                select(Pupil.first_name, Pupil.last_name)
                .group_by(Pupil.first_name, Pupil.last_name)
                .having(func.count() == 1)
                .order_by(Pupil.last_name, Pupil.first_name)
            ).first() or ("", "")
        text = f"worried about {first} {last}, not following two-step instructions"
        return lambda session: handle_message(session=session, actor=trust.sendco, text=text,
                                              context=context)  # fmt: skip

    small, large = trusts
    small.statements(message(small, 0))  # the first message loads the roster once
    large.statements(message(large, 0))
    assert small.statements(message(small, 1)) == large.statements(message(large, 1))
