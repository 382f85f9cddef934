"""Importing a large school's roll: 2,000 pupils, all or nothing, within seconds."""

from __future__ import annotations

import tracemalloc

from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from stdnum.gb import upn as upn_rules

from benchmarks.conftest import REFERENCE_DAY
from handlers.imports.csv_source import parse_csv
from handlers.imports.pupils import import_pupils
from handlers.schools import get_or_create_school
from storage.models import Pupil
from tests.factories import csv_text, pupil_row

PUPILS = 2000


def _upn(n: int) -> str:
    """Valid fictional UPNs beyond 999: a new establishment number per thousand."""
    body = f"201{1000 + n // 1000:04d}26{n % 1000:03d}"
    return upn_rules.calc_check_digit(body) + body


TARGET_SECONDS = 20.0
TARGET_PEAK_MB = 150.0


def test_importing_two_thousand_pupils(
    benchmark: BenchmarkFixture, fresh_db: sessionmaker[Session]
) -> None:
    rows = [pupil_row(1, upn=_upn(n), first_name=f"Pupil{n}") for n in range(1, PUPILS + 1)]
    data = csv_text(rows).encode()

    def run() -> None:
        with fresh_db.begin() as session:
            school = get_or_create_school(session, name="Benchmark Primary")
            result = import_pupils(
                session, school=school, source=parse_csv(data, name="roll.csv"), today=REFERENCE_DAY
            )
            assert not result.errors

    tracemalloc.start()
    benchmark.pedantic(run, rounds=1, iterations=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with fresh_db() as session:
        assert session.scalar(select(func.count(Pupil.id))) == PUPILS
    seconds = benchmark.stats.stats.max
    print(f"\n{PUPILS} pupils in {seconds:.2f} s, peak {peak / 1e6:.1f} MB traced")
    assert seconds < TARGET_SECONDS
    assert peak / 1e6 < TARGET_PEAK_MB
