"""Answers to the SENDCO's and the head's questions about the whole school: the triage queue,
the reviews due or overdue, the numbers on the register, and a pupil's chronology in full.

Each is a handler (session, actor, now) returning a `Reply`, so every surface shows the same
answer, and each read is audited by the handlers it calls or here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from handlers import access, audit
from handlers.advice import list_advice_queue
from handlers.clock import school_today
from handlers.concerns import list_concerns
from handlers.plans.common import plan_label
from handlers.pupils.chronology import pupil_chronology
from handlers.pupils.labels import PROVISION_LABELS, year_label
from handlers.register import register_rows
from handlers.reminders.facts import load_facts
from handlers.reminders.model import PlanFacts
from handlers.reminders.rules.common import plan_reviews_due
from handlers.statutory import DEFAULT_PERIODS, StatutoryPeriods
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.codes import NEED_TYPE_NAMES, AuditAction, NeedType, SenProvision

THIS_WEEK = timedelta(days=7)
LISTED = 25


def triage_queue(*, session: Session, actor: Actor, now: datetime) -> Outcome:
    """Open concerns and the advice queue, with their buttons."""
    access.require(actor, access.Permission.TRIAGE_CONCERN)
    concerns = list_concerns(session=session, actor=actor, open_only=True).reply
    advice = list_advice_queue(session=session, actor=actor, now=now).reply
    return Outcome(
        reply=Reply(
            title="Your triage queue",
            lines=(concerns.title, *concerns.lines, advice.title, *advice.lines),
            buttons=(*concerns.buttons, *advice.buttons),
        )
    )


def reviews_due(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    periods: StatutoryPeriods = DEFAULT_PERIODS,
) -> Outcome:
    """Reviews overdue and due within the next seven days: each active plan's next review,
    dated by the same rules as the reminders and `status`."""
    access.require(actor, access.Permission.READ_REGISTER)
    today = school_today(now)
    dated = plan_reviews_due(load_facts(session, school_id=actor.school_id), periods)
    overdue = [(plan, due) for plan, due in dated if due < today]
    soon = [(plan, due) for plan, due in dated if today <= due <= today + THIS_WEEK]
    audit.record(
        session, action=AuditAction.READ, entity="register", school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"view": "reviews_due", "pupil_ids": [p.pupil.id for p, _ in overdue + soon]},
    )  # fmt: skip

    lines = [f"Overdue: {len(overdue)}", *(_review_line(p, due) for p, due in overdue[:LISTED])]
    lines += [
        f"Due in the next 7 days: {len(soon)}",
        *(_review_line(p, due) for p, due in soon[:LISTED]),
    ]
    buttons = tuple(
        Button("pupil.open", plan.pupil.name, str(plan.pupil.id))
        for plan, _ in (overdue + soon)[:5]
    )
    title = f"Reviews: {len(overdue)} overdue, {len(soon)} due in the next 7 days"
    return Outcome(reply=Reply(title=title, lines=tuple(lines), buttons=buttons))


def _review_line(plan: PlanFacts, due: date) -> str:
    pupil = plan.pupil
    where = f"{pupil.class_name}, " if pupil.class_name else ""
    return f"• {pupil.name} ({where}{plan_label(plan.kind)}): due {due:%a %-d %b %Y}"


def register_counts(*, session: Session, actor: Actor, now: datetime) -> Outcome:
    """How many pupils are on SEN support and have EHC plans, by need type and year group:
    figures only, no names (the head's question)."""
    access.require(actor, access.Permission.READ_REGISTER)
    rows = register_rows(session, school_id=actor.school_id)
    audit.record(
        session, action=AuditAction.READ, entity="register", school_id=actor.school_id,
        actor_id=actor.staff_id, detail={"view": "counts", "rows": len(rows)},
    )  # fmt: skip
    by_status = Counter(r.sen_status for r in rows)
    support, ehcp = by_status[SenProvision.SUPPORT.value], by_status[SenProvision.EHCP.value]
    needs = Counter(r.primary_need or "none recorded" for r in rows)
    years = Counter(r.year_group for r in rows)
    need_lines = [
        f"• {_need(code)}: {n}"
        for code, n in sorted(needs.items(), key=lambda item: (-item[1], item[0]))
    ]
    year_lines = [f"• Year {year_label(y)}: {years[y]}" for y in sorted(years)]
    return Outcome(
        reply=Reply(
            title=f"{support} pupil{'s' if support != 1 else ''} on SEN support and {ehcp} "
            "with an EHC plan "
            f"({support + ehcp} on the SEN register)",
            fields=(
                (PROVISION_LABELS[SenProvision.SUPPORT], str(support)),
                (PROVISION_LABELS[SenProvision.EHCP], str(ehcp)),
            ),
            lines=("By primary need:", *need_lines, "By year group:", *year_lines),
        )
    )


def _need(code: str) -> str:
    known = {n.value: n for n in NeedType}
    return f"{code} {NEED_TYPE_NAMES[known[code]]}" if code in known else code


def chronology(*, session: Session, actor: Actor, pupil_id: int, now: datetime) -> Outcome:
    """A pupil's whole chronology as this actor may see it, oldest first."""
    entries = pupil_chronology(session=session, actor=actor, pupil_id=pupil_id, now=now)
    lines = tuple(f"{e.on:%-d %b %Y} · {e.summary} ({e.reference})" for e in entries)
    return Outcome(
        reply=Reply(
            title=f"Chronology: {len(entries)} entries",
            lines=lines or ("Nothing recorded yet.",),
            buttons=(Button("pupil.open", "Back to the record", str(pupil_id)),),
        ),
        record_id=pupil_id,
    )
