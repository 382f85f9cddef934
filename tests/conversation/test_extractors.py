"""The extractors one by one: durations, dates, names, areas, programmes."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.conversation.areas import parse_area
from handlers.conversation.dates import parse_date
from handlers.conversation.durations import parse_duration
from handlers.conversation.programmes import parse_programme
from handlers.conversation.pupils import PupilRef, Roster, resolve_pupils
from storage.codes import AreaOfNeed

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("20 mins Plus One with Ravi", 20),
        ("half an hour", 30),
        ("1 hour", 60),
        ("an hour and a half", 90),
        ("1hr 15", 75),
        ("quarter of an hour", 15),
        ("twenty minutes", 20),
        ("45m toe by toe", 45),
        ("1.5 hours", 90),
        ("I am worried about him", None),  # "am" is not "a minute"
        ("at 10.30 with Maya", None),  # a time of day
        ("gave her a hug", None),
        ("could you give me a call about Maya when you get a minute", None),  # a moment
        ("have you got a min to chat about Ravi", None),
        ("20 minutes plus one, he needed a minute to settle", 20),
    ],
)
def test_durations(text: str, minutes: int | None) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", WEDNESDAY),
        ("yesterday", date(2026, 11, 24)),
        ("on Tuesday", date(2026, 11, 24)),
        ("last friday", date(2026, 11, 20)),
        ("last wed", date(2026, 11, 18)),
        ("16/11/2026", date(2026, 11, 16)),
        ("16/11", date(2026, 11, 16)),  # UK day first
        ("3/12/2025", date(2025, 12, 3)),
        ("16th Nov", date(2026, 11, 16)),
        ("3 days ago", date(2026, 11, 22)),
        ("she sat down and cried", None),  # "sat" is not Saturday
        ("numicon 1-1 with Nathan", None),  # one-to-one, not 1 January
        ("31/02/2026", None),  # no such day
    ],
)
def test_dates(text: str, day: date | None) -> None:
    assert parse_date(text, WEDNESDAY) == day


ROSTER = Roster(
    [
        PupilRef(1, "U1", "Mohammed", "Hussain", None, "3H", 3),
        PupilRef(2, "U2", "Mohammed", "Rahman", None, "5C", 5),
        PupilRef(3, "U3", "Noah", "Williams", None, "4H", 4),
        PupilRef(4, "U4", "Noah", "Kowalski", None, "4H", 4),
        PupilRef(5, "U5", "Isabella", "Gill", "Bella", "3H", 3),
        PupilRef(6, "U6", "Grace", "Shah", None, "2H", 2),
        PupilRef(7, "U7", "Kwame", "Walker", None, "3C", 3),
        PupilRef(8, "U8", "Daisy", "Clarke", None, "1C", 1),
        PupilRef(9, "U9", "Abigail", "Moss", None, "2C", 2),
        PupilRef(10, "U10", "Abi", "Njoku", None, "6H", 6),
        PupilRef(11, "U11", "Jessica", "Lee", None, "5C", 5),
        PupilRef(12, "U12", "Alfred", "Bose", None, "1C", 1),
    ],
    staff_first_names=frozenset({"Priya", "Grace"}),
)


def names(text: str) -> tuple[list[int], list[int], list[str]]:
    found = resolve_pupils(text, ROSTER)
    return [p.id for p in found.pupils], sorted(p.id for p in found.candidates), found.unknown


@pytest.mark.parametrize(
    ("text", "pupils", "candidates"),
    [
        ("worried about Mohammed", [], [1, 2]),  # never guessed
        ("Mohammed in 5C is upset", [2], []),
        ("mohammed r keeps calling out", [2], []),
        ("Noah W's reading", [3], []),
        ("noah from 4H", [], [3, 4]),  # both Noahs are in 4H
        ("bella is struggling", [5], []),  # preferred name
        ("Kwmae can't remember his number bonds", [7], []),  # a typo where a name is expected
        ("daily keep-up sessions", [], []),  # "daily" is not Daisy
        ("with grace's help he managed", [6], []),
        ("Grace took Kwame for talk boost", [7], []),  # Grace the TA
        ("a grace period", [], []),  # a word, not a name
        ("PT with Jess 10 mins", [11], []),  # a short form: Jess is Jessica
        ("alfie was off today", [12], []),  # Alfie is Alfred
        ("worried about Mo", [], [1, 2]),  # Mo: either Mohammed, never guessed
        ("Abi in 6H read well", [10], []),  # a pupil really called Abi comes first
        ("plus one with Abi", [10], []),
    ],
)
def test_names(text: str, pupils: list[int], candidates: list[int]) -> None:
    found, asked, _ = names(text)
    assert (found, asked) == (pupils, candidates)


def test_a_name_matching_nobody_is_reported() -> None:
    assert names("worried about Jaxon") == ([], [], ["Jaxon"])


def test_a_lower_case_name_joined_to_a_found_one_is_never_dropped_silently() -> None:
    assert names("plus one with kwame and jaxon") == ([7], [], ["jaxon"])


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("isn't following two-step instructions", AreaOfNeed.COMMUNICATION),
        ("his reading age hasn't moved", AreaOfNeed.COGNITION),
        ("in tears at drop off again", AreaOfNeed.SEMH),
        ("can't hold a pencil properly", AreaOfNeed.SENSORY_PHYSICAL),
        ("who do I speak to about an EP?", None),
    ],
)
def test_areas(text: str, area: AreaOfNeed | None) -> None:
    assert parse_area(text) == area


@pytest.mark.parametrize(
    ("text", "programme"),
    [
        ("did tbt with noah", "Toe by Toe"),
        ("toe by tow w ali", "Toe by Toe"),
        ("plus 1 - louis, leyla", "Plus One"),
        ("lego with the group", "Lego therapy"),
        ("rwi fresh start", "Read Write Inc. Fresh Start"),
        ("nothing to see here", None),
    ],
)
def test_programmes(text: str, programme: str | None) -> None:
    assert parse_programme(text) == programme


def test_a_schools_own_programme_name_wins() -> None:
    assert (
        parse_programme("did lego with the group", ["Lego-based therapy"]) == "Lego-based therapy"
    )
