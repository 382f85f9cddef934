"""Shared fixtures for the conversation tests, and the corpus accuracy table in pytest's summary.

The corpus (corpus.yaml, checked by test_corpus_accuracy.py) runs against the demo school,
built once per test session into its own SQLite file. It always uses SQLite, even when
TEST_DATABASE_URL points the rest of the suite at PostgreSQL: `understand` is pure over the
roster, programmes and groups loaded from the database, so the backend cannot change what it
returns, and one build keeps a few hundred parses fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from handlers.demo_school import build_demo_school
from storage import migrate
from storage.database import make_engine, session_factory

CORPUS_TODAY = date(2026, 11, 25)  # a Wednesday in the autumn term of 2026-27


@dataclass(frozen=True)
class CorpusSchool:
    session: Session
    school_id: int


@dataclass
class FieldScore:
    field: str
    correct: int = 0
    total: int = 0

    @property
    def ratio(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class CorpusReport:
    """What the corpus run measured; printed by pytest_terminal_summary below."""

    fields: list[FieldScore] = field(default_factory=list)
    entries: int = 0
    fully_correct: int = 0
    by_intent: dict[str, tuple[int, int]] = field(default_factory=dict)  # intent: (right, all)


CORPUS_REPORT = pytest.StashKey[CorpusReport]()


@pytest.fixture(scope="session")
def corpus_school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusSchool]:
    """The demo school (seed 7) as of 2026-11-25, in a fresh SQLite database of its own."""
    path: Path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            school = build_demo_school(session, today=CORPUS_TODAY)
            session.commit()
            yield CorpusSchool(session=session, school_id=school.id)
    finally:
        engine.dispose()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    write = terminalreporter.write_line
    from tests.conversation.test_safeguarding_corpus import pytest_terminal_summary_lines

    lines = pytest_terminal_summary_lines()
    if lines:
        terminalreporter.section("safeguarding corpus: training parts, then held-out parts")
        for line in lines:
            write(line)
    from tests.conversation.test_dialogue_corpus import summary_lines

    dialogues = summary_lines()
    if dialogues:
        terminalreporter.section(
            "dialogue corpus: scripts right per category (blind: never tuned to)"
        )
        for line in dialogues:
            write(line)
    report = config.stash.get(CORPUS_REPORT, None)
    if report is None:
        return
    terminalreporter.section("conversation corpus: per-field accuracy")
    write(f"{'field':<18} {'correct':>7} {'total':>6} {'%':>7}")
    for score in report.fields:
        write(f"{score.field:<18} {score.correct:>7} {score.total:>6} {score.ratio:>7.1%}")
    ratio = report.fully_correct / report.entries if report.entries else 0.0
    write(f"{'(whole entry)':<18} {report.fully_correct:>7} {report.entries:>6} {ratio:>7.1%}")
    write("")
    write(f"{'expected intent':<18} {'entries':>7} {'all ok':>6}")
    for intent, (right, total) in sorted(report.by_intent.items()):
        write(f"{intent:<18} {total:>7} {right:>6}")
