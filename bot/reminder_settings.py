"""Reminder settings from the environment and `.env`: REMINDER_<FIELD> for every field of
`handlers.reminders.settings.ReminderSettings` (e.g. REMINDER_QUIET_HOURS_START=18:30,
REMINDER_SEN_SUPPORT_REVIEW_WEEKS=6, REMINDER_PHASE_TRANSFER_YEARS=[2,6,11])."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.reminders.settings import ReminderSettings


class ReminderEnvSettings(ReminderSettings, BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REMINDER_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )


def load_reminder_settings() -> ReminderSettings:
    """The settings handlers take: plain values, read from the environment once. Retention
    and the impact threshold keep their own names (RETENTION_YEARS, IMPACT_MIN_SESSIONS)."""
    from bot.settings import Settings

    school = Settings()
    return ReminderSettings.model_validate(
        ReminderEnvSettings().model_dump()
        | {
            "retention_years": school.retention_years,
            "impact_min_sessions": school.impact_min_sessions,
        }
    )
