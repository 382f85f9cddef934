"""The benchmark figures of one `make bench` run: each with its floor and their ratio, written
to `benchmarks/results.json` and as a table into `docs/performance.md` (between markers, so
the prose around it stays)."""

from __future__ import annotations

import json
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
PERFORMANCE = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- results: begin -->", "<!-- results: end -->"


@dataclass
class Figure:
    name: str  # e.g. "message p99, 30,000 pupils"
    value: float
    unit: str  # "ms", "s", "MB", "statements"
    floor: float | None = None  # the same work done the simplest way, in the same run
    floor_name: str = ""
    target: str = ""  # what it should be, in words
    met: bool | None = None
    note: str = ""
    run_at: str = ""  # when this figure was measured (a partial run keeps the others)

    @property
    def ratio(self) -> float | None:
        if self.floor in (None, 0):
            return None
        return round(self.value / self.floor, 2)


@dataclass
class Run:
    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def write(self) -> None:
        if not self.figures:
            return
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        machine = (
            f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}"
        )
        for figure in self.figures:
            figure.run_at = figure.run_at or stamp
        self.figures = _merged(self.figures)
        data = {
            "run_at": stamp,
            "machine": machine,
            "figures": [asdict(f) | {"ratio": f.ratio} for f in self.figures],
        }
        RESULTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        table = [
            f"Last run {stamp} on {machine}; each figure is from the last run of its benchmark.",
            "",
            "| figure | value | floor | ratio | target | met |",
            "|---|---|---|---|---|---|",
        ]
        for f in self.figures:
            floor = f"{f.floor:g} {f.unit} ({f.floor_name})" if f.floor is not None else "—"
            ratio = f"{f.ratio:g}×" if f.ratio is not None else "—"
            met = "—" if f.met is None else ("yes" if f.met else "**no**")
            note = f" {f.note}" if f.note else ""
            cells = (f.name, f"{f.value:g} {f.unit}", floor, ratio, f"{f.target}{note}", met)
            table.append("| " + " | ".join(cells) + " |")
        text = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.exists() else ""
        block = "\n".join([BEGIN, *table, END])
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
        else:
            text = text + "\n" + block + "\n"
        PERFORMANCE.write_text(text, encoding="utf-8")


def _merged(new: list[Figure]) -> list[Figure]:
    """This run's figures over the last results: a run of one benchmark file keeps the
    figures of the others (each says when it was measured)."""
    if not RESULTS.exists():
        return new
    fresh = {f.name: f for f in new}
    kept: list[Figure] = []
    for old in json.loads(RESULTS.read_text(encoding="utf-8")).get("figures", []):
        old.pop("ratio", None)
        figure = fresh.pop(old["name"], None) or Figure(**old)
        kept.append(figure)
    return kept + [f for f in new if f.name in fresh]


RUN = Run()
