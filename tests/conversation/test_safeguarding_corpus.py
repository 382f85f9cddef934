"""The safeguarding classifier against two corpora of fictional messages: a tuning corpus the
patterns were developed on, and a BLIND corpus written before the classifier and never tuned
to. Targets (issue: conversations staff can trust): no disclosure filed silently as SEND;
at least 95% of clear disclosures routed without a question; at most 3% of ordinary SEND
concerns asked about, none routed. Every run prints the figures per corpus and category."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

import handlers.safeguarding_signs
from handlers.safeguarding_signs import assess

HERE = Path(__file__).parent / "safeguarding"
# The tuning corpora and the first blind one are the model's training examples: packaged.
PACKAGED = Path(handlers.safeguarding_signs.__file__).parent / "corpus"


def corpus_file(name: str) -> Path:
    packaged = PACKAGED / f"{name}.yaml"
    return packaged if packaged.exists() else HERE / f"{name}.yaml"


RESULTS: dict[str, dict[str, Any]] = {}


def measure(name: str) -> dict[str, Any]:
    corpus = yaml.safe_load(corpus_file(name).read_text(encoding="utf-8"))
    missed, clear_asked, per_category = [], [], Counter[str]()
    caught = Counter[str]()
    for item in corpus["disclosures"]:
        signs = assess(item["text"])
        per_category[item["category"]] += 1
        if signs.certainty is None:
            missed.append(item["text"])
            continue
        caught[item["category"]] += 1
        if item["expect"] == "clear" and not signs.clear:
            clear_asked.append(item["text"])
    ordinary = corpus["ordinary"]
    verdicts = [assess(text) for text in ordinary]
    clear_total = sum(1 for item in corpus["disclosures"] if item["expect"] == "clear")
    return {
        "disclosures": len(corpus["disclosures"]),
        "missed": missed,
        "clear_total": clear_total,
        "clear_routed": clear_total
        - len(clear_asked)
        - sum(
            1
            for item in corpus["disclosures"]
            if item["expect"] == "clear" and item["text"] in missed
        ),
        "ordinary": len(ordinary),
        "ordinary_routed": [t for t, s in zip(ordinary, verdicts, strict=True) if s.clear],
        "ordinary_asked": [t for t, s in zip(ordinary, verdicts, strict=True) if s.possible],
        "per_category": {c: (caught[c], n) for c, n in sorted(per_category.items())},
    }


# Every part of the corpus, and what it is for. The model learns from the TRAINING parts
# (the patterns were developed on the tuning ones); the others are held out. Each held-out part
# was written before the stage it was first run against and is never tuned to; its first-run
# figures are in the closing notes. The ceilings below are today's figures on each held-out
# part: they stop the classifier getting worse, they are not the targets (0 missed).
TRAINING = ("tuning", "tuning2", "blind")
# part: (disclosures missed, ordinary routed, ordinary asked) at most
HELD_OUT: dict[str, tuple[int, int, int]] = {
    "blind2": (0, 1, 8),
    "blind3": (4, 1, 11),
    "blind4": (4, 0, 8),
    "blind5": (8, 0, 2),
    "blind6": (5, 1, 11),
}


def _figures(name: str) -> dict[str, Any]:
    if name not in RESULTS:
        RESULTS[name] = measure(name)
    return RESULTS[name]


@pytest.fixture(scope="module", params=TRAINING)
def training(request: pytest.FixtureRequest) -> dict[str, Any]:
    return _figures(request.param)


@pytest.fixture(scope="module", params=list(HELD_OUT))
def held_out(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param, _figures(request.param)


def test_the_corpus_is_big_enough_to_mean_something() -> None:
    parts = [
        yaml.safe_load(corpus_file(name).read_text(encoding="utf-8"))
        for name in (*TRAINING, *HELD_OUT)
    ]
    assert sum(len(part["disclosures"]) for part in parts) >= 300
    assert sum(len(part["ordinary"]) for part in parts) >= 300
    categories = {item["category"] for part in parts for item in part["disclosures"]}
    assert {
        "physical_abuse", "emotional_abuse", "sexual_abuse", "neglect", "domestic_abuse",
        "child_sexual_exploitation", "child_criminal_exploitation", "child_on_child",
        "online_grooming", "fgm", "forced_marriage", "honour_based_abuse", "radicalisation",
        "self_harm", "self_harm_suicide", "missing_education", "missing_from_home",
        "unknown_adult",
    } <= categories  # fmt: skip


def test_the_training_parts_are_recognised(training: dict[str, Any]) -> None:
    found = training
    assert found["missed"] == []
    assert found["ordinary_routed"] == []
    assert len(found["ordinary_asked"]) <= 0.03 * found["ordinary"], found["ordinary_asked"]
    assert found["clear_routed"] / found["clear_total"] >= 0.95


def test_held_out_parts_do_not_get_worse(held_out: tuple[str, dict[str, Any]]) -> None:
    name, found = held_out
    missed, routed, asked = HELD_OUT[name]
    assert len(found["missed"]) <= missed, found["missed"]
    assert len(found["ordinary_routed"]) <= routed, found["ordinary_routed"]
    assert len(found["ordinary_asked"]) <= asked, found["ordinary_asked"]


def pytest_terminal_summary_lines() -> list[str]:
    lines = []
    for name, found in RESULTS.items():
        lines.append(
            f"{name}: {found['disclosures'] - len(found['missed'])}/{found['disclosures']} "
            f"disclosures caught, clear routed {found['clear_routed']}/{found['clear_total']}, "
            f"ordinary routed {len(found['ordinary_routed'])} asked "
            f"{len(found['ordinary_asked'])} of {found['ordinary']}"
        )
        for category, (caught, total) in found["per_category"].items():
            lines.append(f"    {category:<30} {caught}/{total}")
    return lines
