"""Dates as staff write them, relative to the school's today: "yesterday", "on Tuesday",
"16/11/2026" (UK day first), "16th Nov", "last Friday", "3 days ago"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from handlers.conversation.text import fold

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "weds": 2, "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_NUMERIC = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2,4}))?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? (" + "|".join(MONTHS) + r")\b\.?(?: (\d{4}))?"
)
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(MONTHS) + r")\.? (\d{1,2})(?:st|nd|rd|th)?\b(?:,? (\d{4}))?"
)
_FULL_DAYS = "|".join(w for w in WEEKDAYS if w.endswith("day") or w in ("sat", "sun"))
_SHORT_DAYS = "|".join(w for w in WEEKDAYS if not w.endswith("day") and w not in ("sat", "sun"))
_WORDLIKE_DAYS = "sat|sun"
# "sat" and "sun" are words ("she sat down"): they need a lead-in; "mon", "tues" do not.
_WEEKDAY = re.compile(
    rf"\b(?:(last |this |on |this past )?({'|'.join(w for w in WEEKDAYS if w.endswith('day'))}"
    rf"|{_SHORT_DAYS})|(last |this |on )({_WORDLIKE_DAYS}))\b"
)
# "on the 20th", but not "the 3rd time" (a count) nor "20th Nov" (read with its month above).
_ORDINAL_DAY = re.compile(
    r"\b(?:on )?(?:the )?(\d{1,2})(?:st|nd|rd|th)\b"
    r"(?! (?:of )?(?:" + "|".join(MONTHS) + r"|time|times|attempt|go|try|place|year|week)\b)"
)
_AGO = re.compile(r"\b(\d+|a|one|two|three|four|five|six) (day|week)s? ago\b")
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: str | None, today: date) -> date | None:
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _safe_date(full, month, day)
    # No year: the most recent such date, since records describe what already happened.
    candidate = _safe_date(today.year, month, day)
    if candidate and candidate > today + timedelta(days=7):
        candidate = _safe_date(today.year - 1, month, day)
    return candidate


def parse_date(text: str, today: date) -> date | None:
    """The date a message refers to, or None when it names none."""
    folded = fold(text)
    if re.search(r"\b(today|this morning|this afternoon|earlier|just now|tonight)\b", folded):
        return today
    if re.search(r"\b(yesterday|yday|yest)\b", folded):
        return today - timedelta(days=1)
    if re.search(r"\bday before yesterday\b", folded):
        return today - timedelta(days=2)
    match = _ISO.search(folded)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    # "1-1" and "1:1" mean one-to-one; "10.30" is a time of day.
    unpaired = re.sub(r"\b1 ?[-:/] ?1\b|\b\d{1,2}[.:]\d{2}\b(?! ?/)", " ", folded)
    match = _NUMERIC.search(unpaired)
    if match and not re.search(r"\d[/.\-]\d+ ?(?:mins?|minutes?)", match.group(0)):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return _with_year(month, day, match.group(3), today)
    match = _DAY_MONTH.search(folded)
    if match:
        return _with_year(MONTHS[match.group(2)], int(match.group(1)), match.group(3), today)
    match = _MONTH_DAY.search(folded)
    if match:
        return _with_year(MONTHS[match.group(1)], int(match.group(2)), match.group(3), today)
    match = _ORDINAL_DAY.search(folded)
    if match:  # "on the 20th": this month, or last month if that day is still to come
        day = int(match.group(1))
        found = _safe_date(today.year, today.month, day)
        if found is None or found > today:
            last_month = today.replace(day=1) - timedelta(days=1)
            found = _safe_date(last_month.year, last_month.month, day)
        if found is not None:
            return found
    match = _AGO.search(folded)
    if match:
        count = _SMALL.get(match.group(1)) or int(match.group(1))
        return today - timedelta(days=count * (7 if match.group(2) == "week" else 1))
    if re.search(r"\blast week\b", folded):
        return None  # a week is not a date: the bot asks which day
    match = _WEEKDAY.search(folded)
    if match:
        lead, day_name = (
            (match.group(1), match.group(2)) if match.group(2) else (match.group(3), match.group(4))
        )
        back = (today.weekday() - WEEKDAYS[day_name]) % 7
        if (lead or "").strip() == "last" and back == 0:
            back = 7
        return today - timedelta(days=back)
    return None
