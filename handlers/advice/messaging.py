"""What advice requests say: the triage card (channel: no question text, no pupil names), the
private thread, and the notices to the asker and the SENDCO. Builders only."""

from __future__ import annotations

from datetime import date, datetime

from handlers.advice.records import AdviceView
from handlers.advice.rules import STATUS_LABELS
from handlers.clock import school_time
from handlers.concerns.lookups import pupil_label, year_label
from handlers.vocabulary import Button, Notice, Privacy, Reply
from storage.codes import AdviceStatus
from storage.models import AdviceMessage

TRIAGE_CHANNEL = "triage"


def advice_buttons(view: AdviceView, *, for_sendco: bool) -> tuple[Button, ...]:
    value = str(view.request.id)
    buttons: list[Button] = []
    if for_sendco and view.status == AdviceStatus.OPEN:
        buttons.append(Button("advice.claim", "Claim", value, "primary"))
    if for_sendco and view.status in (AdviceStatus.OPEN, AdviceStatus.CLAIMED):
        buttons.append(Button("advice.answer", "Answer", value))
    if view.status != AdviceStatus.CLOSED:
        buttons.append(Button("advice.follow_up", "Follow up", value))
        buttons.append(Button("advice.close", "Close", value))
    return tuple(buttons)


def triage_card(view: AdviceView) -> Reply:
    request = view.request
    about = year_label(view.pupil.year_group) + " pupil" if view.pupil else "No particular pupil"
    buttons = [b for b in advice_buttons(view, for_sendco=True) if b.action == "advice.claim"]
    return Reply(
        title=f"Advice request {view.reference}: {STATUS_LABELS[view.status]}",
        fields=(
            ("Reference", view.reference),
            ("About", about),
            ("Asked by", view.name(request.asked_by_id)),
            ("Claimed by", view.name(request.claimed_by_id)),
        ),
        lines=("Open the request for the question.",),
        buttons=(*buttons, Button("advice.open", "Open", str(request.id))),
        privacy=Privacy.CHANNEL,
    )


def triage_notice(view: AdviceView, *, key: str, on: date) -> Notice:
    return Notice(
        key=key,
        reply=triage_card(view),
        on=on,
        rule="advice.triage",
        channel=TRIAGE_CHANNEL,
        subject_ref=view.reference,
    )


def thread_lines(view: AdviceView) -> tuple[str, ...]:
    lines = [f"Question: {view.request.question}"]
    lines += [
        f"{school_time(m.sent_at)} · {view.name(m.author_id)}: {m.body}"
        for m in view.request.messages
    ]
    return tuple(lines)


def thread_reply(view: AdviceView, *, title: str, for_sendco: bool) -> Reply:
    """The request and its messages, for the asker or the SENDCO (private)."""
    request = view.request
    return Reply(
        title=title,
        fields=(
            ("Reference", view.reference),
            ("Status", STATUS_LABELS[view.status]),
            ("About", pupil_label(view.pupil) if view.pupil else "No particular pupil"),
            ("Asked by", f"{view.name(request.asked_by_id)}, {school_time(request.asked_at)}"),
            ("Claimed by", view.name(request.claimed_by_id)),
        ),
        lines=thread_lines(view),
        buttons=advice_buttons(view, for_sendco=for_sendco),
    )


def message_notice(
    view: AdviceView, message: AdviceMessage, *, to: int, title: str, rule: str, on: date
) -> Notice:
    """Tell one person privately about a new message in the thread."""
    return Notice(
        key=f"advice:{view.request.id}:message:{message.id}:{to}",
        reply=thread_reply(view, title=title, for_sendco=to != view.request.asked_by_id),
        on=on,
        rule=rule,
        staff_id=to,
        subject_ref=view.reference,
    )


def status_notice(
    view: AdviceView, *, to: int, title: str, rule: str, at: datetime, on: date
) -> Notice:
    """Tell one person privately that the request was claimed or closed (at `at`)."""
    return Notice(
        key=f"advice:{view.request.id}:{view.status.value}:{at.isoformat()}:{to}",
        reply=thread_reply(view, title=title, for_sendco=to != view.request.asked_by_id),
        on=on,
        rule=rule,
        staff_id=to,
        subject_ref=view.reference,
    )
