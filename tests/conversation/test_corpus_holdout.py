"""Blind hold-out checks of how well the bot understands staff messages.

Each hold-out corpus was written independently of the parser and of the other corpora, with
the parse a sensible SENDCO would expect under the product's conventions:
- corpus_holdout.yaml: realistic messages from teachers, TAs and the SENDCO; every field must
  reach 90%, a hold-out bar lower than the tuned corpus's 95%;
- corpus_holdout2.yaml: a busy Monday's terse fragments, end-of-day batch notes, forwarded
  phone messages, indirect questions, shorthand dates and non-SEND chatter; 85%.
They run against the demo school as of Wednesday 2026-11-25 (the session's `corpus_school`).
Per-field accuracy is printed to stdout (visible with -s) with every mismatch.
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
from tests.conversation.conftest import CORPUS_TODAY, CorpusSchool
from tests.conversation.corpus_rules import (
    AREAS,
    DEFAULT_SENDER,
    FIELDS,
    INTENTS,
    MISSING_FIELDS,
    PROGRAMMES,
    SET_FIELDS,
    load_corpus,
)

MIN_ENTRIES = 120


@dataclass(frozen=True)
class Holdout:
    label: str
    file: str
    threshold: float
    min_per_area: int
    checks_programmes: bool  # the second corpus also checks programme spellings

    @property
    def entries(self) -> list[dict[str, Any]]:
        return load_corpus(Path(__file__).with_name(self.file))


HOLDOUTS = [
    Holdout("hold-out corpus", "corpus_holdout.yaml", 0.90, 5, checks_programmes=False),
    Holdout("hold-out corpus 2", "corpus_holdout2.yaml", 0.85, 4, checks_programmes=True),
]
BY_FILE = pytest.mark.parametrize("holdout", HOLDOUTS, ids=[h.file for h in HOLDOUTS])


@dataclass(frozen=True)
class HoldoutSchool:
    school: CorpusSchool
    upn_by_name: dict[str, str]  # "First Last" (legal first name) -> UPN
    emails: frozenset[str]


@pytest.fixture(scope="module")
def holdout_school(corpus_school: CorpusSchool) -> HoldoutSchool:
    session, school_id = corpus_school.session, corpus_school.school_id
    pupils = session.scalars(select(Pupil).where(Pupil.school_id == school_id)).all()
    upn_by_name = {f"{p.first_name} {p.last_name}": p.upn for p in pupils}
    assert len(upn_by_name) == len(pupils), "two demo pupils share a full name"
    emails = frozenset(session.scalars(select(Staff.email).where(Staff.school_id == school_id)))
    return HoldoutSchool(corpus_school, upn_by_name, emails)


def parse(holdout: HoldoutSchool, text: str, sender: str) -> dict[str, Any]:
    session, sid = holdout.school.session, holdout.school.school_id
    actor = actor_by_email(session, sender, school_id=sid)
    assert actor is not None, f"unknown sender {sender}"
    result = understand(
        text,
        roster=load_roster(session, school_id=sid),
        today=CORPUS_TODAY,
        programmes=load_programmes(session, school_id=sid),
        groups=load_groups(session, school_id=sid, lead_id=actor.staff_id),
    )
    return result.as_contract()


def normalise(field: str, value: Any) -> Any:
    if field in SET_FIELDS:
        return frozenset(value or ())
    if field == "date" and value is not None:
        return str(value)
    return value


def expected_fields(school: HoldoutSchool, expect: dict[str, Any]) -> dict[str, Any]:
    wanted = dict(expect)
    for field in ("pupils", "candidates"):
        wanted[field] = [school.upn_by_name[name] for name in expect[field]]
    return {field: normalise(field, wanted[field]) for field in FIELDS}


def show(school: HoldoutSchool, field: str, value: Any) -> str:
    if field in ("pupils", "candidates"):
        names = {upn: name for name, upn in school.upn_by_name.items()}
        return str(sorted(names.get(upn, upn) for upn in value))
    if field == "missing":
        return str(sorted(value))
    return repr(value)


def entry_problems(entry: dict[str, Any], school: HoldoutSchool, holdout: Holdout) -> list[str]:
    text, expect = entry["text"], entry["expect"]
    if set(expect) != set(FIELDS):
        return [f"{text!r}: fields {sorted(expect)}"]
    problems: list[str] = []
    sender = entry.get("as", DEFAULT_SENDER)
    if sender not in school.emails:
        problems.append(f"{text!r}: unknown sender {sender}")
    for field in ("pupils", "candidates"):
        for name in expect[field]:
            if name not in school.upn_by_name:
                problems.append(f"{text!r}: no pupil called {name!r}")
    if expect["intent"] not in INTENTS:
        problems.append(f"{text!r}: bad intent {expect['intent']!r}")
    if expect["area_of_need"] not in AREAS | {None}:
        problems.append(f"{text!r}: bad area {expect['area_of_need']!r}")
    if expect["area_of_need"] and expect["intent"] not in ("log_concern", "request_advice"):
        problems.append(f"{text!r}: area given for {expect['intent']}")
    if holdout.checks_programmes:
        if expect["intervention"] not in PROGRAMMES | {None}:
            problems.append(f"{text!r}: non-canonical programme {expect['intervention']!r}")
        if expect["intervention"] and expect["intent"] == "safeguarding":
            problems.append(f"{text!r}: programme given for safeguarding")
    if expect["duration_minutes"] is not None and expect["intent"] != "log_session":
        problems.append(f"{text!r}: duration given for {expect['intent']}")
    if expect["intent"] in ("log_concern", "log_session") and not expect["date"]:
        problems.append(f"{text!r}: no date for {expect['intent']}")
    if expect["date"] is not None:
        try:
            date.fromisoformat(expect["date"])
        except (TypeError, ValueError):
            problems.append(f"{text!r}: bad date {expect['date']!r}")
    if not set(expect["missing"]) <= MISSING_FIELDS:
        problems.append(f"{text!r}: bad missing {expect['missing']!r}")
    return problems


@BY_FILE
def test_corpus_self_check(holdout: Holdout, holdout_school: HoldoutSchool) -> None:
    """The corpus itself is well formed: real names and senders, enough entries, full spread."""
    corpus = holdout.entries
    assert len(corpus) >= MIN_ENTRIES, f"only {len(corpus)} entries"
    texts = Counter(entry["text"] for entry in corpus)
    problems = [f"duplicate text {text!r}" for text, n in texts.items() if n > 1]
    for entry in corpus:
        problems += entry_problems(entry, holdout_school, holdout)
    intents = Counter(entry["expect"]["intent"] for entry in corpus)
    problems += [f"no entry with intent {i}" for i in sorted(INTENTS - set(intents))]
    areas = Counter(entry["expect"]["area_of_need"] for entry in corpus)
    problems += [
        f"area {area} appears {areas[area]} times (< {holdout.min_per_area})"
        for area in sorted(AREAS)
        if areas[area] < holdout.min_per_area
    ]
    assert not problems, "\n".join(problems)


@BY_FILE
def test_holdout_accuracy(holdout: Holdout, holdout_school: HoldoutSchool) -> None:
    corpus = holdout.entries
    correct = Counter[str]()
    mismatches: list[str] = []
    whole = 0
    by_intent: dict[str, list[int]] = {}
    for entry in corpus:
        text = entry["text"]
        sender = entry.get("as", DEFAULT_SENDER)
        want = expected_fields(holdout_school, entry["expect"])
        contract = parse(holdout_school, text, sender)
        got = {field: normalise(field, contract.get(field)) for field in FIELDS}
        wrong = [field for field in FIELDS if got[field] != want[field]]
        correct.update(field for field in FIELDS if field not in wrong)
        tally = by_intent.setdefault(want["intent"], [0, 0])
        tally[1] += 1
        if not wrong:
            whole += 1
            tally[0] += 1
        for field in wrong:
            mismatches.append(
                f"  [{sender}] {text!r}\n"
                f"      {field}: expected {show(holdout_school, field, want[field])}, "
                f"got {show(holdout_school, field, got[field])}"
            )

    total = len(corpus)
    lines = [
        "",
        f"{holdout.label}: per-field accuracy",
        f"{'field':<18} {'correct':>7} {'total':>6} {'%':>7}",
    ]
    for field in FIELDS:
        lines.append(f"{field:<18} {correct[field]:>7} {total:>6} {correct[field] / total:>7.1%}")
    lines.append(f"{'(whole entry)':<18} {whole:>7} {total:>6} {whole / total:>7.1%}")
    lines += ["", f"{'expected intent':<18} {'entries':>7} {'all ok':>6}"]
    for intent, (right, n) in sorted(by_intent.items()):
        lines.append(f"{intent:<18} {n:>7} {right:>6}")
    lines += ["", f"mismatches ({len(mismatches)}):", *mismatches]
    print("\n".join(lines))

    below = [f for f in FIELDS if correct[f] / total < holdout.threshold]
    assert not below, f"fields below {holdout.threshold:.0%}: {below}"
