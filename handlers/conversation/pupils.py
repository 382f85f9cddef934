"""Finding the pupils a message names: full names, first or preferred names, surname
initials ("Noah W"), class context ("Amira in 3B"), small typos. Two pupils who both match
are never guessed between; a name matching nobody is reported, never forced onto another."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from handlers.conversation.common_words import COMMON, NAME_LEAD_INS, WORDLIKE_NAMES
from handlers.conversation.nicknames import short_forms
from handlers.conversation.text import fold


@dataclass(frozen=True)
class PupilRef:
    id: int
    upn: str
    first_name: str
    last_name: str
    preferred_name: str | None
    class_name: str
    year_group: int

    @property
    def known_as(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"


@dataclass
class Mention:
    text: str
    candidates: list[PupilRef]


@dataclass
class Resolution:
    pupils: list[PupilRef] = field(default_factory=list)  # confidently resolved
    ambiguous: list[Mention] = field(default_factory=list)  # the bot asks which
    unknown: list[str] = field(default_factory=list)  # names that match nobody

    @property
    def candidates(self) -> list[PupilRef]:
        seen: dict[int, PupilRef] = {}
        for mention in self.ambiguous:
            for pupil in mention.candidates:
                seen.setdefault(pupil.id, pupil)
        return list(seen.values())


@dataclass(frozen=True)
class _Token:
    folded: str
    original: str
    start: int


_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d+[a-zA-Z]?\b|&")
_YEAR = re.compile(r"\b(?:year|yr|y) ?(\d{1,2}|r)\b")


_POSSESSIVE = re.compile(r"['’]s$")
GREETINGS = frozenset(
    {"hi", "hello", "hey", "dear", "morning", "thanks", "cheers", "ta", "afternoon"}
)
# After "Priya," these words show the name was the person spoken to, not a pupil.
ADDRESS_FOLLOWERS = frozenset(
    """what can could would do did have is are just quick please any i im we you hope thanks
    sorry when where how who got need just""".split()
)
# After a name, these show it is someone doing something: "jack finds it hard", "daisy cries".
SUBJECT_VERBS = frozenset(
    """is isnt was wasnt has hasnt had did didnt does doesnt cant cannot couldnt wont wouldnt
    keeps kept said says told tells finds found struggles struggled cried cries seems seemed
    needs needed got gets refused refuses hit hits kicked bit threw ran won wrote read reads
    likes loves hates asked asks shouted screamed won""".split()
)
# A staff member's name at the start of a sentence, before one of these, is not a pupil:
# "Grace took Mabel and Henry for Talk Boost".
STAFF_VERBS = frozenset(
    "took takes ran runs did does had has led leads covered covers said says asked told did".split()
)


def _tokens(text: str) -> list[_Token]:
    """Words with their place; "Zara's" is read as "zara", so possessives find the pupil."""
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        original = _POSSESSIVE.sub("", match.group(0))
        tokens.append(_Token(fold(original).strip("'-"), original, match.start()))
    return tokens


def _close(token: str, name: str) -> bool:
    """Same name, or one slip of the keyboard in a name of five letters or more."""
    if token == name:
        return True
    if len(token) < 5 or len(name) < 5 or token[0] != name[0]:
        return False
    return OSA.distance(token, name) <= (1 if len(name) < 8 else 2)


class Roster:
    """The pupils of one school, indexed for name look-up."""

    def __init__(
        self, pupils: list[PupilRef], staff_first_names: frozenset[str] = frozenset()
    ) -> None:
        self.pupils = pupils
        self.staff_first_names = frozenset(fold(n) for n in staff_first_names)
        self.given: dict[str, list[PupilRef]] = {}
        self.short: dict[str, list[PupilRef]] = {}  # "abi" -> the Abigails
        self.surnames: set[str] = set()
        self.classes = {fold(p.class_name) for p in pupils if p.class_name}
        for pupil in pupils:
            for name in {pupil.first_name, pupil.preferred_name or pupil.first_name}:
                self.given.setdefault(fold(name), []).append(pupil)
                for short in short_forms(fold(name)):
                    self.short.setdefault(short, []).append(pupil)
            self.surnames.add(fold(pupil.last_name))

    def is_staff_subject(self, tokens: list[_Token], i: int) -> bool:
        if tokens[i].folded not in self.staff_first_names or i + 1 >= len(tokens):
            return False
        return (i == 0 or tokens[i - 1].folded in {"and", "but", "so"}) and tokens[
            i + 1
        ].folded in STAFF_VERBS

    def given_matches(self, token: str, *, fuzzy: bool = True) -> list[PupilRef]:
        exact = self.given.get(token)
        if exact:
            return list(exact)
        known_as = self.short.get(token)  # a pupil really called Abi comes first
        if known_as:
            return list(dict.fromkeys(known_as))
        if token in COMMON or not fuzzy:
            return []
        return [p for name, ps in self.given.items() if _close(token, name) for p in ps]


def resolve_pupils(text: str, roster: Roster) -> Resolution:
    tokens = _tokens(text)
    result = Resolution()
    used: set[int] = set()  # token indexes consumed by a mention
    mentions: list[tuple[int, Mention]] = []
    for i, token in enumerate(tokens):
        if i in used or _addressed(text, tokens, i) or roster.is_staff_subject(tokens, i):
            continue
        # A near miss ("Kwmae") counts only where a name is expected, so "daily" is not Daisy.
        candidates = roster.given_matches(token.folded, fuzzy=_name_expected(tokens, i))
        if not candidates:
            continue
        narrowed, consumed = _narrow_by_surname(tokens, i, candidates)
        if token.folded in WORDLIKE_NAMES and not _hinted(tokens, i, consumed, used, roster):
            continue
        used.update(range(i, i + consumed + 1))
        mentions.append(
            (i, Mention(" ".join(t.original for t in tokens[i : i + consumed + 1]), narrowed))
        )
    _apply_class_context(text, tokens, mentions, roster)
    resolved: dict[int, PupilRef] = {}
    for _, mention in mentions:
        if len(mention.candidates) == 1:
            resolved.setdefault(mention.candidates[0].id, mention.candidates[0])
        elif not any(c.id in resolved for c in mention.candidates):
            result.ambiguous.append(mention)
    result.pupils = list(resolved.values())
    result.ambiguous = [
        m for m in result.ambiguous if not any(c.id in resolved for c in m.candidates)
    ]
    anyone = bool(result.pupils or result.ambiguous)
    result.unknown = _unknown_names(tokens, used, roster, anyone_found=anyone)
    return result


def _narrow_by_surname(
    tokens: list[_Token], i: int, candidates: list[PupilRef]
) -> tuple[list[PupilRef], int]:
    if i + 1 >= len(tokens):
        return candidates, 0
    nxt = tokens[i + 1]
    by_surname = [c for c in candidates if _close(nxt.folded, fold(c.last_name))]
    if by_surname:
        return by_surname, 1
    if len(nxt.folded) == 1 and nxt.folded.isalpha():
        by_initial = [c for c in candidates if fold(c.last_name).startswith(nxt.folded)]
        if by_initial and (nxt.original.isupper() or len(candidates) > 1):
            return by_initial, 1
    return candidates, 0


def _addressed(text: str, tokens: list[_Token], i: int) -> bool:
    """ "Hi Priya, ..." or "Priya, what would you suggest ...": the colleague being written to."""
    token = tokens[i]
    after = text[token.start + len(token.original) :].lstrip(" '’s")
    punctuated = not after or after[0] in ",!.:;-–—"
    greeting_first = (i == 1 and tokens[0].folded in GREETINGS) or (
        i == 2 and tokens[0].folded == "good" and tokens[1].folded in GREETINGS
    )
    if greeting_first and punctuated:
        return True
    following = tokens[i + 1].folded if i + 1 < len(tokens) else ""
    return i == 0 and after.startswith(",") and following in ADDRESS_FOLLOWERS


def _name_expected(tokens: list[_Token], i: int) -> bool:
    token = tokens[i]
    capitalised = token.original[:1].isupper() and not token.original.isupper()
    return capitalised or (i > 0 and tokens[i - 1].folded in NAME_LEAD_INS)


def _hinted(tokens: list[_Token], i: int, consumed: int, used: set[int], roster: Roster) -> bool:
    """A word-like name ("grace") counts only with a capital, a lead-in, a surname, beside
    another name ("louis, leyla, precious"), or as the subject of a verb ("jack finds")."""
    token = tokens[i]
    if consumed or (i - 1) in used:
        return True
    following = tokens[i + 1].folded if i + 1 < len(tokens) else ""
    if following in SUBJECT_VERBS:
        return True
    after_and = tokens[i + 2].folded if following in {"and", "&"} and i + 2 < len(tokens) else ""
    if roster.given_matches(following, fuzzy=False) or roster.given_matches(after_and, fuzzy=False):
        return True
    if token.original[:1].isupper() and not (i == 0 and token.folded in COMMON):
        return True
    return i > 0 and tokens[i - 1].folded in NAME_LEAD_INS


def _apply_class_context(
    text: str, tokens: list[_Token], mentions: list[tuple[int, Mention]], roster: Roster
) -> None:
    """ "Amira in 3B": a class or year named after a mention narrows that mention."""
    classes = [(i, t.folded) for i, t in enumerate(tokens) if t.folded in roster.classes]
    years = [int(m.group(1)) if m.group(1) != "r" else 0 for m in _YEAR.finditer(fold(text))]
    for index, mention in mentions:
        if len(mention.candidates) <= 1:
            continue
        following = [c for i, c in classes if i > index] or [c for _, c in classes]
        if following:
            in_class = [p for p in mention.candidates if fold(p.class_name) == following[0]]
            if in_class:
                mention.candidates = in_class
                continue
        if years:
            in_year = [p for p in mention.candidates if p.year_group == years[0]]
            if in_year:
                mention.candidates = in_year


def _unknown_names(
    tokens: list[_Token], used: set[int], roster: Roster, *, anyone_found: bool
) -> list[str]:
    """Words in a name's place ("about Jaxon", "Jaxon in 2C") that match no pupil. A
    lower-case word after "with" counts only when nobody was found ("with jaxon", but not
    "Ravi struggles with fractions")."""
    unknown: list[str] = []
    for i, token in enumerate(tokens):
        if i in used or token.folded in COMMON or token.folded in roster.classes:
            continue
        if not token.folded.isalpha() or len(token.folded) < 3 or token.original.isupper():
            continue
        after_lead_in = i > 0 and tokens[i - 1].folded in {"with", "about", "for", "and", "w"}
        # "hamza and abi": a word joined by "and" to a name found is a name too.
        joined_to_a_name = i > 1 and tokens[i - 1].folded == "and" and (i - 2) in used
        before_class = (
            i + 2 < len(tokens)
            and tokens[i + 1].folded in {"in", "from"}
            and tokens[i + 2].folded in roster.classes
        )
        capitalised = token.original[:1].isupper()
        if (
            before_class
            or joined_to_a_name
            or (after_lead_in and (capitalised or not anyone_found))
        ):
            unknown.append(token.original)
    return unknown
