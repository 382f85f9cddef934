"""Text as lemmas ("she's been taken to get married" -> "she be take to get marry"), so one
phrase pattern covers every tense and plural staff write in."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CONTRACTIONS = (
    (re.compile(r"n['’]t\b"), " not"),
    (re.compile(r"\bcan['’]?t\b"), "can not"),
    (re.compile(r"\bwon['’]?t\b"), "will not"),
    (re.compile(r"['’](re)\b"), " are"),
    (re.compile(r"['’](ve)\b"), " have"),
    (re.compile(r"['’](ll)\b"), " will"),
    (re.compile(r"['’](s|d|m)\b"), ""),  # possessive or is/has/would: dropped
)


# Words the lemmatiser would turn into other words ("weed" -> "wee", "gone" -> "gan",
# "better" -> "good"), kept as written.
KEEP = frozenset({"weed", "gone", "left", "better", "wee", "wees", "worse", "lying"})


@lru_cache(maxsize=20_000)
def _lemma(word: str) -> str:
    if word in KEEP:
        return word
    return simplemma.lemmatize(word, lang="en").lower()


def lemma_text(message: str) -> str:
    """Lower-case lemmas separated by single spaces, with a space at each end."""
    text = unicodedata.normalize("NFKD", message.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return " " + " ".join(_lemma(word) for word in _TOKEN.findall(text)) + " "
