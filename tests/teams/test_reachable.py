"""Every action in the catalogue is a working button in Teams, through the real request path
(signed Bot Framework requests to /api/messages, replies to the loopback connector): a form
action answers with its form as a card to submit, any other with its result — never "out of
date" and never an error. Adding an action Teams cannot reach fails here."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.teams.cards import PRESS
from handlers.catalogue import ACTIONS, Kind
from handlers.reminders.notices import DONE_ACTION
from tests.catalogue.records import make_records
from tests.slack.conftest import NOW
from tests.teams.conftest import APP_ID, SENDCO_AAD, activity, post
from tests.teams.loopback import Microsoft
from tests.worlds import World


def test_every_action_is_a_working_button_in_teams(
    bot_url: str, microsoft: Microsoft, sessions: sessionmaker[Session], world: World
) -> None:
    ids = make_records(sessions, world, NOW)
    token = microsoft.token(APP_ID)
    problems: list[str] = []
    # "Done" last: once a reminder is done, snoozing it is rightly refused.
    ordered = sorted(ACTIONS, key=lambda a: a.name == DONE_ACTION)
    for n, action in enumerate(ordered, 1):
        press = activity(microsoft, "", n)
        press["from"]["aadObjectId"] = SENDCO_AAD
        press["conversation"]["id"] = "a:personal-chat-of-the-sendco"
        press["value"] = {
            PRESS: action.name,
            "value": str(ids[action.needs]) if action.needs else "",
        }
        answered = post(bot_url, press, token)
        if answered.status_code != 200:
            problems.append(f"{action.name}: HTTP {answered.status_code}")
            continue
        card = microsoft.wait_for_posts(n)[n - 1]["body"]["attachments"][0]["content"]
        title = card["body"][0]["text"]
        if action.kind is Kind.FORM:
            executes = [a for a in card.get("actions", []) if a["type"] == "Action.Execute"]
            inputs = [e for e in card["body"] if str(e.get("type", "")).startswith("Input.")]
            if not (executes and inputs):
                problems.append(f"{action.name}: no form card ({title!r})")
        elif "out of date" in title or "went wrong" in title or card["body"][0].get("color"):
            problems.append(f"{action.name}: {title!r}")
    assert problems == [], "\n".join(problems)
    assert len(microsoft.posted) == len(ACTIONS)
