"""How much an intervention helped: ratio gains, effect sizes, attendance and cost.

Pure functions over numbers and dates (../shared/domain.md, "Measuring whether an
intervention works"); no database. The impact handler, the provision map and impact reports
all build on these, so a figure is computed the same way everywhere.

Ratio gain (RG) = months of progress in reading/spelling age / months elapsed, where months
elapsed = days between the entry and exit assessments / 30.44. Brooks' bands: < 1.4 very
small, 1.4-2.0 small, 2.0-3.0 useful, >= 3.0 substantial. Standardised scores (mean 100,
SD 15): change / 15 approximates an effect size (0.25 small, 0.5 medium, 0.8 large).
Figures are rounded to two decimal places and banded on the rounded figure, so the band
always agrees with the number shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from storage.codes import ScoreMeasure

DAYS_PER_MONTH = 30.44
STANDARD_DEVIATION = 15.0
AGE_MEASURES = frozenset({ScoreMeasure.READING_AGE, ScoreMeasure.SPELLING_AGE})

Number = int | float | Decimal


class GainBand(StrEnum):
    """Brooks' bands for a ratio gain."""

    VERY_SMALL = "very small"
    SMALL = "small"
    USEFUL = "useful"
    SUBSTANTIAL = "substantial"


class EffectBand(StrEnum):
    """Conventional bands for an effect size, by magnitude."""

    NEGLIGIBLE = "negligible"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class Direction(StrEnum):
    """What a standardised score change means against peers."""

    CLOSING = "closing the gap"
    KEEPING_PACE = "keeping pace"
    FALLING_BEHIND = "falling behind"


@dataclass(frozen=True)
class RatioGain:
    value: float | None
    band: GainBand | None = None
    months_gained: float | None = None
    months_elapsed: float | None = None
    reason: str = ""  # why there is no value


@dataclass(frozen=True)
class ScoreChange:
    """A standardised score change and the effect size it approximates."""

    change: float | None
    effect_size: float | None = None
    band: EffectBand | None = None
    direction: Direction | None = None
    reason: str = ""


@dataclass(frozen=True)
class Attendance:
    present: int
    recorded: int
    rate: float | None  # present / recorded, 0..1; None when nothing was recorded


@dataclass(frozen=True)
class CostSummary:
    sessions: int
    cost_per_session_pence: int
    total_pence: int
    pupils: int
    per_pupil_pence: int | None  # None when the group has had no pupils
    adult_minutes: int = 0


@dataclass(frozen=True)
class MemberImpact:
    measure: ScoreMeasure
    entry_score: float | None
    exit_score: float | None
    ratio_gain: RatioGain | None  # reading and spelling ages
    score_change: ScoreChange | None  # standardised scores
    custom_change: float | None  # custom scales: exit - entry, no bands
    attendance: Attendance
    reason: str = ""  # why no impact figure could be given yet


def months_between(start: date, end: date) -> float:
    """Months elapsed as a float: days / 30.44."""
    return (end - start).days / DAYS_PER_MONTH


def brooks_band(ratio: float) -> GainBand:
    if ratio >= 3.0:
        return GainBand.SUBSTANTIAL
    if ratio >= 2.0:
        return GainBand.USEFUL
    if ratio >= 1.4:
        return GainBand.SMALL
    return GainBand.VERY_SMALL


def effect_band(effect_size: float) -> EffectBand:
    size = abs(effect_size)
    if size >= 0.8:
        return EffectBand.LARGE
    if size >= 0.5:
        return EffectBand.MEDIUM
    if size >= 0.25:
        return EffectBand.SMALL
    return EffectBand.NEGLIGIBLE


def ratio_gain(
    *,
    entry_months: Number | None,
    exit_months: Number | None,
    entry_on: date | None,
    exit_on: date | None,
) -> RatioGain:
    """Ratio gain between two reading/spelling ages (in months) and their assessment dates."""
    if entry_months is None or entry_on is None:
        return RatioGain(None, reason="No entry score yet.")
    if exit_months is None or exit_on is None:
        return RatioGain(None, reason="No exit score yet.")
    elapsed = months_between(entry_on, exit_on)
    gained = float(exit_months) - float(entry_months)
    if elapsed <= 0:
        return RatioGain(
            None,
            months_gained=gained,
            reason="The exit assessment must be dated after the entry assessment.",
        )
    value = round(gained / elapsed, 2)
    return RatioGain(
        value,
        band=brooks_band(value),
        months_gained=gained,
        months_elapsed=round(elapsed, 2),
    )


def standardised_change(entry: Number | None, exit_: Number | None) -> ScoreChange:
    """Change in a standardised score and its approximate effect size (change / 15)."""
    if entry is None:
        return ScoreChange(None, reason="No entry score yet.")
    if exit_ is None:
        return ScoreChange(None, reason="No exit score yet.")
    change = float(exit_) - float(entry)
    effect = round(change / STANDARD_DEVIATION, 2)
    if effect >= 0.25:
        direction = Direction.CLOSING
    elif effect <= -0.25:
        direction = Direction.FALLING_BEHIND
    else:
        direction = Direction.KEEPING_PACE
    return ScoreChange(change, effect_size=effect, band=effect_band(effect), direction=direction)


def attendance(present: int, recorded: int) -> Attendance:
    return Attendance(present=present, recorded=recorded, rate=attendance_rate(present, recorded))


def attendance_rate(present: int, recorded: int) -> float | None:
    """The share of recorded attendances that were present, 0..1 (None: nothing recorded)."""
    if recorded <= 0:
        return None
    return round(present / recorded, 4)


def cost_summary(
    *, sessions: int, cost_per_session_pence: int, pupils: int, adult_minutes: int = 0
) -> CostSummary:
    """Cost so far (sessions x cost per session) and per pupil, rounded half up to a penny."""
    total = sessions * cost_per_session_pence
    per_pupil = (2 * total + pupils) // (2 * pupils) if pupils > 0 else None
    return CostSummary(
        sessions=sessions,
        cost_per_session_pence=cost_per_session_pence,
        total_pence=total,
        pupils=pupils,
        per_pupil_pence=per_pupil,
        adult_minutes=adult_minutes,
    )


def member_impact(
    *,
    measure: ScoreMeasure | str,
    entry_score: Number | None,
    entry_on: date | None,
    exit_score: Number | None,
    exit_on: date | None,
    present: int = 0,
    recorded: int = 0,
) -> MemberImpact:
    """One member's impact in the intervention's measure, with their attendance."""
    measure = ScoreMeasure(measure)
    gain: RatioGain | None = None
    change: ScoreChange | None = None
    custom: float | None = None
    reason = ""
    if measure in AGE_MEASURES:
        gain = ratio_gain(
            entry_months=entry_score, exit_months=exit_score, entry_on=entry_on, exit_on=exit_on
        )
        reason = gain.reason
    elif measure is ScoreMeasure.STANDARDISED:
        change = standardised_change(entry_score, exit_score)
        reason = change.reason
    elif entry_score is None:
        reason = "No entry score yet."
    elif exit_score is None:
        reason = "No exit score yet."
    else:
        custom = float(exit_score) - float(entry_score)
    return MemberImpact(
        measure=measure,
        entry_score=_float(entry_score),
        exit_score=_float(exit_score),
        ratio_gain=gain,
        score_change=change,
        custom_change=custom,
        attendance=attendance(present, recorded),
        reason=reason,
    )


def describe(impact: MemberImpact) -> str:
    """A one-line summary a SENDCO can read, e.g. "RG 3.04 (substantial)"."""
    if impact.ratio_gain is not None and impact.ratio_gain.value is not None:
        band = impact.ratio_gain.band.value if impact.ratio_gain.band else ""
        return f"RG {impact.ratio_gain.value:.2f} ({band})"
    if impact.score_change is not None and impact.score_change.change is not None:
        sc = impact.score_change
        band = sc.band.value if sc.band else ""
        direction = sc.direction.value if sc.direction else ""
        return f"{sc.change:+g} points, effect size {sc.effect_size:.2f} ({band}, {direction})"
    if impact.custom_change is not None:
        return f"{impact.custom_change:+g} on the custom scale"
    return impact.reason


def pounds(pence: int) -> str:
    """Pence as money for people: 450 -> "£4.50"."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def percent(rate: float | None) -> str:
    return "no sessions recorded" if rate is None else f"{rate:.0%}"


def _float(value: Number | None) -> float | None:
    return None if value is None else float(value)
