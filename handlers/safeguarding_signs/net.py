"""The safety net under the patterns: words that, near each other, suggest a child may be at
risk, however the sentence is put — someone (a parent, "mum's new man", "some teenagers")
close to something done to a child (smack, shove, touch, film, lock, drink, drugs), or a
child's own words about dying, hiding injuries or being alone.

Patterns alone missed around half of each new blind corpus: people say these things in too
many ways to list. The net trades precision for recall, but only on the *possible* tier: it
never routes anything by itself, it makes the bot ask the member of staff one question, and an
ordinary SEND or medical explanation in the message (the classifier's damper) cancels it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lemmas (see lemmas.lemma_text): "men" is "man", "him" is "he", "older" is "old".
ACTORS = frozenset(
    "dad daddy father mum mummy mother stepdad stepmum step-dad step-mum uncle aunt auntie "
    "aunty grandad grandpa nan nanny grandma gran brother sister cousin boyfriend girlfriend "
    "partner man woman adult babysitter teenager stranger someone somebody lad guy carer "
    "family parent lady neighbour friend mate childminder".split()
)
DONE_TO_A_CHILD = frozenset(
    "hit smack slap punch kick beat batter hurt shove push throw grab strangle choke bite "
    "whack bash thump lock shut tie burn scald touch kiss lap film photo video undress strip "
    "naked nude rude porn upskirt threaten disown slur drunk drink drug weed crack cocaine "
    "needle cigarette knife gun kill stab shout scream swear twist pinch drag yank shake "
    "squeeze slam stamp tickle hump grope fondle stroke cuddle bed cage beer alcohol vodka "
    "wine vape lift car tax owe break starve".split()
)
SEXUAL = frozenset(
    "sex sexual sexy naked nude rude porn upskirt lap chest grope hump body pants knickers "
    "boxers private dare".split()
)
DYING = frozenset("die dead death alive suicide suicidal overdose pill painless noose".split())
HIDDEN = frozenset("bandage bandaged sleeve hide hiding secret scar".split())
ALONE = frozenset("alone".split())
NEGLECT = frozenset(
    "nappy nits lice leftover bin scrap hungry starve starving smell filthy dirty".split()
)
EXTREMISM = frozenset(
    "terrorist terror kuffar kafir infidel aryan ss nazi sermon caliphate jihad martyr".split()
)
EXPLOITATION = frozenset("crack envelope county package parcel debt owe cash".split())
WINDOW = 12  # words between the person and what was done: about a sentence
# Killing and dying in a game or a film are play, not a sign (a disclosure still has the patterns).
GAMES = frozenset(
    "game gaming fortnite minecraft roblox xbox playstation console film movie youtube".split()
)
PLAY_VIOLENCE = frozenset("kill die dead shoot gun stab knife".split())


# Everyday phrases whose words would otherwise look like something done to a child.
NOT_DONE = re.compile(
    r"(?<!\S)(?:(?:get|keep|be|been) in touch|break ?time|(?:at|lunch|morning|afternoon) break|"
    r"(?:car|bus|boiler|washing machine|van|train) (?:break|broke) down)(?!\S)"
)
PETS = frozenset("dog puppy cat kitten hamster rabbit fish goldfish budgie tortoise pet".split())


@dataclass(frozen=True)
class NetSign:
    category: str
    name: str


def _near(words: list[str], left: frozenset[str], right: frozenset[str]) -> bool:
    spots = [i for i, w in enumerate(words) if w in left]
    return any(w in right and any(abs(i - j) <= WINDOW for j in spots) for i, w in enumerate(words))


def net_signs(lemmas: str) -> list[NetSign]:
    """The net's signs in lemmatised text; empty when it sees nothing."""
    words = NOT_DONE.sub(" ", lemmas).split()
    if GAMES.intersection(words):
        words = [w for w in words if w not in PLAY_VIOLENCE]
    present = set(words)
    found: list[NetSign] = []
    if _near(words, ACTORS, SEXUAL):
        found.append(NetSign("sexual_abuse", "an adult and something sexual"))
    if _near(words, ACTORS, DONE_TO_A_CHILD):
        found.append(NetSign("physical_abuse", "someone doing something to a child"))
    if present & DYING and not present & PETS:  # a pet dying is grief, not a sign
        found.append(NetSign("self_harm", "talk of dying"))
    if present & HIDDEN and present & {"arm", "wrist", "leg", "thigh", "cut", "mark", "burn"}:
        found.append(NetSign("self_harm", "hidden injuries"))
    if present & ALONE and present & {"home", "weekend", "night", "overnight", "house"}:
        found.append(NetSign("neglect", "left alone"))
    if present & NEGLECT and present & {"home", "every", "always", "bleed", "week"}:
        found.append(NetSign("neglect", "signs of neglect"))
    if present & EXTREMISM:
        found.append(NetSign("radicalisation", "extremist words"))
    if present & EXPLOITATION and present & {"teenager", "old", "boy", "lad", "man", "house"}:
        found.append(NetSign("child_criminal_exploitation", "errands for older people"))
    reach = {"call", "letter", "phone", "anyone", "email", "door", "family"}
    if present & {"contact", "answer", "reach"} and present & reach:
        found.append(NetSign("missing", "cannot be reached"))
    return found
