"""Intervention groups and their sessions."""

from __future__ import annotations

from handlers.access import Permission
from handlers.catalogue.adapters import without
from handlers.catalogue.model import Action, Kind, phrase
from handlers.interventions import (
    add_members,
    create_intervention,
    get_intervention,
    intervention_form,
    intervention_impact,
    list_my_groups,
    members_form,
    record_scores,
    remove_member,
    remove_member_form,
    scores_form,
)
from handlers.interventions.forms import end_form
from handlers.interventions.setup import end_intervention
from handlers.sessions import log_session, session_form

GROUP = r"(the |my |our )?(?P<programme>[\w'&+ -]+?)( intervention)?( group)?"
END = r"\s*[.!?]*$"

ACTIONS = (
    Action(
        "session.log", "Log a session", Kind.FORM, without(log_session, "intervention_id"),
        permission=Permission.LOG_SESSION, needs="intervention_id", group="Groups",
        form=lambda s, a, ids, now: session_form(
            session=s, actor=a, now=now, intervention_id=ids.get("intervention_id")
        ),
        blank=True, surface_arg="source",
        examples=("20 mins Plus One with Ravi",),
    ),
    Action(
        "intervention.mine", "My groups", Kind.SHOW, without(list_my_groups, "now"),
        permission=Permission.LOG_SESSION, group="Groups",
        phrases=(phrase(r"^\s*(show |list )?(me )?(my|all|the)( intervention)? groups\s*\??$"),),
        examples=("my groups",),
    ),
    Action(
        "intervention.create", "Set up a group", Kind.FORM, create_intervention,
        permission=Permission.MANAGE_INTERVENTIONS, group="Groups",
        form=lambda s, a, ids, now: intervention_form(session=s, actor=a),
        phrases=(
            phrase(r"^\s*(please |can you |could you |i want to |i'?d like to )?(set ?up|create|start|run) (a |an )?(new )?(?P<programme>[\w'&+ -]+?) ?(intervention|group|intervention group)" + END),
            phrase(r"^\s*(please |can you |could you |i want to |i'?d like to )?(add|make|open) (a |an )?new (?P<programme>[\w'&+ -]+?) ?(intervention|group|intervention group)" + END),
            phrase(r"^\s*new (intervention )?group" + END),
        ),
        examples=("set up a new Toe by Toe group",),
    ),
    Action(
        "intervention.add_members", "Add pupils", Kind.FORM, without(add_members, "intervention_id"),
        permission=Permission.MANAGE_INTERVENTIONS, needs="intervention_id", group="Groups",
        form=lambda s, a, ids, now: members_form(
            session=s, actor=a, intervention_id=ids["intervention_id"], now=now
        ),
        phrases=(phrase(r"^\s*(please )?(add|put) (?P<who>.+?) (in|into|to|on) " + GROUP + END),),
        examples=("add Ravi to the Plus One group",),
    ),
    Action(
        "intervention.remove_member", "A pupil leaves", Kind.FORM, without(remove_member, "intervention_id"),
        permission=Permission.MANAGE_INTERVENTIONS, needs="intervention_id", group="Groups",
        form=lambda s, a, ids, now: remove_member_form(
            session=s, actor=a, intervention_id=ids["intervention_id"]
        ),
        phrases=(phrase(r"^\s*(please )?(remove|take) (?P<who>.+?) (out of|off|from) " + GROUP
                        + END),
                 phrase(r"^\s*(?P<who>.+?) (has )?(left|is leaving|leaves) " + GROUP + END)),
        examples=("take Ravi out of the Plus One group",),
    ),
    Action(
        "intervention.record_scores", "Record scores", Kind.FORM, without(record_scores, "intervention_id"),
        permission=Permission.LOG_SESSION, needs="intervention_id", group="Groups",
        form=lambda s, a, ids, now: scores_form(
            session=s, actor=a, intervention_id=ids["intervention_id"]
        ),
        phrases=(phrase(r"\b(?P<stage>entry|exit) scores? (for|in) " + GROUP + END),
                 phrase(r"^\s*(record|enter|add) (the )?scores? (for|in) " + GROUP + END),
                 phrase(r"\b(record|enter|add) (an? |the )?(?P<stage>entry|exit) score\b")),
        examples=("entry scores for the Plus One group",),
    ),
    Action(
        "intervention.end", "End the group", Kind.FORM, end_intervention,
        permission=Permission.MANAGE_INTERVENTIONS, needs="intervention_id", group="Groups",
        form=lambda s, a, ids, now: end_form(
            session=s, actor=a, intervention_id=ids["intervention_id"]
        ),
        phrases=(phrase(r"^\s*(please )?(end|stop|finish|close) " + GROUP + END),
                 phrase(r"^\s*" + GROUP + r" (has )?(finished|ended|stopped)" + END)),
        examples=("end the Plus One group",),
    ),
    Action(
        "intervention.open", "Open the group", Kind.SHOW, without(get_intervention, "now"),
        permission=Permission.LOG_SESSION, needs="intervention_id", group="Groups",
        phrases=(phrase(r"^\s*(show|open|see|view) (me )?" + GROUP + r" group" + END),),
        examples=("show me the Plus One group",),
    ),
    Action(
        "intervention.impact", "Impact", Kind.SHOW, without(intervention_impact, "now"),
        permission=Permission.READ_REGISTER, needs="intervention_id", group="Groups",
        configured=lambda s: {"impact_min_sessions": s.impact_min_sessions},
        phrases=(phrase(r"\b(impact|progress|results?) (of|for|from|in) " + GROUP + END),
                 phrase(r"\bhow (is|was|has) " + GROUP + r" (doing|done|going|gone)" + END)),
        examples=("what's the impact of the Plus One group?",),
    ),
)  # fmt: skip
