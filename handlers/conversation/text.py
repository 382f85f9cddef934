"""Small text helpers shared by the extractors."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]*")
MAX_MESSAGE_CHARS = 4000  # anything longer is read up to here; nobody types more in one go


def clean(message: str) -> str:
    """NFC, no control characters, single spaces, bounded length."""
    text = unicodedata.normalize("NFKC", message[: MAX_MESSAGE_CHARS * 2])
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()[:MAX_MESSAGE_CHARS]


def fold(text: str) -> str:
    """Lower case without accents, for matching ("Zoë" ~ "zoe")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def words(text: str) -> list[str]:
    """Folded words without apostrophes: "I'm" → "im", "isn't" → "isnt"."""
    return [w.replace("'", "").replace("’", "") for w in _WORD.findall(fold(text))]
