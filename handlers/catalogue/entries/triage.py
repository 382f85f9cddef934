"""Concerns and advice requests: raising and asking (everyone), triage and answers (SENDCO)."""

from __future__ import annotations

from handlers.access import Permission
from handlers.advice import (
    advice_form,
    answer_advice,
    answer_form,
    ask_advice,
    claim_advice,
    close_advice,
    follow_up_advice,
    follow_up_form,
    get_advice,
    list_advice_queue,
)
from handlers.advice.records import load_request
from handlers.catalogue.adapters import without
from handlers.catalogue.model import Action, Kind, phrase
from handlers.clock import school_today
from handlers.concerns import (
    ask_for_more_information,
    assign_concern,
    change_concern_status,
    concern_form,
    concern_status_form,
    get_concern,
    list_concerns,
    log_concern,
    more_info_form,
)
from handlers.concerns.records import load_concern
from handlers.overview import triage_queue
from handlers.safeguarding import report_safeguarding, safeguarding_form
from storage.codes import ConcernStatus

C = r"\bc-?0*(?P<ref>\d+)\b"
A = r"\ba-?0*(?P<ref>\d+)\b"
REST = r"[\s:,.;-]*(?P<{}>.*)$"

ACTIONS = (
    Action(
        "concern.log", "Raise a concern", Kind.FORM, log_concern,
        permission=Permission.RAISE_CONCERN, group="Concerns",
        form=lambda s, a, ids, now: concern_form(session=s, actor=a, today=school_today(now)),
        examples=("worried about Maya in 2C, she isn't following two-step instructions",),
    ),
    Action(
        "concern.mine", "My open concerns", Kind.SHOW,
        without(lambda **kw: list_concerns(open_only=True, **kw), "now"),
        permission=Permission.RAISE_CONCERN, group="Concerns",
        phrases=(phrase(r"^\s*(show |list )?(me )?my open concerns\s*\??$"),),
        examples=("my open concerns",),
    ),
    Action(
        "concern.queue", "Triage queue", Kind.SHOW, triage_queue,
        permission=Permission.TRIAGE_CONCERN, group="Concerns",
        phrases=(phrase(r"\b(triage )?queue\b"), phrase(r"\bwhat needs (me|triag|my attention)"),
                 phrase(r"^\s*(show |list |any )?(me )?(the |my )?open concerns\s*\??$")),
        examples=("what's in my triage queue?",),
    ),
    Action(
        "concern.acknowledge", "Acknowledge", Kind.RUN, change_concern_status,
        permission=Permission.TRIAGE_CONCERN, needs="concern_id", group="Concerns",
        fixed={"data": {"to_status": ConcernStatus.ACKNOWLEDGED.value}},
        phrases=(phrase(r"^\s*(acknowledge|ack|seen)\s+" + C),),
        examples=("acknowledge C-00001",),
    ),
    Action(
        "concern.assign", "Assign to me", Kind.RUN, assign_concern,
        permission=Permission.TRIAGE_CONCERN, needs="concern_id", group="Concerns",
        phrases=(phrase(r"^\s*(assign|take on|i'?ll take)\s+" + C),),
        examples=("assign C-00001 to me",),
    ),
    Action(
        "concern.more_info", "Ask for more information", Kind.FORM, ask_for_more_information,
        permission=Permission.TRIAGE_CONCERN, needs="concern_id", group="Concerns",
        form=lambda s, a, ids, now: more_info_form(
            reference=load_concern(s, ids["concern_id"]).reference
        ),
        phrases=(phrase(r"^\s*ask (for )?more (info(rmation)?|details) (about|on|for)\s+" + C
                        + REST.format("note")),),
        examples=("ask for more information on C-00001: when did this start?",),
    ),
    Action(
        "concern.status", "Next step", Kind.FORM, change_concern_status,
        permission=Permission.TRIAGE_CONCERN, needs="concern_id", group="Concerns",
        form=lambda s, a, ids, now: concern_status_form(
            session=s, actor=a, concern_id=ids["concern_id"]
        ),
        phrases=(
            phrase(r"^\s*close\s+" + C + REST.format("note"), to_status="closed"),
            phrase(r"^\s*monitor\s+" + C + REST.format("note"), to_status="monitoring"),
            phrase(r"^\s*refer\s+" + C + REST.format("note"), to_status="referred"),
            phrase(r"^\s*(move|update|next step (for|on))\s+" + C),
        ),
        examples=("close C-00001: spoke to parents, all fine now",),
    ),
    Action(
        "concern.open", "Open the concern", Kind.SHOW, get_concern,
        needs="concern_id", group="Concerns",
        phrases=(phrase(r"^\s*(show|open|view|see)\s+(me\s+)?" + C + r"\s*[?.!]*$"),),
        examples=("open C-00001",),
    ),
    Action(
        "advice.ask", "Ask the SENDCO", Kind.FORM, ask_advice,
        permission=Permission.ASK_ADVICE, group="Advice",
        form=lambda s, a, ids, now: advice_form(session=s, actor=a),
        examples=("any advice for supporting a pupil with dyslexia in spelling tests?",),
    ),
    Action(
        "advice.queue", "Advice requests", Kind.SHOW, list_advice_queue,
        permission=Permission.ASK_ADVICE, group="Advice",
        phrases=(phrase(r"\badvice (queue|requests)\b"),
                 phrase(r"^\s*(show |list )?(me )?(my |the )?open (advice )?(requests|questions)")),
        examples=("show the advice requests",),
    ),
    Action(
        "advice.claim", "Claim", Kind.RUN, claim_advice,
        permission=Permission.ANSWER_ADVICE, needs="request_id", group="Advice",
        phrases=(phrase(r"^\s*claim\s+" + A),),
        examples=("claim A-00001",),
    ),
    Action(
        "advice.answer", "Answer", Kind.FORM, answer_advice,
        permission=Permission.ANSWER_ADVICE, needs="request_id", group="Advice",
        form=lambda s, a, ids, now: answer_form(
            reference=load_request(s, ids["request_id"]).reference
        ),
        phrases=(phrase(r"^\s*(reply|answer|respond)( to)?\s+" + A + REST.format("body")),),
        examples=("reply to A-00001: try a visual timetable for the mornings",),
    ),
    Action(
        "advice.follow_up", "Follow up", Kind.FORM, follow_up_advice,
        permission=Permission.ASK_ADVICE, needs="request_id", group="Advice",
        form=lambda s, a, ids, now: follow_up_form(
            reference=load_request(s, ids["request_id"]).reference
        ),
        phrases=(phrase(r"^\s*follow[ -]?up( on)?\s+" + A + REST.format("body")),),
        examples=("follow up A-00001: it helped, thank you",),
    ),
    Action(
        "advice.close", "Close", Kind.RUN, close_advice,
        permission=Permission.ASK_ADVICE, needs="request_id", group="Advice",
        phrases=(phrase(r"^\s*close\s+" + A),),
        examples=("close A-00001",),
    ),
    Action(
        "advice.open", "Open the request", Kind.SHOW, get_advice,
        needs="request_id", group="Advice",
        phrases=(phrase(r"^\s*(show|open|view|see)\s+(me\s+)?" + A + r"\s*[?.!]*$"),),
        examples=("open A-00001",),
    ),
    Action(
        "safeguarding.report", "Safeguarding: tell the DSL", Kind.FORM, report_safeguarding,
        group="Safeguarding",
        form=lambda s, a, ids, now: safeguarding_form(session=s, actor=a),
        examples=("Ravi told me his dad hits him with a belt when he is naughty",),
    ),
)  # fmt: skip
