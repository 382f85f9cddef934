"""Durations as staff write them: "20 mins", "half an hour", "1hr 15", "an hour and a half"."""

from __future__ import annotations

import re

from handlers.conversation.text import fold

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "twenty five": 25, "thirty": 30, "forty": 40, "forty-five": 45,
    "forty five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip
_DIGITS = r"(\d+(?:[.,]\d+)?)"
_WORDS = "(" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")"
# Digits take any unit ("20m", "1h"); number words only whole unit words, so "I am" is not
# "1 minute" and "a hug" is not an hour.
_NUM = rf"(?:{_DIGITS} ?|{_WORDS} )"
_HOURS = r"(?:hours?|hrs?|h)"
_HOUR_WORDS = r"(?:hours?|hrs?)"
_MINUTES = r"(?:minutes?|mins?|m)"
_MINUTE_WORDS = r"(?:minutes?|mins?)"

_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\b(?:an?|one) hour and a half\b"), 90),
    (re.compile(r"\b(?:1|one) and a half hours?\b"), 90),
    (re.compile(r"\bhour and a half\b"), 90),
    (re.compile(r"\b(?:half an|half a|1/2 an?|1/2) ?(?:hour|hr)\b"), 30),
    (re.compile(r"\bhalf hour\b"), 30),
    (re.compile(r"\bthree quarters of an hour\b"), 45),
    (re.compile(r"\b(?:a )?quarter of an hour\b"), 15),
]
_HOURS_AND_MINUTES = re.compile(
    rf"\b(?:{_DIGITS} ?{_HOURS}|{_WORDS} {_HOUR_WORDS})\.?(?: and)? ?"
    rf"(?:{_DIGITS} ?(?:{_MINUTES})?|{_WORDS} {_MINUTE_WORDS})\b"
)
_HOURS_ONLY = re.compile(rf"\b(?:{_DIGITS} ?{_HOURS}|{_WORDS} {_HOUR_WORDS})\b")
_MINUTES_ONLY = re.compile(rf"\b(?:{_DIGITS} ?{_MINUTES}|{_WORDS} {_MINUTE_WORDS})\b")


def _first(match: re.Match[str], *groups: int) -> str:
    return next(match.group(g) for g in groups if match.group(g) is not None)


def _number(token: str) -> float:
    token = token.strip()
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    return float(token.replace(",", "."))


# "when you get a minute", "have you got a min?", "give me a minute": a moment, not a session.
_A_MOMENT = re.compile(
    r"\b(?:(?:get|got|have|spare|give me|wait|just|for|in) (?:a|one) (?:minute|min|sec|second|"
    r"moment)|a (?:minute|min) (?:to|for|when|if)|(?:a|one) (?:sec|second|moment)"
    r"|a spare (?:minute|min)|(?:a )?minute'?s? (?:chat|word))\b"
)


def parse_duration(text: str) -> int | None:
    """Minutes mentioned in `text`, or None. Times of day ("at 10.30") are not durations,
    nor is a moment asked for ("when you get a minute")."""
    folded = _A_MOMENT.sub(" ", fold(text))
    for pattern, minutes in _PATTERNS:
        if pattern.search(folded):
            return minutes
    match = _HOURS_AND_MINUTES.search(folded)
    if match:
        return round(_number(_first(match, 1, 2)) * 60 + _number(_first(match, 3, 4)))
    match = _HOURS_ONLY.search(folded)
    if match:
        return round(_number(_first(match, 1, 2)) * 60)
    match = _MINUTES_ONLY.search(folded)
    if match:
        return round(_number(_first(match, 1, 2)))
    return None
