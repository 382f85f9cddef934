"""The catalogue as a person sees it: what they may start from a menu, and the help text."""

from __future__ import annotations

from handlers.catalogue.model import Action
from handlers.vocabulary import Actor, Button, Reply

# The three everyone uses most, first on every menu.
EVERYDAY = ("concern.log", "session.log", "advice.ask")


def starters(actions: tuple[Action, ...], actor: Actor) -> list[Action]:
    """What this person may start with no record in hand, everyday actions first."""
    offered = [a for a in actions if a.offered_to(actor) and a.starts_blank]
    return sorted(offered, key=_everyday_first)


def _everyday_first(action: Action) -> tuple[bool, int]:
    known = action.name in EVERYDAY
    return not known, EVERYDAY.index(action.name) if known else 0


def by_group(actions: list[Action]) -> dict[str, list[Action]]:
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.group or "Other", []).append(action)
    return groups


def menu_buttons(actions: list[Action]) -> tuple[Button, ...]:
    """A button per action; a blank start is valued "home"."""
    return tuple(Button(a.name, a.label, "home") for a in actions)


def help_reply(actions: tuple[Action, ...], actor: Actor) -> Reply:
    """Everything this person can do, by area, with a sentence that starts each."""
    lines: list[str] = []
    for group, members in by_group([a for a in actions if a.offered_to(actor)]).items():
        said = [f"{a.label}: “{a.examples[0]}”" for a in members if a.examples]
        if said:
            lines.append(f"{group} — " + " · ".join(said))
    lines.append("Buttons on a record act on it; reply with a button's number to press it.")
    return Reply(title="What you can do (say it in your own words):", lines=tuple(lines))
