"""Small-number suppression for figures that leave the SENDCO's hands (governors, the SEN
information report): a count of 1 to 4 pupils could identify a child, so it is withheld.

Pure functions. Primary suppression withholds every count from 1 to `THRESHOLD - 1`; zero
is shown (it identifies nobody). Secondary suppression: when a row shows its total and only
one of its parts is withheld, that part could be worked out by subtraction, so the smallest
other non-zero part is withheld too. A percentage of a withheld count is withheld with it.
"""

from __future__ import annotations

from collections.abc import Sequence

THRESHOLD = 5
NOTE = (
    "Counts from 1 to 4 are withheld (null) so that no pupil can be identified; where a "
    "withheld count could be worked out from a total, the next smallest count is withheld "
    "too. Zero is shown."
)


def primary(count: int | None) -> int | None:
    """The count, or None when it is 1 to 4."""
    if count is None or count == 0 or count >= THRESHOLD:
        return count
    return None


def suppress_parts(parts: Sequence[int], total: int | None = None) -> list[int | None]:
    """Withhold small parts of a row; with a shown `total`, also the part that would give a
    single withheld part away."""
    shown = [primary(p) for p in parts]
    withheld = [i for i, value in enumerate(shown) if value is None]
    total_shown = total is not None and primary(total) is not None
    if total_shown and len(withheld) == 1:
        others = [(p, i) for i, p in enumerate(parts) if shown[i] is not None and p > 0]
        if others:
            shown[min(others)[1]] = None
    return shown


def share(part: int | None, whole: int | None, places: int = 1) -> float | None:
    """part / whole as a percentage, withheld when either is withheld or whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return round(100 * part / whole, places)
