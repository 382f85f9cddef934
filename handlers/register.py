"""The SEN register: a pupil's census SEN provision (N/K/E) and ranked need types.

`set_sen_provision` changes one pupil under the census rules (handlers.pupils.census) and keeps
the change history (RegisterChange); `sen_register` lists the register, and `register_rows`
gives the same rows to the export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access, audit
from handlers import vocabulary as v
from handlers.clock import school_today
from handlers.errors import Conflict, InvalidInput
from handlers.plans.schedule import ReviewDates, review_dates
from handlers.pupils.census import ProvisionInput, census_problems
from handlers.pupils.labels import needs_text, provision_label, year_label
from handlers.pupils.lookup import class_teacher_ids, visible_pupil
from handlers.validation import parse
from handlers.vocabulary import Actor, Button, Choice, FieldKind, Form, Notice, Outcome, Reply
from storage.codes import NEED_TYPE_NAMES, AuditAction, NeedType, SenProvision
from storage.models import Pupil, PupilNeed, RegisterChange


def provision_form(*, session: Session, actor: Actor, pupil_id: int) -> Form:
    """The register form for one pupil, filled with what is recorded now."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    pupil = visible_pupil(session, actor, pupil_id)
    codes = [n.need_code for n in pupil.needs]
    need_choices = tuple(Choice(n.value, f"{n.value} {NEED_TYPE_NAMES[n]}") for n in NeedType)
    return Form(
        action="register.set_provision",
        title=f"SEN register: {pupil.known_as}",
        fields=(
            v.Field(
                "sen_status",
                "SEN provision",
                FieldKind.CHOICE,
                choices=tuple(Choice(s.value, provision_label(s.value)) for s in SenProvision),
                initial=pupil.sen_status,
                help="The census code: N no SEN, K SEN support, E EHC plan.",
            ),
            v.Field(
                "primary_need",
                "Primary need",
                FieldKind.CHOICE,
                required=False,
                choices=need_choices,
                initial=codes[0] if codes else None,
                help="Required for K and E. NSA: SEN support with no specialist assessment yet.",
            ),
            v.Field(
                "secondary_need",
                "Secondary need",
                FieldKind.CHOICE,
                required=False,
                choices=need_choices,
                initial=codes[1] if len(codes) > 1 else None,
                help="Optional; different from the primary need.",
            ),
            v.Field("reason", "Reason", FieldKind.LONG_TEXT, help="Why: the evidence or meeting."),
        ),
    )


def set_sen_provision(
    *,
    session: Session,
    actor: Actor,
    pupil_id: int,
    data: ProvisionInput | Mapping[str, Any],
    now: datetime,
) -> Outcome:
    """Put a pupil on, off or across the SEN register, with their ranked need types."""
    access.require(actor, access.Permission.MANAGE_PLANS)
    pupil = visible_pupil(session, actor, pupil_id)
    form = parse(ProvisionInput, data)
    problems = census_problems(form.sen_status, form.primary_need, form.secondary_need)
    if problems:
        raise InvalidInput(problems)
    needs = [n.value for n in (form.primary_need, form.secondary_need) if n is not None]
    old_status = pupil.sen_status
    change = apply_provision(
        session,
        actor=actor,
        pupil=pupil,
        status=form.sen_status,
        needs=needs,
        reason=form.reason,
        now=now,
    )
    if change is None:
        raise Conflict(
            f"{pupil.known_as} is already recorded as {form.sen_status.value} "
            f"with {'; '.join(needs) or 'no need types'}: nothing changed."
        )
    today = school_today(now)
    reply = Reply(
        title=f"SEN register updated: {pupil.known_as} is now {provision_label(pupil.sen_status)}",
        fields=(
            ("Was", provision_label(old_status)),
            ("Now", provision_label(pupil.sen_status)),
            ("Needs", needs_text(needs)),
            ("Reason", form.reason),
        ),
        buttons=(Button(action="pupil.open", label="Open record", value=str(pupil.id)),),
    )
    return Outcome(
        reply=reply,
        notices=register_notices(session, actor=actor, pupil=pupil, change=change, today=today),
        record_id=change.id,
    )


def apply_provision(
    session: Session,
    *,
    actor: Actor,
    pupil: Pupil,
    status: SenProvision,
    needs: list[str],
    reason: str,
    now: datetime,
) -> RegisterChange | None:
    """Set provision and needs (already checked by `census_problems`), record the change and
    audit it. None when nothing would change. Callers have done the access checks."""
    current = [n.need_code for n in sorted(pupil.needs, key=lambda n: n.rank)]
    if pupil.sen_status == status.value and current == needs:
        return None
    old_status = pupil.sen_status
    if current != needs:
        pupil.needs.clear()
        session.flush()  # delete before insert: (pupil, rank) and (pupil, need) are unique
        pupil.needs.extend(PupilNeed(need_code=code, rank=r) for r, code in enumerate(needs, 1))
    pupil.sen_status = status.value
    change = RegisterChange(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        changed_by_id=actor.staff_id,
        changed_at=now,
        from_status=old_status,
        to_status=status.value,
        needs=";".join(needs),
        reason=reason,
    )
    session.add(change)
    session.flush()
    audit.record(
        session,
        action=AuditAction.UPDATE,
        entity="pupil",
        entity_id=pupil.id,
        school_id=pupil.school_id,
        actor_id=actor.staff_id,
        detail={"register_change": change.id, "from": old_status, "to": status.value},
    )
    return change


def register_notices(
    session: Session, *, actor: Actor, pupil: Pupil, change: RegisterChange, today: date
) -> list[Notice]:
    """Tell the pupil's class teachers (privately) that the pupil's place on the register moved."""
    reply = Reply(
        title=f"{pupil.known_as} ({pupil.class_name}) is now {provision_label(change.to_status)}",
        fields=(("Needs", needs_text(change.needs.split(";") if change.needs else [])),),
        buttons=(Button(action="pupil.open", label="Open record", value=str(pupil.id)),),
    )
    return [
        Notice(
            key=f"register:{change.id}:staff:{staff_id}",
            reply=reply,
            on=today,
            rule="register.change",
            staff_id=staff_id,
            subject_ref=pupil.upn,
        )
        for staff_id in class_teacher_ids(session, pupil)
        if staff_id != actor.staff_id
    ]


@dataclass(frozen=True)
class RegisterRow:
    """One pupil on the SEN register, with census codes and review dates."""

    pupil_id: int
    upn: str
    first_name: str
    last_name: str
    year_group: int
    class_name: str
    sen_status: str
    primary_need: str | None
    secondary_need: str | None
    ehcp_issued_on: date | None
    last_review_on: date | None
    next_review_due: date | None


def register_rows(session: Session, *, school_id: int) -> list[RegisterRow]:
    """Pupils on roll with SEN support (K) or an EHC plan (E), by year, class and name."""
    pupils = list(
        session.scalars(
            select(Pupil)
            .where(
                Pupil.school_id == school_id,
                Pupil.on_roll.is_(True),
                Pupil.sen_status.in_([SenProvision.SUPPORT.value, SenProvision.EHCP.value]),
            )
            .options(selectinload(Pupil.needs))
            .order_by(Pupil.year_group, Pupil.class_name, Pupil.last_name, Pupil.first_name)
        )
    )
    dates = review_dates(session, [p.id for p in pupils])
    return [_row(pupil, dates.get(pupil.id, ReviewDates())) for pupil in pupils]


def _row(pupil: Pupil, dates: ReviewDates) -> RegisterRow:
    codes = {n.rank: n.need_code for n in pupil.needs}
    return RegisterRow(
        pupil_id=pupil.id,
        upn=pupil.upn,
        first_name=pupil.first_name,
        last_name=pupil.last_name,
        year_group=pupil.year_group,
        class_name=pupil.class_name,
        sen_status=pupil.sen_status,
        primary_need=codes.get(1),
        secondary_need=codes.get(2),
        ehcp_issued_on=dates.ehcp_issued_on,
        last_review_on=dates.last_review_on,
        next_review_due=dates.next_review_due,
    )


@dataclass
class RegisterOutcome(Outcome):
    rows: list[RegisterRow] | None = None


def sen_register(*, session: Session, actor: Actor) -> RegisterOutcome:
    """The school's SEN register for the SENDCO or head; the read is audited."""
    access.require(actor, access.Permission.READ_REGISTER)
    rows = register_rows(session, school_id=actor.school_id)
    audit.record(
        session,
        action=AuditAction.READ,
        entity="register",
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={"rows": len(rows)},
    )
    ehcps = sum(1 for r in rows if r.sen_status == SenProvision.EHCP.value)
    lines = tuple(
        f"{r.upn}  {r.first_name} {r.last_name}  Y{year_label(r.year_group)} {r.class_name}  "
        f"{r.sen_status} {r.primary_need or ''}{'/' + r.secondary_need if r.secondary_need else ''}"
        for r in rows
    )
    reply = Reply(
        title=f"SEN register: {len(rows)} pupils ({len(rows) - ehcps} K, {ehcps} E)",
        lines=lines,
    )
    return RegisterOutcome(reply=reply, rows=rows)
