"""The impact chart: entry against exit score per pupil, one panel per group, with the
group's cohort summary under its title. A PNG (matplotlib's Agg backend: no display needed).

Pupils are labelled by the last four characters of their UPN, never by name: a chart is
pasted into governors' papers. Pupils with too few sessions to judge are drawn hatched. The
plotted series are written into the PNG's metadata (`Series`, JSON), so what a chart shows
can be checked from the file itself.
"""

from __future__ import annotations

import io
import json
import math

from handlers.exports.impact_rows import GroupSummary

MAX_PANELS = 12


def impact_chart(groups: list[GroupSummary], *, dpi: int = 100) -> bytes:
    """The chart as PNG bytes; a lower `dpi` for chat, where messages have size limits."""
    import matplotlib

    matplotlib.use("Agg")  # no display: a server, a CI machine
    from matplotlib import pyplot as plt

    shown = groups[:MAX_PANELS] or []
    panels = max(1, len(shown))
    columns = min(2, panels)
    rows = math.ceil(panels / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(6.5 * columns, 4.2 * rows), squeeze=False)
    series = []
    for index, axis in enumerate(axes.flat):
        if index >= len(shown):
            axis.axis("off")
            continue
        group = shown[index]
        series.append(_panel(axis, group))
    if not shown:
        axes[0][0].text(0.5, 0.5, "No intervention groups yet", ha="center", va="center")
        axes[0][0].axis("off")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=dpi,
        metadata={"Title": "Intervention impact", "Series": json.dumps(series)},
    )
    plt.close(figure)
    return buffer.getvalue()


def _panel(axis: object, group: GroupSummary) -> dict[str, object]:
    labels = [p.label for p in group.points]
    entry = [p.entry if p.entry is not None else 0.0 for p in group.points]
    exit_ = [p.exit if p.exit is not None else 0.0 for p in group.points]
    places = range(len(labels))
    width = 0.38
    hatches = ["" if p.counts else "//" for p in group.points]
    entry_bars = axis.bar([x - width / 2 for x in places], entry, width, label="entry")  # type: ignore[attr-defined]
    exit_bars = axis.bar([x + width / 2 for x in places], exit_, width, label="exit")  # type: ignore[attr-defined]
    for bar, hatch in zip([*entry_bars, *exit_bars], hatches * 2, strict=True):
        bar.set_hatch(hatch)
    axis.set_xticks(list(places), labels)  # type: ignore[attr-defined]
    axis.set_ylabel(group.measure.replace("_", " "))  # type: ignore[attr-defined]
    axis.set_title(f"{group.name}\n{cohort_line(group)}", fontsize=9)  # type: ignore[attr-defined]
    axis.legend(fontsize=8)  # type: ignore[attr-defined]
    return {
        "group": group.name,
        "pupils": labels,
        "entry": [p.entry for p in group.points],
        "exit": [p.exit for p in group.points],
        "counts": [p.counts for p in group.points],
        "summary": cohort_line(group),
    }


def cohort_line(group: GroupSummary) -> str:
    """The group's figures in one line, e.g. "4 pupils, 3 counted; mean RG 2.10; 88%"."""
    parts = [f"{group.pupils} pupils, {group.counted} counted"]
    if group.mean_ratio_gain is not None:
        parts.append(f"mean RG {group.mean_ratio_gain:.2f}")
    if group.mean_effect_size is not None:
        parts.append(f"mean effect size {group.mean_effect_size:.2f}")
    if group.attendance_rate is not None:
        parts.append(f"attendance {group.attendance_rate:.0%}")
    if group.cost_per_pupil is not None:
        parts.append(f"£{group.cost_per_pupil:,.2f} per pupil")
    return "; ".join(parts)
