"""Intervention sessions: logging one with attendance, listing them, and the schedule rules
(which dates are planned, whether a planned session went unlogged)."""

from handlers.sessions.inputs import AttendanceEntry, SessionInput
from handlers.sessions.listing import SessionView, list_sessions, session_form, sessions_of
from handlers.sessions.log import log_session
from handlers.sessions.schedule import (
    Scheduled,
    is_planned_day,
    planned_session_dates,
    sessions_not_logged,
    weekday_numbers,
)

__all__ = [
    "AttendanceEntry",
    "Scheduled",
    "SessionInput",
    "SessionView",
    "is_planned_day",
    "list_sessions",
    "log_session",
    "planned_session_dates",
    "session_form",
    "sessions_not_logged",
    "sessions_of",
    "weekday_numbers",
]
