"""`import pupils`: upsert the school's pupils from a checked CSV, all rows or none.

Every row is checked before anything is written. With problems and no `skip_invalid`, the
handler writes nothing and returns them; with `skip_invalid`, it writes the good rows only.
The caller owns the transaction: it commits, or rolls back if anything raises part-way.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import audit
from handlers.imports.csv_source import CsvSource, check_columns
from handlers.imports.pupil_rows import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    PupilRow,
    check_pupil_rows,
)
from handlers.imports.result import ImportResult, ImportWarning, Outcome, ProgressCallback
from storage.codes import AuditAction, PlanKind, PlanStatus, SenProvision
from storage.models import Plan, Pupil, PupilNeed, RegisterChange, School

PlanIndex = dict[tuple[int, str], Plan]  # (pupil id, plan kind) → the active plan


def import_pupils(
    session: Session,
    *,
    school: School,
    source: CsvSource,
    skip_invalid: bool = False,
    today: date | None = None,
    actor_id: int | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Check every row of `source`, then create or update the pupils of `school` (by UPN).

    Raises ImportFileError (before any write) when required columns are missing.
    """
    result = ImportResult(kind="pupils", file_name=source.name, rows=len(source.rows))
    result.warnings.extend(
        check_columns(source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    )
    check = check_pupil_rows(source, today=today or date.today(), progress=progress)
    result.errors.extend(check.errors)
    result.warnings.extend(check.warnings)

    existing = {
        pupil.upn: pupil
        for pupil in session.scalars(
            select(Pupil).where(Pupil.school_id == school.id).options(selectinload(Pupil.needs))
        )
    }
    plans = _active_plans(session, school)
    rows = list(check.valid)
    result.errors.sort(key=lambda error: error.line)
    if result.errors and not skip_invalid:
        return result

    reason = f"import {source.name}"
    on = today or date.today()
    for done, (line, row) in enumerate(rows, 1):
        known = existing.get(row.upn)
        if known is not None and known.left_on is not None:
            # A leaver's record is closed: the MIS may still list them for a while.
            result.tally("unchanged")
            result.warnings.append(ImportWarning(
                line, "upn", f"{row.upn} left on {known.left_on.isoformat()}: their record is "
                "closed (read-only), so this row was not applied."))  # fmt: skip
            if progress:
                progress("saving", done, len(rows))
            continue
        outcome, pupil = _save(
            session,
            school=school,
            row=row,
            pupil=existing.get(row.upn),
            plans=plans,
            reason=reason,
            actor_id=actor_id,
            today=on,
        )
        result.tally(outcome)
        missing = _dates_missing(row, pupil, plans)
        if missing is not None:
            result.warnings.append(ImportWarning(line, missing[0], missing[1]))
        if progress:
            progress("saving", done, len(rows))
    audit.record(
        session,
        action=AuditAction.IMPORT,
        entity="pupils",
        school_id=school.id,
        actor_id=actor_id,
        detail=result.audit_detail(),
    )
    session.flush()
    result.written = True
    return result


def _active_plans(session: Session, school: School) -> PlanIndex:
    plans: PlanIndex = {}
    for plan in session.scalars(
        select(Plan)
        .where(
            Plan.school_id == school.id,
            Plan.status == PlanStatus.ACTIVE.value,
            Plan.kind.in_([PlanKind.EHCP.value, PlanKind.SEN_SUPPORT.value]),
        )
        .order_by(Plan.id)
    ):
        plans[(plan.pupil_id, plan.kind)] = plan  # the newest active plan of each kind wins
    return plans


PLAN_OF_STATUS = {SenProvision.EHCP: PlanKind.EHCP, SenProvision.SUPPORT: PlanKind.SEN_SUPPORT}


def _dates_missing(row: PupilRow, pupil: Pupil, plans: PlanIndex) -> tuple[str, str] | None:
    """(column, warning) when the pupil's plan has no date to schedule its review from."""
    kind = PLAN_OF_STATUS.get(row.sen_status)
    plan = plans.get((pupil.id, kind.value)) if kind else None
    if plan is None or not plan.date_unknown or plan.last_reviewed_on is not None:
        return None
    if kind is PlanKind.EHCP:
        return (
            "ehcp_issued_on",
            "is empty for a pupil with an EHC plan (E): the plan is recorded with its issue "
            "date unknown, so no annual review date can be worked out yet. Enter the issue "
            "date (or the last review date): the SENDCO is reminded until it is.",
        )
    return (
        "last_review_on",
        "is empty for a pupil on SEN support (K): the SEN support plan is recorded with no "
        "review date. Enter the last review date: the SENDCO is reminded until it is.",
    )


def _save(
    session: Session,
    *,
    school: School,
    row: PupilRow,
    pupil: Pupil | None,
    plans: PlanIndex,
    reason: str,
    actor_id: int | None,
    today: date,
) -> tuple[Outcome, Pupil]:
    """Write one row; returns "created", "updated" or "unchanged", and the pupil."""
    if pupil is None:
        pupil = Pupil(school_id=school.id, upn=row.upn, **_fields(row))
        if row.primary_need is not None:
            pupil.needs.append(PupilNeed(need_code=row.primary_need.value, rank=1))
        session.add(pupil)
        session.flush()
        _seed_plans(session, school=school, pupil=pupil, row=row, plans=plans, today=today)
        if row.sen_status is not SenProvision.NONE:
            _register_change(session, pupil, None, reason=reason, actor_id=actor_id)
        return "created", pupil

    old_status = pupil.sen_status
    changed = False
    for name, value in _fields(row).items():
        if getattr(pupil, name) != value:
            setattr(pupil, name, value)
            changed = True
    needs_changed = _set_primary_need(session, pupil, row)
    plans_changed = _seed_plans(
        session, school=school, pupil=pupil, row=row, plans=plans, today=today
    )
    if needs_changed or old_status != pupil.sen_status:
        _register_change(session, pupil, old_status, reason=reason, actor_id=actor_id)
    return ("updated" if changed or needs_changed or plans_changed else "unchanged"), pupil


def _fields(row: PupilRow) -> dict[str, object]:
    fields: dict[str, object] = {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "preferred_name": row.preferred_name,
        "date_of_birth": row.date_of_birth,
        "year_group": row.year_group,
        "class_name": row.class_name,
        "sen_status": row.sen_status.value,
    }
    for flag in ("looked_after", "previously_looked_after"):
        if getattr(row, flag) is not None:
            fields[flag] = getattr(row, flag)
    return fields


def _set_primary_need(session: Session, pupil: Pupil, row: PupilRow) -> bool:
    """Make the file's need the rank-1 need; a pupil with no SEN (N) keeps no need types.

    A rank-2 need stays unless it is the new primary need. Returns whether anything changed.
    """
    target = row.primary_need.value if row.primary_need is not None else None
    primary = next((need for need in pupil.needs if need.rank == 1), None)
    if target is None:
        if not pupil.needs:
            return False
        pupil.needs.clear()
        return True
    if primary is not None and primary.need_code == target:
        return False
    for need in list(pupil.needs):
        if need is primary or need.need_code == target:
            pupil.needs.remove(need)
    session.flush()  # delete before insert: (pupil, rank) and (pupil, need) are unique
    pupil.needs.insert(0, PupilNeed(need_code=target, rank=1))
    return True


def _seed_plans(
    session: Session,
    *,
    school: School,
    pupil: Pupil,
    row: PupilRow,
    plans: PlanIndex,
    today: date,
) -> bool:
    """ehcp_issued_on → the active EHCP; last_review_on → its last review (SEN support plan
    for K, created when missing). Empty columns leave existing plans as they are. Every K and
    E pupil ends with a plan the reminder rules can see: with its date unknown if need be."""
    changed = False
    kind = PLAN_OF_STATUS.get(row.sen_status)
    if kind is not None and (pupil.id, kind.value) not in plans:
        dated = row.ehcp_issued_on if kind is PlanKind.EHCP else row.last_review_on
        if dated is None:
            unknown = Plan(
                school_id=school.id,
                pupil_id=pupil.id,
                kind=kind.value,
                status=PlanStatus.ACTIVE.value,
                started_on=today,
                date_unknown=True,
            )
            session.add(unknown)
            plans[(pupil.id, kind.value)] = unknown
            changed = True
    if row.ehcp_issued_on is not None:
        ehcp = plans.get((pupil.id, PlanKind.EHCP.value))
        if ehcp is None:
            ehcp = Plan(
                school_id=school.id,
                pupil_id=pupil.id,
                kind=PlanKind.EHCP.value,
                status=PlanStatus.ACTIVE.value,
                started_on=row.ehcp_issued_on,
            )
            session.add(ehcp)
            plans[(pupil.id, PlanKind.EHCP.value)] = ehcp
            changed = True
        elif ehcp.started_on != row.ehcp_issued_on or ehcp.date_unknown:
            ehcp.started_on = row.ehcp_issued_on
            ehcp.date_unknown = False
            changed = True
    if row.last_review_on is not None:
        kind = PlanKind.EHCP if row.sen_status is SenProvision.EHCP else PlanKind.SEN_SUPPORT
        plan = plans.get((pupil.id, kind.value))
        if plan is None:  # only SEN support: every E pupil has an EHCP by now
            plan = Plan(
                school_id=school.id,
                pupil_id=pupil.id,
                kind=kind.value,
                status=PlanStatus.ACTIVE.value,
                started_on=row.last_review_on,
            )
            session.add(plan)
            plans[(pupil.id, kind.value)] = plan
        if plan.last_reviewed_on != row.last_review_on:
            plan.last_reviewed_on = row.last_review_on
            changed = True
    return changed


def _register_change(
    session: Session, pupil: Pupil, from_status: str | None, *, reason: str, actor_id: int | None
) -> None:
    needs = ";".join(need.need_code for need in sorted(pupil.needs, key=lambda n: n.rank))
    session.add(
        RegisterChange(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            changed_by_id=actor_id,
            from_status=from_status,
            to_status=pupil.sen_status,
            needs=needs,
            reason=reason,
        )
    )
