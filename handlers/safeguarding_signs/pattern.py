"""The building blocks of the safeguarding patterns: a pattern is a regular expression over
lemmas (see `lemmas.lemma_text`) in which " ~ " stands for a gap of up to six words, matching
whole words only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Certainty(StrEnum):
    CLEAR = "clear"
    POSSIBLE = "possible"


GAP = r"(?:\S+ ){0,6}"
ADULT = (
    r"(?:dad|daddy|father|mum|mummy|mother|stepdad|stepmum|step-dad|step-mum|uncle|aunt|"
    r"auntie|grandad|grandpa|nan|nanny|grandma|carer|boyfriend|girlfriend|partner|brother|"
    r"sister|cousin|man|woman|adult|parent)"
)
CHILD = r"(?:he|she|him|her|they|them|me|i)"
OLDER = r"(?:old|older|big|adult|grown)"


@dataclass(frozen=True)
class Pattern:
    category: str
    certainty: Certainty
    name: str
    regex: re.Pattern[str]
    # A possible sign an ordinary explanation ("eczema", "in PE") cancels; False for signs
    # whose own words sound medical ("no one took her to the doctor").
    damped: bool = True


def pattern(
    category: str, certainty: Certainty, name: str, source: str, *, damped: bool = True
) -> Pattern:
    body = source.replace(" ~ ", " " + GAP)
    # Grouped, so every alternative matches whole words (not only the first and the last).
    regex = re.compile(r"(?<!\S)(?:" + body + r")(?!\S)")
    return Pattern(category, certainty, name, regex, damped)
