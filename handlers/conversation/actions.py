"""Which catalogue action a message asks for, and which record it means.

"acknowledge C-00008", "put Orla on SEN support", "her review is booked for 14th Jan", "set up
a new Toe by Toe group": the catalogue's phrases say which action; the message's pupils,
group, reference and date say what it is about. Only actions offered to the person are
matched, so a teacher's "we should put Ravi on SEN support, he can't…" stays a concern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import sees_whole_school
from handlers.catalogue import ACTIONS, Action
from handlers.conversation.dates import parse_date
from handlers.conversation.text import fold
from handlers.conversation.understand import Understanding
from handlers.vocabulary import Actor, Choice
from storage.codes import AssessmentStatus, InterventionStatus, ReviewOutcome, ReviewStatus
from storage.models import AssessmentRequest, Intervention, Review

# Named groups that say what the action is about rather than fill a field.
ABOUT = frozenset({"ref", "who", "programme"})
OPEN_GROUPS = (InterventionStatus.ACTIVE.value, InterventionStatus.PLANNED.value)


@dataclass
class ActionMatch:
    action: Action
    ids: dict[str, int] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)  # fields filled from the message
    pupil_ids: list[int] = field(default_factory=list)
    day: date | None = None
    programme: str = ""


def match_action(actor: Actor, u: Understanding, today: date) -> ActionMatch | None:
    """The first catalogue action, offered to `actor`, whose phrase the message matches."""
    text = " ".join(u.text.split())
    for action in ACTIONS:
        if not action.offered_to(actor):
            continue
        for phrase in action.phrases:
            found = phrase.pattern.search(text)
            if found is None:
                continue
            named = {k: v.strip() for k, v in found.groupdict().items() if v and v.strip()}
            values = {k: v for k, v in named.items() if k not in ABOUT} | dict(phrase.preset)
            result = ActionMatch(
                action, values=values, pupil_ids=[p.id for p in u.pupils],
                day=parse_date(u.text, today),  # only a date the message gave
                programme=named.get("programme") or u.intervention or "",
            )  # fmt: skip
            if "ref" in named and action.needs:
                result.ids[action.needs] = int(named["ref"])
            return result
    return None


REFERENCE = re.compile(r"\b[ca]-?\d+\b", re.IGNORECASE)
NEED_OF_PREFIX = {"C": "concern_id", "A": "request_id"}


def with_reference(actor: Actor, text: str, reference: str) -> str | None:
    """A reply in a record's thread names no record: put the thread's `reference` where one of
    the catalogue's phrases for that kind of record expects it ("close: spoke to mum" →
    "close C-00001: spoke to mum"; "assign to me" → "assign C-00001 to me"). None when no
    phrase fits; the text as it is when it names a record itself."""
    if REFERENCE.search(text):
        return text
    need = NEED_OF_PREFIX.get(reference[:1].upper())
    phrases = [p.pattern for a in ACTIONS if a.needs == need and a.offered_to(actor)
               for p in a.phrases]  # fmt: skip
    words = text.split()
    for k in range(1, min(len(words), 6) + 1):
        head = [*words[: k - 1], words[k - 1].rstrip(":,")]
        colon = words[k - 1][len(head[-1]) :]  # "close:" keeps its colon after the reference
        for joiner in (reference, f"on {reference}"):
            candidate = " ".join([*head, joiner + colon, *words[k:]])
            if any(pattern.search(candidate) for pattern in phrases):
                return candidate
    return None


def resolve_needs(session: Session, actor: Actor, found: ActionMatch) -> list[Choice]:
    """Fill the record id the action needs from what the message said. Returns the records to
    choose from when it could be several (empty when settled or nothing fits)."""
    need = found.action.needs
    if not need or need in found.ids:
        return []
    if need == "intervention_id":
        options = group_choices(session, actor, found.programme)
        if len(options) == 1:
            found.ids[need] = int(options[0].value)
            return []
        return options
    if len(found.pupil_ids) != 1:
        return []
    pupil_id = found.pupil_ids[0]
    if need == "pupil_id":
        found.ids[need] = pupil_id
    elif need == "review_id":
        review = pupil_review(
            session, actor, pupil_id, amending=found.action.name.endswith("amendment")
        )
        if review is not None:
            found.ids[need] = review
    elif need == "assessment_id":
        request = session.scalar(
            select(AssessmentRequest.id)
            .where(AssessmentRequest.pupil_id == pupil_id,
                   AssessmentRequest.school_id == actor.school_id,
                   AssessmentRequest.status != AssessmentStatus.WITHDRAWN.value)
            .order_by(AssessmentRequest.requested_on.desc(), AssessmentRequest.id.desc())
        )  # fmt: skip
        if request is not None:
            found.ids[need] = request
    return []


def group_choices(session: Session, actor: Actor, programme: str) -> list[Choice]:
    """The running groups the person may manage or lead; those whose name or programme match
    `programme` when any do."""
    query = select(Intervention).where(
        Intervention.school_id == actor.school_id, Intervention.status.in_(OPEN_GROUPS)
    )
    if not sees_whole_school(actor):
        query = query.where(Intervention.lead_id == actor.staff_id)
    groups = list(session.scalars(query.order_by(Intervention.name)))
    wanted = fold(programme)
    named = [g for g in groups if wanted and (wanted in fold(g.name) or wanted in fold(g.programme)
                                               or fold(g.programme) in wanted)]  # fmt: skip
    return [Choice(str(g.id), g.name) for g in (named or groups)]


def pupil_review(session: Session, actor: Actor, pupil_id: int, *, amending: bool) -> int | None:
    """The pupil's next scheduled review (or, for an amendment, the latest review that decided
    to amend the plan)."""
    query = select(Review.id).where(
        Review.pupil_id == pupil_id, Review.school_id == actor.school_id
    )
    if amending:
        query = query.where(
            Review.status == ReviewStatus.HELD.value, Review.outcome == ReviewOutcome.AMEND.value
        ).order_by(Review.held_on.desc())
    else:
        query = query.where(Review.status == ReviewStatus.SCHEDULED.value).order_by(Review.due_on)
    return session.scalar(query.limit(1))


def action_in(session: Session, actor: Actor, text: str, today: date) -> ActionMatch | None:
    """The action a command's text asks for (`/sen set up a new Toe by Toe group`), with the
    record it is about when the text says; None when it asks for none."""
    from handlers.conversation.roster import load_roster
    from handlers.conversation.understand import understand

    u = understand(text, roster=load_roster(session, school_id=actor.school_id), today=today)
    found = match_action(actor, u, today)
    if found is not None:
        resolve_needs(session, actor, found)
    return found
