"""How well the bot understands what staff actually type: a corpus of realistic messages
(corpus.yaml) with what a sensible SENDCO says each one means, parsed against the demo school.

The expectations follow the product's conventions, not the parser's current behaviour: when a
message here is misunderstood, fix the parser, not the corpus. Per-field accuracy is printed in
pytest's terminal summary (see conftest.py) and must stay at 95% or above for every field;
test_every_entry_is_understood lists every single mismatch in one failure message.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from handlers.conversation.roster import load_groups, load_programmes, load_roster
from handlers.conversation.understand import understand
from handlers.identity import actor_by_email
from storage.models import Pupil, Staff
from tests.conversation.conftest import (
    CORPUS_REPORT,
    CORPUS_TODAY,
    CorpusReport,
    CorpusSchool,
    FieldScore,
)
from tests.conversation.corpus_rules import (
    AREAS,
    DEFAULT_SENDER,
    FIELDS,
    INTENTS,
    MISSING_FIELDS,
    PUPIL_FIELDS,
    SET_FIELDS,
    load_corpus,
)

CORPUS_PATH = Path(__file__).with_name("corpus.yaml")
THRESHOLD = 0.95

MINIMUM_PER_INTENT = {
    "log_concern": 60,
    "log_session": 60,
    "request_advice": 30,
    "safeguarding": 20,
}


CORPUS = load_corpus(CORPUS_PATH)


@dataclass(frozen=True)
class PupilRow:
    upn: str
    name: str
    class_name: str


@dataclass(frozen=True)
class Mismatch:
    index: int
    text: str
    sender: str
    field: str
    expected: Any
    got: Any


@dataclass(frozen=True)
class CorpusRun:
    mismatches: list[Mismatch]
    report: CorpusReport


@pytest.fixture(scope="module")
def pupils_by_name(corpus_school: CorpusSchool) -> dict[str, PupilRow]:
    rows = corpus_school.session.execute(
        select(Pupil.upn, Pupil.first_name, Pupil.last_name, Pupil.class_name).where(
            Pupil.school_id == corpus_school.school_id
        )
    )
    by_name: dict[str, PupilRow] = {}
    for upn, first, last, class_name in rows:
        name = f"{first} {last}"
        assert name not in by_name, f"two pupils called {name} in the demo school"
        by_name[name] = PupilRow(upn=upn, name=name, class_name=class_name)
    return by_name


@pytest.fixture(scope="module")
def staff_emails(corpus_school: CorpusSchool) -> set[str]:
    return set(
        corpus_school.session.scalars(
            select(Staff.email).where(Staff.school_id == corpus_school.school_id)
        )
    )


def _expected(entry: dict[str, Any], names: dict[str, PupilRow]) -> dict[str, Any]:
    """The entry's expectation in contract terms: pupils as UPNs, lists as sets."""
    expect = entry["expect"]
    result: dict[str, Any] = {}
    for name in FIELDS:
        value = expect.get(name)
        if name in PUPIL_FIELDS:
            value = frozenset(
                names[p].upn if p in names else f"<no pupil called {p}>" for p in value or []
            )
        elif name == "missing":
            value = frozenset(value or [])
        elif name == "date" and isinstance(value, date):  # YAML may read an unquoted date
            value = value.isoformat()
        result[name] = value
    return result


def _actual(contract: dict[str, Any]) -> dict[str, Any]:
    result = {name: contract.get(name) for name in FIELDS}
    for name in SET_FIELDS:
        result[name] = frozenset(result[name] or [])
    return result


def _show(field: str, value: Any, by_upn: dict[str, PupilRow]) -> str:
    if isinstance(value, str) and value.startswith("<raised"):
        return value
    if field in PUPIL_FIELDS:
        shown = [
            f"{by_upn[u].name} ({by_upn[u].class_name})" if u in by_upn else str(u) for u in value
        ]
        return repr(sorted(shown))
    if field in SET_FIELDS:
        return repr(sorted(value))
    return repr(value)


@pytest.fixture(scope="module")
def corpus_run(
    request: pytest.FixtureRequest,
    corpus_school: CorpusSchool,
    pupils_by_name: dict[str, PupilRow],
) -> CorpusRun:
    """Parse every corpus message once, as its sender, and score it field by field."""
    session, school_id = corpus_school.session, corpus_school.school_id
    roster = load_roster(session, school_id=school_id)
    programmes = load_programmes(session, school_id=school_id)
    groups_by_sender: dict[str, Any] = {}

    def groups_for(email: str) -> Any:
        if email not in groups_by_sender:
            actor = actor_by_email(session, email, school_id=school_id)
            groups_by_sender[email] = (
                load_groups(session, school_id=school_id, lead_id=actor.staff_id) if actor else []
            )
        return groups_by_sender[email]

    scores = {name: FieldScore(name) for name in FIELDS}
    report = CorpusReport(fields=list(scores.values()))
    by_intent: dict[str, list[int]] = {}
    mismatches: list[Mismatch] = []
    for index, entry in enumerate(CORPUS, start=1):
        text = str(entry["text"])
        sender = entry.get("as") or DEFAULT_SENDER
        expected = _expected(entry, pupils_by_name)
        try:
            result = understand(
                text,
                roster=roster,
                today=CORPUS_TODAY,
                programmes=programmes,
                groups=groups_for(sender),
            )
            actual = _actual(result.as_contract())
        except Exception as error:  # a crash is a wrong answer on every field
            actual = {name: f"<raised {error!r}>" for name in FIELDS}
        entry_ok = True
        for name in FIELDS:
            scores[name].total += 1
            if actual[name] == expected[name]:
                scores[name].correct += 1
            else:
                entry_ok = False
                mismatches.append(Mismatch(index, text, sender, name, expected[name], actual[name]))
        tally = by_intent.setdefault(str(expected["intent"]), [0, 0])
        tally[0] += entry_ok
        tally[1] += 1
        report.entries += 1
        report.fully_correct += entry_ok
    report.by_intent = {intent: (right, total) for intent, (right, total) in by_intent.items()}
    request.config.stash[CORPUS_REPORT] = report
    return CorpusRun(mismatches=mismatches, report=report)


def test_the_corpus_is_well_formed(
    pupils_by_name: dict[str, PupilRow], staff_emails: set[str]
) -> None:
    problems: list[str] = []
    assert len(CORPUS) >= 200, f"only {len(CORPUS)} entries; the corpus needs at least 200"
    texts = Counter(str(entry.get("text")) for entry in CORPUS)
    problems += [f"duplicate text: {text!r}" for text, n in texts.items() if n > 1]
    for index, entry in enumerate(CORPUS, start=1):
        where = f"[{index}] {entry.get('text')!r}"
        if set(entry) - {"text", "as", "expect"} or not entry.get("text"):
            problems.append(f"{where}: entries have text, optional as, and expect")
            continue
        sender = entry.get("as") or DEFAULT_SENDER
        if sender not in staff_emails:
            problems.append(f"{where}: no member of staff {sender}")
        expect = entry.get("expect") or {}
        if set(expect) != set(FIELDS):
            problems.append(f"{where}: expect needs exactly {', '.join(FIELDS)}")
            continue
        if expect["intent"] not in INTENTS:
            problems.append(f"{where}: unknown intent {expect['intent']!r}")
        if expect["area_of_need"] is not None and expect["area_of_need"] not in AREAS:
            problems.append(f"{where}: unknown area {expect['area_of_need']!r}")
        for name in expect["pupils"] + expect["candidates"]:
            if name not in pupils_by_name:
                problems.append(f"{where}: no pupil called {name!r} in the demo school")
        if set(expect["missing"]) - MISSING_FIELDS:
            problems.append(f"{where}: unknown missing field(s) {expect['missing']!r}")
        duration = expect["duration_minutes"]
        if duration is not None and (not isinstance(duration, int) or duration <= 0):
            problems.append(f"{where}: duration_minutes must be a positive whole number")
        if expect["date"] is not None:
            try:
                date.fromisoformat(str(expect["date"]))
            except ValueError:
                problems.append(f"{where}: date {expect['date']!r} is not YYYY-MM-DD")
    intents = Counter(entry["expect"]["intent"] for entry in CORPUS if entry.get("expect"))
    problems += [f"no entry for intent {i}" for i in sorted(INTENTS - set(intents))]
    problems += [
        f"only {intents[i]} {i} entries; at least {n} wanted"
        for i, n in MINIMUM_PER_INTENT.items()
        if intents[i] < n
    ]
    areas = {entry["expect"].get("area_of_need") for entry in CORPUS if entry.get("expect")}
    problems += [f"no entry for area {a}" for a in sorted(AREAS - areas)]
    if problems:
        pytest.fail("corpus.yaml has problems:\n" + "\n".join(problems), pytrace=False)


def test_every_field_is_understood_at_least_95_percent_of_the_time(corpus_run: CorpusRun) -> None:
    table = "\n".join(
        f"  {s.field:<18} {s.correct:>4}/{s.total:<4} {s.ratio:7.1%}"
        for s in corpus_run.report.fields
    )
    below = [s.field for s in corpus_run.report.fields if s.ratio < THRESHOLD]
    if below:
        pytest.fail(
            f"fields below {THRESHOLD:.0%}: {', '.join(below)}\n{table}\n"
            "(test_every_entry_is_understood lists each mismatch)",
            pytrace=False,
        )


def test_every_entry_is_understood(
    corpus_run: CorpusRun, pupils_by_name: dict[str, PupilRow]
) -> None:
    by_upn = {row.upn: row for row in pupils_by_name.values()}
    lines: list[str] = []
    last_index = None
    for m in corpus_run.mismatches:
        if m.index != last_index:
            lines.append(f"[{m.index}] {m.text!r}  (as {m.sender})")
            last_index = m.index
        lines.append(
            f"      {m.field}: expected {_show(m.field, m.expected, by_upn)}, "
            f"got {_show(m.field, m.got, by_upn)}"
        )
    if corpus_run.mismatches:
        wrong_entries = len({m.index for m in corpus_run.mismatches})
        pytest.fail(
            f"{wrong_entries} of {len(CORPUS)} messages were not understood as a SENDCO would "
            f"({len(corpus_run.mismatches)} field mismatches):\n" + "\n".join(lines),
            pytrace=False,
        )
