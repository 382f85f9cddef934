"""How fast one staff message is understood (the bot answers inside Slack's 3 seconds)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.conftest import REFERENCE_DAY
from handlers.conversation.roster import load_programmes, load_roster
from handlers.conversation.understand import understand
from storage.models import School

CORPUS = Path(__file__).parent.parent / "tests" / "conversation" / "corpus.yaml"
TARGET_MEAN_SECONDS_PER_MESSAGE = 0.01


def test_understanding_the_whole_corpus(
    benchmark: BenchmarkFixture, demo_db: sessionmaker[Session]
) -> None:
    texts = [entry["text"] for entry in yaml.safe_load(CORPUS.read_text())]
    with demo_db() as session:
        school_id = session.scalars(select(School.id)).one()
        roster = load_roster(session, school_id=school_id)
        programmes = load_programmes(session, school_id=school_id)

    def run() -> None:
        for text in texts:
            understand(text, roster=roster, today=REFERENCE_DAY, programmes=programmes)

    benchmark(run)
    per_message = benchmark.stats.stats.mean / len(texts)
    print(f"\n{len(texts)} messages, {per_message * 1000:.2f} ms each on average")
    assert per_message < TARGET_MEAN_SECONDS_PER_MESSAGE
