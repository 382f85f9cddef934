"""Reminder periods and hours: domain.md's figures by default, each one set from REMINDER_*."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.reminder_settings import load_reminder_settings
from handlers.reminders import DEFAULT_SETTINGS, ReminderSettings
from handlers.statutory import DEFAULT_PERIODS


def test_the_defaults_are_the_statutory_figures() -> None:
    assert DEFAULT_SETTINGS.periods == DEFAULT_PERIODS
    assert DEFAULT_SETTINGS.quiet_hours_start == time(18, 0)
    assert DEFAULT_SETTINGS.school_day_ends == time(15, 30)
    assert DEFAULT_SETTINGS.advice_max_open.total_seconds() == 48 * 3600


def test_a_school_sets_its_own_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REMINDER_SEN_SUPPORT_REVIEW_WEEKS", "6")
    monkeypatch.setenv("REMINDER_QUIET_HOURS_START", "17:30")
    monkeypatch.setenv("REMINDER_PHASE_TRANSFER_YEARS", "[2, 6, 11]")
    (tmp_path / ".env").write_text("REMINDER_SCHOOL_DAY_ENDS=15:10\nDATABASE_URL=sqlite://\n")

    settings = load_reminder_settings()

    assert type(settings) is ReminderSettings
    assert settings.periods.sen_support_review_weeks == 6
    assert settings.quiet_hours_start == time(17, 30)
    assert settings.phase_transfer_years == (2, 6, 11)
    assert settings.school_day_ends == time(15, 10)


def test_nonsense_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REMINDER_EHCP_REVIEW_MONTHS", "0")
    with pytest.raises(ValidationError):
        load_reminder_settings()
