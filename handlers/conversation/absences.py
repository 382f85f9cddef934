"""Who was *not* there: "Lena was absent", "Henry off sick", "everyone except Lena", "apart
from Henry who was at the dentist", "only Ravi and Noah". A name said with these words is an
absence, never an attendance, and the reason given is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.conversation.nicknames import short_forms
from handlers.conversation.pupils import PupilRef
from handlers.conversation.text import fold

AFTER = re.compile(
    r"^(?:\s*(?:was|is|were|has been|had been|wasn't|was not|did not|didn't))?\s*"
    r"(?P<why>absent|off sick|off ill|off|away|ill|sick|poorly|not in|not there|not here|"
    r"missing|out|at (?:the |a |an )?(?:dentist|doctors?|hospital|appointment|"
    r"optician|orthodontist|funeral)(?:'s)?|"
    r"on (?:a |the )?(?:school |class |year \w+ )?(?:trip|holiday|visit|residential))\b"
)
# "Henry wasn't there", "Lena was not in": a negative verb with a place means absent.
NOT_THERE = re.compile(
    r"^\s*(?:wasn't|was not|weren't|were not|isn't|is not)\s+(?:there|in|here|present|with us)\b"
)
DID_NOT_COME = re.compile(
    r"^\s*(?:didn't|did not|couldn't|could not|wasn't able to|was not able to|never) "
    r"(?:come|make it|turn up)"
)
WHO_WAS = re.compile(
    r"^\s*(?:who|as (?:she|he|they)|because (?:she|he|they))\s+(?:was|is|were|had)\s+"
    r"(?P<why>[^,.;]+)"
)
BEFORE = re.compile(
    r"\b(?:except|apart from|but not|without|minus|excluding|not|"
    r"(?:everyone|everybody|all|all of them) but)\s+$"
)
ONLY = re.compile(r"\b(?:only|just)\s+$")
EVERYONE = re.compile(r"\b(?:everyone|everybody|all of them|all|both|whole group|the group)\b")


@dataclass
class Absences:
    absent: dict[int, str] = field(default_factory=dict)  # pupil id -> reason
    only: bool = False  # "only X and Y": everyone else was absent
    everyone_else: bool = False  # "everyone except X": everyone else was there


def find_absences(text: str, pupils: list[PupilRef]) -> Absences:
    folded = fold(text)
    found = Absences()
    for pupil in pupils:
        given = {pupil.first_name, pupil.preferred_name or pupil.first_name}
        for name in given | {s for g in given for s in short_forms(fold(g))}:
            for match in re.finditer(rf"\b{re.escape(fold(name))}\b", folded):
                reason = _reason(folded, match.start(), match.end())
                if reason is not None:
                    found.absent[pupil.id] = reason
                if ONLY.search(folded[: match.start()]):
                    found.only = True
    if found.absent and EVERYONE.search(folded):
        found.everyone_else = True
    return found


def _reason(text: str, start: int, end: int) -> str | None:
    before, after = text[max(0, start - 30) : start], text[end : end + 80]
    # "Lena and Omar were off": the verb may follow the next name.
    after = re.sub(r"^\s*(?:and|&)\s+\w+", "", after)
    if DID_NOT_COME.match(after) or NOT_THERE.match(after):
        return "absent"
    said = AFTER.match(after)
    if said is not None:
        why = said.group("why")
        return "absent" if why in ("absent", "not in", "not there", "not here") else why
    if BEFORE.search(before):
        who = WHO_WAS.match(after)
        return who.group("why").strip() if who else "absent"
    return None
