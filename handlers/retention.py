"""How long a leaver's SEN record is kept, and removing it when that time is over.

Schools commonly keep the SEN file until the pupil's date of birth + 31 years (IRMS schools
toolkit; ../shared/domain.md). The period is a setting, 31 by default. Only leavers'
records expire: a pupil still on roll is never purged, whatever their age. The purge runs
as a daily scheduled job and from `sendco-bot retention purge`; `--dry-run` lists what would
go. Each purge writes one audit event saying what it removed, by reference and count only
(the audit trail must not keep what the purge removed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from handlers import access, audit
from handlers.clock import school_today
from handlers.vocabulary import Actor, Button, Outcome, Reply
from storage.closed_records import allow_closed_changes
from storage.codes import AuditAction
from storage.models import (
    AdviceRequest,
    AssessmentRequest,
    Concern,
    ConcernPupil,
    InterventionMember,
    OutboxNotice,
    Plan,
    Pupil,
    PupilNeed,
    RegisterChange,
    Review,
    School,
    SessionAttendance,
)

DEFAULT_RETENTION_YEARS = 31
PURGE_ACTION = "retention.purge"  # the catalogue's button: remove what the preview listed
# pg_advisory_xact_lock key meaning "the retention purge": with several schedulers running,
# one purge at a time, and the second finds nothing left to remove.
PURGE_LOCK_KEY = 0x5E4DC0B08

# What is removed with a pupil, in an order the foreign keys allow. Rows that cascade from
# these (plan targets, review milestones, advice messages, key adults) go with them.
PUPIL_TABLES = (
    ("session attendance", SessionAttendance),
    ("intervention places", InterventionMember),
    ("reviews", Review),
    ("plans", Plan),
    ("needs assessments", AssessmentRequest),
    ("advice requests", AdviceRequest),
    ("register history", RegisterChange),
    ("need types", PupilNeed),
)


def retained_until(date_of_birth: date, years: int = DEFAULT_RETENTION_YEARS) -> date:
    """The last day a leaver's record is kept: their birthday `years` on (29 February -> 28)."""
    year = date_of_birth.year + years
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def has_expired(*, date_of_birth: date, left_on: date | None, today: date, years: int) -> bool:
    """Pure: a record expires the day after its retention date, and only once the pupil left."""
    return left_on is not None and today > retained_until(date_of_birth, years)


@dataclass(frozen=True)
class Expired:
    pupil_id: int
    reference: str  # pupil:12: the audit trail's name for a removed record (entity:id)
    upn: str
    name: str
    left_on: date
    retained_until: date


@dataclass
class PurgeReport:
    expired: list[Expired] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)  # table -> rows (dry run: would be)
    dry_run: bool = False


def expired_records(session: Session, *, school_id: int, today: date, years: int) -> list[Expired]:
    """Leavers whose retention period ended before `today`."""
    leavers = session.execute(
        select(Pupil.id, Pupil.upn, Pupil.first_name, Pupil.last_name, Pupil.date_of_birth,
               Pupil.left_on)
        .where(Pupil.school_id == school_id, Pupil.left_on.is_not(None))
        .order_by(Pupil.left_on, Pupil.id)
    ).all()  # fmt: skip
    return [
        Expired(
            pupil_id=row.id,
            reference=f"pupil:{row.id}",
            upn=row.upn,
            name=f"{row.first_name} {row.last_name}",
            left_on=row.left_on,
            retained_until=retained_until(row.date_of_birth, years),
        )
        for row in leavers
        if has_expired(
            date_of_birth=row.date_of_birth, left_on=row.left_on, today=today, years=years
        )
    ]


def purge_expired(
    session: Session,
    *,
    school_id: int,
    today: date,
    years: int = DEFAULT_RETENTION_YEARS,
    dry_run: bool = False,
    actor_id: int | None = None,
    via: str = "scheduled job",
) -> PurgeReport:
    """Remove every expired leaver's record of one school (or, dry run, count what would go).

    No access check: the scheduled job and the command line call this directly; the chat
    action checks the actor first (`purge_records`)."""
    if not dry_run and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PURGE_LOCK_KEY})
    report = PurgeReport(expired=expired_records(
        session, school_id=school_id, today=today, years=years), dry_run=dry_run)  # fmt: skip
    ids = [item.pupil_id for item in report.expired]
    if ids:
        report.removed = _remove(session, ids, [i.upn for i in report.expired], dry_run=dry_run)
    if ids or not dry_run:
        audit.record(
            session,
            action=AuditAction.READ if dry_run else AuditAction.DELETE,
            entity="retention purge",
            school_id=school_id,
            actor_id=actor_id,
            detail={
                "dry_run": dry_run,
                "via": via,
                "retention_years": years,
                "on": today.isoformat(),
                "pupils": [item.reference for item in report.expired],
                "removed": report.removed,
            },
        )
    return report


def purge_schools(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    years: int = DEFAULT_RETENTION_YEARS,
    dry_run: bool = False,
    via: str = "scheduled job",
    school: str | None = None,
) -> list[tuple[str, PurgeReport]]:
    """`purge_expired` for every school (or the one named), one transaction per school, each
    on its own calendar date."""
    with sessions() as session:
        query = select(School.id, School.name, School.timezone).order_by(School.id)
        if school is not None:
            query = query.where(School.name == school)
        schools = session.execute(query).all()
    results = []
    for school_id, name, timezone in schools:
        with sessions() as session, session.begin():
            report = purge_expired(
                session, school_id=school_id, today=school_today(now, timezone), years=years,
                dry_run=dry_run, via=via,
            )  # fmt: skip
        results.append((name, report))
    return results


def _remove(session: Session, ids: list[int], upns: list[str], *, dry_run: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    with allow_closed_changes(session):
        session.flush()
        concern_ids = list(
            session.scalars(select(ConcernPupil.concern_id).where(ConcernPupil.pupil_id.in_(ids)))
        )
        only_theirs = _concerns_only_about(session, concern_ids, ids)
        counts["concerns"] = len(only_theirs)
        for name, model in PUPIL_TABLES:
            column = model.pupil_id
            counts[name] = _count(session, model, column.in_(ids))
            if not dry_run:
                session.execute(delete(model).where(column.in_(ids)))
        counts["concern links"] = _count(session, ConcernPupil, ConcernPupil.pupil_id.in_(ids))
        counts["reminders"] = _count(session, OutboxNotice, OutboxNotice.subject.in_(upns))
        counts["pupils"] = len(ids)
        if not dry_run:
            session.execute(delete(ConcernPupil).where(ConcernPupil.pupil_id.in_(ids)))
            session.execute(delete(Concern).where(Concern.id.in_(only_theirs)))
            session.execute(delete(OutboxNotice).where(OutboxNotice.subject.in_(upns)))
            for pupil in session.scalars(select(Pupil).where(Pupil.id.in_(ids))):
                session.delete(pupil)  # through the ORM: the roster version moves on
            session.flush()
    return {name: count for name, count in counts.items() if count}


def _concerns_only_about(session: Session, concern_ids: Iterable[int], ids: list[int]) -> list[int]:
    """Concerns that name no pupil but these: they go; a concern shared with a pupil still
    kept loses only the link."""
    wanted = set(concern_ids)
    if not wanted:
        return []
    shared = set(
        session.scalars(
            select(ConcernPupil.concern_id).where(
                ConcernPupil.concern_id.in_(wanted), ConcernPupil.pupil_id.not_in(ids)
            )
        )
    )
    return sorted(wanted - shared)


def _count(session: Session, model: type, condition: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(condition)) or 0)


def purge_records(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    retention_years: int = DEFAULT_RETENTION_YEARS,
    dry_run: bool = True,
) -> Outcome:
    """The chat action: which leavers' records have passed their retention date (and, when
    `dry_run` is False, remove them). SENDCO or head."""
    access.require(actor, access.Permission.RETENTION)
    report = purge_expired(
        session, school_id=actor.school_id, today=school_today(now), years=retention_years,
        dry_run=dry_run, actor_id=actor.staff_id, via="chat",
    )  # fmt: skip
    reply = describe(report, retention_years)
    if dry_run and report.expired:
        button = Button(PURGE_ACTION, "Remove them now", style="danger")
        reply = Reply(title=reply.title, lines=reply.lines, buttons=(button,))
    return Outcome(reply=reply)


def describe(report: PurgeReport, years: int) -> Reply:
    if not report.expired:
        return Reply(
            title="No leaver's record has passed its retention date",
            lines=(f"Records are kept until the pupil's date of birth + {years} years.",),
        )
    verb = "would be removed" if report.dry_run else "removed"
    title = f"{len(report.expired)} leaver record(s) {verb}"
    lines = [
        f"{item.upn} {item.name}: left {item.left_on:%-d %b %Y}, kept until "
        f"{item.retained_until:%-d %b %Y}"
        for item in report.expired
    ]
    lines += [f"{name}: {count}" for name, count in report.removed.items()]
    return Reply(title=title, lines=tuple(lines))
