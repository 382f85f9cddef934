"""Intervention programmes by the names staff use for them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy
from rapidfuzz import fuzz, process

from handlers.conversation.text import fold

# canonical name -> other ways staff write it (all folded, lower case)
PROGRAMMES: dict[str, tuple[str, ...]] = {
    "Toe by Toe": ("toe by toe", "toe-by-toe", "toebytoe", "tbt"),
    "Precision Teaching": ("precision teaching", "precision teach", "pt session", "pt"),
    "Lego therapy": ("lego therapy", "lego-based therapy", "lego based therapy", "lego"),
    "Talk Boost": ("talk boost", "talkboost"),
    "ELSA": ("elsa",),
    "Zones of Regulation": ("zones of regulation", "zones of reg", "zones"),
    "Sensory circuit": ("sensory circuits", "sensory circuit"),
    "Numicon": ("numicon",),
    "Nessy": ("nessy",),
    "Read Write Inc. Fresh Start": (
        "read write inc fresh start", "fresh start", "rwi fresh start", "read write inc", "rwi",
    ),
    "Plus One": ("plus one", "plus 1", "+1"),
    "Power of 2": ("power of 2", "power of two"),
    "Socially Speaking": ("socially speaking",),
    "Attention Autism": ("attention autism", "bucket time", "attention bucket"),
    "Touch typing": ("touch typing", "touch-typing", "typing club"),
    "Social stories": ("social stories", "social story"),
    "Fine motor group": ("fine motor group", "fine motor", "funky fingers", "dough disco"),
    "Speech and language programme": (
        "speech and language programme", "speech and language", "salt programme",
        "salt session", "salt targets", "speech therapy", "s&l", "salt",
    ),
    "Phonics catch-up": ("phonics catch-up", "phonics catch up", "phonics intervention"),
    "Nurture group": ("nurture group", "nurture"),
}  # fmt: skip


# Names that also describe a need or a service; they mean a programme only in a session log.
GENERIC_PROGRAMMES = frozenset({"Speech and language programme", "Nurture group"})


def _alias_patterns(aliases: Iterable[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    ordered = sorted(aliases, key=lambda pair: -len(pair[0]))  # longest alias wins
    return [
        (re.compile(r"(?<![a-z0-9])" + re.escape(alias) + r"(?![a-z0-9])"), name)
        for alias, name in ordered
    ]


_BUILT_IN = _alias_patterns(
    (alias, name) for name, aliases in PROGRAMMES.items() for alias in aliases
)


def parse_programme(text: str, school_programmes: Iterable[str] = ()) -> str | None:
    """The programme a message names. A school's own programme names count as well, and the
    school's spelling of a built-in programme is returned when it has one."""
    folded = fold(text)
    school = tuple(dict.fromkeys(school_programmes))
    for pattern, name in _school_patterns(school):
        if pattern.search(folded):
            return name
    for pattern, name in _BUILT_IN:
        if pattern.search(folded):
            return _school_spelling(name, school)
    return _fuzzy(folded, (*school, *PROGRAMMES))


# A school's names are compiled once, not for every message: a trust-sized school has
# hundreds of groups, and recompiling their patterns was most of a message's cost.
@lru_cache(maxsize=64)
def _school_patterns(school: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    return _alias_patterns((fold(name), name) for name in school)


@lru_cache(maxsize=256)
def _school_spelling(canonical: str, school: tuple[str, ...]) -> str:
    """The school's own name for a programme ("Lego-based therapy" for Lego therapy)."""
    aliases = {canonical.lower(), *PROGRAMMES.get(canonical, ())}
    for name in school:
        folded = fold(name)
        if fuzz.ratio(folded, fold(canonical)) >= 90 or any(
            re.search(r"(?<![a-z0-9])" + re.escape(alias) + r"(?![a-z0-9])", folded)
            for alias in aliases
        ):
            return name
    return canonical


def _fuzzy(folded: str, names: tuple[str, ...]) -> str | None:
    """Typos such as "toe by tow" or "precison teaching": multi-word names only. The first
    name (in order) that some window of the message's words, as long as the name, matches."""
    tokens = folded.split()
    found: list[tuple[int, str]] = []
    for size, (order, targets) in _by_size(names).items():
        if size > len(tokens):
            continue
        windows = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
        # One call scores every window against every name of this length (rapidfuzz, in C).
        scores = process.cdist(windows, targets, scorer=fuzz.ratio, score_cutoff=86)
        hits = numpy.flatnonzero(scores.any(axis=0))
        if hits.size:
            found.append(order[int(hits[0])])
    return min(found)[1] if found else None


@lru_cache(maxsize=64)
def _by_size(names: tuple[str, ...]) -> dict[int, tuple[list[tuple[int, str]], list[str]]]:
    """Multi-word names by their number of words: (position and name, folded name)."""
    sized: dict[int, tuple[list[tuple[int, str]], list[str]]] = {}
    for index, name in enumerate(names):
        target = fold(name)
        size = len(target.split())
        if size >= 2:
            order, targets = sized.setdefault(size, ([], []))
            order.append((index, name))
            targets.append(target)
    return sized
