"""What the bot says in a conversation: help, questions for each slot, the summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers.conversation.intents import Intent
from handlers.vocabulary import Reply

HELP = Reply(
    title="I keep the SEND records from what you tell me. Just write as you would to a colleague:",
    lines=(
        "• a concern: “worried about Orla in 2C, she isn't following two-step instructions”",
        "• a session: “20 mins Plus One with Hamza” or "
        "“did Lego therapy with the group yesterday, 30 mins”",
        "• a question for the SENDCO: “any advice on supporting Noah W with transitions?”",
        "• “what have I logged this week?” · “who is in my Toe by Toe group?” · "
        "“show me Hamza's record”",
        "I ask for anything missing and show you a summary before I save. "
        "Say “cancel” at any point and nothing is saved.",
        "If a child may be at risk of harm, follow the safeguarding procedure and speak to "
        "the DSL now.",
    ),
)

QUESTIONS = {
    "pupils": "Which pupil is this about? A first name and class is enough, e.g. “Amira in 3B”.",
    "details": "What have you noticed? A sentence or two about what you saw or heard.",
    "intervention": "Which intervention was it?",
    "duration_minutes": "How long was the session? e.g. “20 mins” or “half an hour”.",
    "question": "What would you like to ask the SENDCO?",
    "change": "What should I change? e.g. “it was 30 minutes”, “it was yesterday”, "
    "“add Hamza”, or “cancel”.",
}

FLOW_NAMES = {
    Intent.LOG_CONCERN.value: "concern",
    Intent.LOG_SESSION.value: "session",
    Intent.REQUEST_ADVICE.value: "advice request",
}


def friendly_date(day: date, today: date) -> str:
    if day == today:
        return f"today ({day:%a %-d %b})"
    return f"{day:%A %-d %B %Y}"


def pupil_list(state: dict[str, Any]) -> str:
    return ", ".join(state["labels"].get(str(pid), f"pupil {pid}") for pid in state["pupils"])


def choice_lines(labels: list[str]) -> tuple[str, ...]:
    return tuple(f"{i}. {label}" for i, label in enumerate(labels, start=1))


def summary(state: dict[str, Any], today: date) -> Reply:
    flow = state["flow"]
    day = date.fromisoformat(state["date"]) if state.get("date") else today
    fields: list[tuple[str, str]] = []
    if flow == Intent.LOG_CONCERN.value:
        title = "Log this concern?"
        fields = [
            ("Pupil(s)", pupil_list(state)),
            ("What you noticed", state["observed"]),
            (
                "Area of need",
                ", ".join(a.replace("_", " ") for a in state["areas"]) or "not sure yet",
            ),
            ("Urgency", state["urgency"]),
            ("Date", friendly_date(day, today)),
        ]
    elif flow == Intent.LOG_SESSION.value:
        title = "Log this session?"
        who = (
            "the whole group" if state["whole_group"] and not state["pupils"] else pupil_list(state)
        )
        absent = state.get("absent") or {}
        if absent and state["whole_group"]:
            who = "the rest of the group"
        attendance = [("Pupil(s)", who)] if not absent else [("Present", who)]
        attendance += [
            ("Absent", ", ".join(
                f"{state['labels'].get(pid, f'pupil {pid}')}: {why}" for pid, why in absent.items()
            ))
        ] if absent else []  # fmt: skip
        if state.get("only_named"):
            attendance = [("Present", pupil_list(state)), ("Absent", "the rest of the group")]
        fields = [
            ("Intervention", state["intervention_label"]),
            *attendance,
            ("Duration", f"{state['duration']} minutes"),
            ("Date", friendly_date(day, today)),
        ]
    else:
        title = "Send this to the SENDCO?"
        fields = [("Question", state["question"])]
        if state["pupils"]:
            fields.append(("About", pupil_list(state)))
    lines = ["Reply “yes” to save, tell me what to change, or “cancel”."]
    if flow == Intent.LOG_CONCERN.value:
        # The classifier can miss a disclosure put in words it has never seen: say the way out.
        lines.append(
            "If a child may be at risk of harm, say “this is safeguarding”: it goes to the DSL."
        )
    return Reply(title=title, fields=tuple(fields), lines=tuple(lines))
