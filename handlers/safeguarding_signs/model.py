"""The last line: a naive Bayes model over words and word pairs, trained on the labelled
examples in `corpus/` (fictional disclosures and ordinary SEND concerns), for messages that
no pattern and no part of the net recognised.

Why a model at all: every new blind corpus written for the patterns had new ways of saying
the same things ("taxed by older lads", "close her up", "lost it with her"), and patterns missed
a third to a half of them. The model judges the message by all of its words at once, so it
catches many of those — at the cost of asking about some ordinary concerns. It only ever
makes the bot *ask* (the possible tier), never routes on its own, and its threshold was set
so that about one ordinary concern in twenty to thirty is asked about.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml

from handlers.safeguarding_signs.lemmas import lemma_text

CORPUS = Path(__file__).parent / "corpus"
# libyaml's safe loader when PyYAML was built with it: the examples load ten times faster,
# and they are loaded at every start.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TRAINING = ("tuning", "tuning2", "blind", "chat")
THRESHOLD = 7.0  # log-odds above which the message is a possible sign (see the notes)
# Words too common to carry meaning; the first word is skipped too (usually the child's name).
STOP = frozenset(
    "a an the and be have to of in on at for with he she they i it his her their my that this "
    "is was".split()
)


def features(lemmas: str) -> set[str]:
    words = lemmas.split()[1:]
    found = {w for w in words if w not in STOP}
    found.update(f"{a}_{b}" for a, b in pairwise(words))
    return found


@dataclass(frozen=True)
class Model:
    disclosures: Counter[str]
    ordinary: Counter[str]
    n_disclosures: int
    n_ordinary: int

    def log_odds(self, lemmas: str) -> float:
        """How much likelier the words are in a disclosure than in an ordinary concern, with
        the two kinds of example weighted equally (there are more ordinary ones)."""
        scale = self.n_disclosures / self.n_ordinary
        score = 0.0
        for feature in features(lemmas):
            seen_in, seen_out = self.disclosures[feature], self.ordinary[feature] * scale
            if not seen_in and not seen_out:
                continue  # a word never seen says nothing
            inside = (seen_in + 1) / (self.n_disclosures + 2)  # Laplace-smoothed rates
            outside = (seen_out + 1) / (self.n_disclosures + 2)
            score += math.log(inside / outside)
        return score


def train(disclosures: list[str], ordinary: list[str]) -> Model:
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for text in disclosures:
        inside.update(features(lemma_text(text)))
    for text in ordinary:
        outside.update(features(lemma_text(text)))
    return Model(inside, outside, len(disclosures), len(ordinary))


@lru_cache(maxsize=1)
def trained() -> Model:
    """The model from the packaged examples, built once on first use (well under a second)."""
    disclosures: list[str] = []
    ordinary: list[str] = []
    for name in TRAINING:
        text = (CORPUS / f"{name}.yaml").read_text(encoding="utf-8")
        corpus = yaml.load(text, Loader=SAFE_LOADER)
        disclosures += [item["text"] for item in corpus["disclosures"]]
        ordinary += list(corpus["ordinary"])
    return train(disclosures, ordinary)


def looks_like_a_disclosure(lemmas: str) -> bool:
    return trained().log_odds(lemmas) > THRESHOLD
