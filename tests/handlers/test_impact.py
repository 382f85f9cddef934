"""Impact arithmetic with exact figures: ratio gains, effect sizes, attendance and cost."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from handlers import impact
from handlers.impact import Direction, EffectBand, GainBand
from storage.codes import ScoreMeasure


def test_reading_age_84_to_96_over_four_months_is_a_substantial_ratio_gain() -> None:
    gain = impact.ratio_gain(
        entry_months=84, exit_months=96, entry_on=date(2026, 1, 1), exit_on=date(2026, 5, 1)
    )
    # 120 days / 30.44 = 3.94 months; 12 / 3.942 = 3.044
    assert gain.value == 3.04
    assert gain.band is GainBand.SUBSTANTIAL
    assert gain.months_gained == 12
    assert gain.months_elapsed == 3.94
    assert gain.reason == ""


def test_reading_age_gain_of_six_months_over_six_months_is_very_small() -> None:
    gain = impact.ratio_gain(
        entry_months=Decimal("90"),
        exit_months=Decimal("96"),
        entry_on=date(2026, 1, 1),
        exit_on=date(2026, 1, 1) + timedelta(days=183),
    )
    assert gain.value == 1.0
    assert gain.band is GainBand.VERY_SMALL


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (-0.5, GainBand.VERY_SMALL),
        (1.39, GainBand.VERY_SMALL),
        (1.4, GainBand.SMALL),
        (1.99, GainBand.SMALL),
        (2.0, GainBand.USEFUL),
        (2.99, GainBand.USEFUL),
        (3.0, GainBand.SUBSTANTIAL),
        (5.2, GainBand.SUBSTANTIAL),
    ],
)
def test_brooks_bands_have_their_boundaries_where_the_literature_puts_them(
    ratio: float, band: GainBand
) -> None:
    assert impact.brooks_band(ratio) is band


def test_the_band_agrees_with_the_rounded_figure_shown() -> None:
    # 12 months gained over 122 days: 2.994 -> shown as 2.99, so banded "useful"
    gain = impact.ratio_gain(
        entry_months=84,
        exit_months=96,
        entry_on=date(2026, 1, 1),
        exit_on=date(2026, 1, 1) + timedelta(days=122),
    )
    assert gain.value == 2.99
    assert gain.band is GainBand.USEFUL


@pytest.mark.parametrize("days", [0, -10])
def test_no_ratio_gain_when_no_time_has_passed(days: int) -> None:
    gain = impact.ratio_gain(
        entry_months=84,
        exit_months=96,
        entry_on=date(2026, 3, 1),
        exit_on=date(2026, 3, 1) + timedelta(days=days),
    )
    assert gain.value is None
    assert gain.band is None
    assert "after the entry" in gain.reason


def test_no_ratio_gain_without_an_exit_score() -> None:
    gain = impact.ratio_gain(
        entry_months=84, exit_months=None, entry_on=date(2026, 3, 1), exit_on=None
    )
    assert gain.value is None
    assert gain.reason == "No exit score yet."
    missing_entry = impact.ratio_gain(
        entry_months=None, exit_months=96, entry_on=None, exit_on=date(2026, 3, 1)
    )
    assert missing_entry.reason == "No entry score yet."


def test_standardised_score_rising_nine_points_is_a_medium_effect_closing_the_gap() -> None:
    change = impact.standardised_change(85, 94)
    assert change.change == 9
    assert change.effect_size == 0.6
    assert change.band is EffectBand.MEDIUM
    assert change.direction is Direction.CLOSING


@pytest.mark.parametrize(
    ("entry", "exit_", "effect", "band", "direction"),
    [
        (100, 100, 0.0, EffectBand.NEGLIGIBLE, Direction.KEEPING_PACE),
        (80, 83, 0.2, EffectBand.NEGLIGIBLE, Direction.KEEPING_PACE),
        (80, 84, 0.27, EffectBand.SMALL, Direction.CLOSING),
        (80, 92, 0.8, EffectBand.LARGE, Direction.CLOSING),
        (90, 82, -0.53, EffectBand.MEDIUM, Direction.FALLING_BEHIND),
    ],
)
def test_effect_size_bands(
    entry: int, exit_: int, effect: float, band: EffectBand, direction: Direction
) -> None:
    change = impact.standardised_change(entry, exit_)
    assert change.effect_size == effect
    assert change.band is band
    assert change.direction is direction


def test_no_effect_size_without_an_exit_score() -> None:
    change = impact.standardised_change(85, None)
    assert change.change is None and change.effect_size is None
    assert change.reason == "No exit score yet."


def test_attendance_rate_and_nothing_recorded() -> None:
    assert impact.attendance_rate(9, 12) == 0.75
    assert impact.attendance_rate(0, 0) is None
    assert impact.attendance(2, 3).rate == 0.6667
    assert impact.percent(0.75) == "75%"
    assert impact.percent(None) == "no sessions recorded"


def test_cost_so_far_and_per_pupil_in_pence() -> None:
    cost = impact.cost_summary(sessions=10, cost_per_session_pence=450, pupils=3, adult_minutes=200)
    assert cost.total_pence == 4500
    assert cost.per_pupil_pence == 1500
    assert cost.adult_minutes == 200
    # 3 sessions x £3.33 = £9.99 for 2 pupils: £4.995 rounds half up to £5.00
    assert (
        impact.cost_summary(sessions=3, cost_per_session_pence=333, pupils=2).per_pupil_pence == 500
    )
    empty = impact.cost_summary(sessions=0, cost_per_session_pence=450, pupils=0)
    assert empty.total_pence == 0 and empty.per_pupil_pence is None


def test_money_is_shown_in_pounds() -> None:
    assert impact.pounds(450) == "£4.50"
    assert impact.pounds(123456) == "£1,234.56"
    assert impact.pounds(5) == "£0.05"


def test_member_impact_uses_the_groups_measure() -> None:
    reading = impact.member_impact(
        measure=ScoreMeasure.READING_AGE,
        entry_score=Decimal("84.00"),
        entry_on=date(2026, 1, 1),
        exit_score=Decimal("96.00"),
        exit_on=date(2026, 5, 1),
        present=9,
        recorded=10,
    )
    assert reading.ratio_gain is not None and reading.ratio_gain.value == 3.04
    assert reading.score_change is None
    assert reading.attendance.rate == 0.9
    assert impact.describe(reading) == "RG 3.04 (substantial)"

    standard = impact.member_impact(
        measure="standardised_score",
        entry_score=85,
        entry_on=date(2026, 1, 1),
        exit_score=94,
        exit_on=date(2026, 5, 1),
    )
    assert standard.ratio_gain is None
    assert impact.describe(standard) == ("+9 points, effect size 0.60 (medium, closing the gap)")

    custom = impact.member_impact(
        measure=ScoreMeasure.CUSTOM,
        entry_score=20,
        entry_on=date(2026, 1, 1),
        exit_score=31,
        exit_on=date(2026, 5, 1),
    )
    assert custom.custom_change == 11
    assert impact.describe(custom) == "+11 on the custom scale"


def test_member_impact_without_exit_score_says_why() -> None:
    for measure in ScoreMeasure:
        result = impact.member_impact(
            measure=measure,
            entry_score=90,
            entry_on=date(2026, 1, 1),
            exit_score=None,
            exit_on=None,
        )
        assert result.reason == "No exit score yet."
        assert impact.describe(result) == "No exit score yet."
