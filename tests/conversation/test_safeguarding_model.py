"""The model's two tiers, the clear patterns an ordinary explanation only downgrades, and the
category the model names when no pattern named one (handlers/safeguarding_signs)."""

from __future__ import annotations

import pytest

from handlers.safeguarding_signs import CATEGORY_LABELS, assess, model
from handlers.safeguarding_signs.lemmas import lemma_text
from handlers.safeguarding_signs.net import net_signs
from handlers.safeguarding_signs.pattern import Certainty

PLAIN = "Sam has been very quiet this week"  # no pattern, no part of the net


def _score_as(monkeypatch: pytest.MonkeyPatch, value: float) -> None:
    monkeypatch.setattr(model, "score", lambda lemmas: value)


def test_a_message_no_pattern_knows_is_filed_when_the_model_sees_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _score_as(monkeypatch, model.ASK_ABOVE - 0.1)
    assert assess(PLAIN).certainty is None


def test_above_the_ask_threshold_the_bot_asks_and_names_a_category(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _score_as(monkeypatch, model.ASK_ABOVE + 0.1)
    signs = assess(PLAIN)
    assert signs.certainty is Certainty.POSSIBLE
    assert signs.signals == ("reads like a disclosure",)
    assert signs.category in model.categories().counts


def test_above_the_route_threshold_the_dsl_hears_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _score_as(monkeypatch, model.ROUTE_ABOVE + 0.1)
    signs = assess(PLAIN)
    assert signs.certainty is Certainty.CLEAR
    assert "reads strongly like a disclosure" in signs.signals


def test_an_ordinary_explanation_keeps_a_strong_model_score_to_a_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _score_as(monkeypatch, model.ROUTE_ABOVE + 5)
    signs = assess("Sam has been very quiet this week since the hospital appointment")
    assert signs.certainty is Certainty.POSSIBLE


def test_a_strong_score_makes_a_possible_pattern_clear_and_keeps_its_category(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Sam has a bruise on his arm"
    _score_as(monkeypatch, 0.0)
    assert assess(text).certainty is Certainty.POSSIBLE
    _score_as(monkeypatch, model.ROUTE_ABOVE + 0.1)
    signs = assess(text)
    assert signs.certainty is Certainty.CLEAR
    assert signs.category == "physical_abuse"
    assert signs.signals == ("a bruise or injury", "reads strongly like a disclosure")


@pytest.mark.parametrize(
    ("unexplained", "explained"),
    [
        (
            "Ashton has a bruise on his cheek",
            "Ashton has a bruise on his cheek from a collision in rugby",
        ),
        ("Tyler has two phones", "Tyler has two phones, one for home and one for his dad's"),
        (
            "Jenson was made to pull his trousers down",
            "Jenson pulls his trousers down at the urinal",
        ),
    ],
)
def test_an_ordinary_explanation_downgrades_a_clear_sign_to_a_question(
    unexplained: str, explained: str
) -> None:
    assert assess(unexplained).certainty is Certainty.CLEAR
    assert assess(explained).certainty is Certainty.POSSIBLE


def test_toilets_do_not_downgrade_what_happens_in_them() -> None:
    signs = assess("older boys pinned Alfie down in the toilets and pulled his trousers down")
    assert signs.certainty is Certainty.CLEAR


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("her uncle has arranged her engagement to a man in Pakistan", "forced_marriage"),
        ("he has been delivering parcels for older lads for cash", "child_criminal_exploitation"),
        ("she has not eaten since Friday and wears the same dirty uniform", "neglect"),
    ],
)  # fmt: skip
def test_the_model_names_the_likeliest_category(text: str, category: str) -> None:
    assert model.categories().likeliest(lemma_text(text)) == category


def test_category_labels_cover_every_category_the_model_can_name() -> None:
    assert set(model.categories().counts) <= set(CATEGORY_LABELS)


@pytest.mark.parametrize(
    "text",
    [
        "Kobi said he got a hiding at the weekend",
        "Rosa says her dad used the belt on her again",
        "Tom said he's saving up his mum's pills",
        "Letters to Ana's home have come back 'not known at this address'",
        "A man was photographing the children through the fence at lunch",
        "Zoe said her stepdad grips her throat when he is angry",
    ],
)
def test_plain_disclosures_go_to_the_dsl_at_once(text: str) -> None:
    assert assess(text).certainty is Certainty.CLEAR


@pytest.mark.parametrize(
    "text",
    [
        "Millie scratched her wrist on the fence at break, plaster given",
        "Ola got a slap on the back from the coach for scoring",
        "Dev wants to save his pocket money for a new bike",
    ],
)
def test_ordinary_words_near_them_are_not_routed(text: str) -> None:
    assert assess(text).certainty is not Certainty.CLEAR


@pytest.mark.parametrize(
    "text",
    [
        "Kian is off with a cold, mum has been in touch",
        "Jacob was late because the car broke down, dad phoned",
        "Rohan's friend plays with him at break time now",
        "Phoebe's dog died at the weekend and she is sad",
    ],
)
def test_the_net_ignores_everyday_phrases(text: str) -> None:
    assert net_signs(lemma_text(text)) == []


def test_the_net_still_hears_a_child_talk_of_dying() -> None:
    assert [s.name for s in net_signs(lemma_text("Ava keeps saying she wants to be dead"))] == [
        "talk of dying"
    ]
