"""The dialogue corpus: whole scripted conversations across every role, judged on the records
finally stored (tests/conversation/dialogues/). Targets (issue: conversations staff can trust):
at least 150 scripts, and at least 95% of scripts right in every category. The BLIND part was
written before any of it was run and is never tuned to: its floors are its first-run figures.
Per-category pass rates are printed at the end of every run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from storage import migrate
from tests.conversation.dialogues.harness import Verdict, run_script

HERE = Path(__file__).parent / "dialogues"
PARTS = ("scripts", "blind", "blind2", "blind3", "blind4", "blind5")
BLIND = ("blind", "blind2", "blind3", "blind4", "blind5")
RESULTS: dict[str, dict[str, list[Verdict]]] = {}  # part -> category -> verdicts


def load(part: str) -> list[dict[str, Any]]:
    path = HERE / f"{part}.yaml"
    return list(yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []


def categories(part: str) -> list[str]:
    return sorted({script["category"] for script in load(part)})


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dialogues") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


def run_category(part: str, category: str, template: Path, folder: Path) -> list[Verdict]:
    verdicts = [
        run_script(script, template, folder)
        for script in load(part)
        if script["category"] == category
    ]
    RESULTS.setdefault(part, {})[category] = verdicts
    return verdicts


def failures(verdicts: list[Verdict]) -> str:
    return "\n".join(
        f"- {v.script['say']}: {'; '.join(v.problems)}" for v in verdicts if not v.passed
    )


def test_the_corpus_is_big_enough() -> None:
    assert sum(len(load(part)) for part in PARTS) >= 150


@pytest.mark.parametrize("category", categories("scripts"))
def test_scripts_by_category(category: str, template: Path, tmp_path: Path) -> None:
    verdicts = run_category("scripts", category, template, tmp_path)
    passed = sum(v.passed for v in verdicts)
    assert passed >= 0.95 * len(verdicts), failures(verdicts)


# Each blind part's first-run figures (category: scripts right): floors, not targets.
BLIND_FLOORS: dict[str, dict[str, int]] = {
    "blind": {
        "absences": 4, "advice": 4, "cancels": 4, "concern": 5, "confirmations": 6,
        "corrections": 6, "duplicates": 1, "interruptions": 3, "nicknames": 4, "queries": 3,
        "repair": 2, "roles": 3, "safeguarding": 4, "same_name": 5, "urgency_date": 4,
    },
    "blind2": {
        "absences": 2, "advice": 3, "cancels": 3, "concern": 3, "confirmations": 4,
        "corrections": 4, "duplicates": 2, "interruptions": 3, "nicknames": 3, "queries": 3,
        "repair": 1, "roles": 2, "safeguarding": 4, "same_name": 3, "urgency_date": 3,
    },
    "blind3": {
        "absences": 3, "advice": 3, "cancels": 3, "concern": 3, "confirmations": 3,
        "corrections": 3, "duplicates": 1, "interruptions": 3, "nicknames": 3, "queries": 3,
        "repair": 3, "roles": 3, "safeguarding": 3, "same_name": 3, "urgency_date": 3,
    },
    "blind4": {
        "absences": 3, "advice": 3, "cancels": 3, "concern": 3, "confirmations": 4,
        "corrections": 2, "duplicates": 2, "interruptions": 3, "nicknames": 3, "queries": 3,
        "repair": 3, "roles": 3, "safeguarding": 4, "same_name": 3, "urgency_date": 3,
    },
    "blind5": {
        "absences": 4, "advice": 3, "cancels": 3, "concern": 3, "confirmations": 4,
        "corrections": 4, "duplicates": 2, "interruptions": 2, "nicknames": 3, "queries": 3,
        "repair": 3, "roles": 3, "safeguarding": 4, "same_name": 3, "urgency_date": 3,
    },
}  # fmt: skip


@pytest.mark.parametrize(
    ("part", "category"), [(part, category) for part in BLIND for category in categories(part)]
)
def test_blind_scripts_by_category(
    part: str, category: str, template: Path, tmp_path: Path
) -> None:
    verdicts = run_category(part, category, template, tmp_path)
    passed = sum(v.passed for v in verdicts)
    assert passed >= BLIND_FLOORS[part].get(category, 0), failures(verdicts)


def summary_lines() -> list[str]:
    lines = []
    for part in PARTS:
        by_category = RESULTS.get(part, {})
        if not by_category:
            continue
        total = sum(len(v) for v in by_category.values())
        right = sum(sum(x.passed for x in v) for v in by_category.values())
        lines.append(f"{part}: {right}/{total} scripts right")
        for category, verdicts in sorted(by_category.items()):
            ok = sum(v.passed for v in verdicts)
            lines.append(
                f"    {category:<16} {ok:>3}/{len(verdicts):<3} {ok / len(verdicts):>6.0%}"
            )
    return lines


def blind_failures() -> dict[str, list[Verdict]]:
    return {
        f"{part}/{c}": [v for v in vs if not v.passed]
        for part in BLIND
        for c, vs in RESULTS.get(part, {}).items()
    }
