"""`import staff`: upsert the school's staff (by email) with roles, classes and chat identities.

Every row is checked before anything is written, including whether a Slack or Teams id is
already someone else's. With problems and no `skip_invalid`, nothing is written; with it, only
the good rows are. The caller owns the transaction and commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import audit
from handlers.imports.csv_source import CsvSource, check_columns
from handlers.imports.result import ImportResult, Outcome, ProgressCallback, RowError
from handlers.imports.staff_rows import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    StaffRow,
    check_staff_rows,
)
from storage.codes import AuditAction, Platform, Role
from storage.models import PlatformIdentity, School, Staff, StaffClass, StaffRole

IMPORTED_WORKSPACE = ""  # the import does not say which Slack team or Teams tenant


def import_staff(
    session: Session,
    *,
    school: School,
    source: CsvSource,
    skip_invalid: bool = False,
    actor_id: int | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Check every row of `source`, then create or update the staff of `school` (by email).

    Raises ImportFileError (before any write) when required columns are missing.
    """
    result = ImportResult(kind="staff", file_name=source.name, rows=len(source.rows))
    result.warnings.extend(
        check_columns(source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    )
    check = check_staff_rows(source, progress=progress)
    result.errors.extend(check.errors)
    result.warnings.extend(check.warnings)

    existing = {
        staff.email: staff
        for staff in session.scalars(
            select(Staff)
            .where(Staff.school_id == school.id)
            .options(
                selectinload(Staff.roles),
                selectinload(Staff.identities),
                selectinload(Staff.classes),
            )
        )
    }
    accepted = dict(check.valid)
    result.errors.extend(_identity_conflicts(session, school, accepted, existing))
    result.errors.sort(key=lambda error: error.line)
    if result.errors and not skip_invalid:
        return result

    rows = list(accepted.values())
    # Ids that move between people in this file are released first, so no two people ever
    # hold the same id, even for a moment inside the transaction.
    released = {row.email for row in rows if _release_identities(existing.get(row.email), row)}
    session.flush()
    for done, row in enumerate(rows, 1):
        outcome = _save(session, school=school, row=row, staff=existing.get(row.email))
        result.tally("updated" if outcome == "unchanged" and row.email in released else outcome)
        if progress:
            progress("saving", done, len(rows))
    audit.record(
        session,
        action=AuditAction.IMPORT,
        entity="staff",
        school_id=school.id,
        actor_id=actor_id,
        detail=result.audit_detail(),
    )
    session.flush()
    result.written = True
    return result


def _identity_conflicts(
    session: Session, school: School, accepted: dict[int, StaffRow], existing: dict[str, Staff]
) -> list[RowError]:
    """Rows whose Slack or Teams id already belongs to another member of staff.

    An id is free to take when the file moves its holder (in this school) to another id or
    none. Refusing a row keeps its person's old ids, which may refuse others: repeat until
    settled. `accepted` (line → row) loses the refused rows.
    """
    wanted = {i for row in accepted.values() for i in row.platform_ids().values() if i}
    holders = _holders(session, wanted)
    errors: list[RowError] = []
    while True:
        released = {
            identity.id
            for row in accepted.values()
            for identity in _identities_released(existing.get(row.email), row)
        }
        refused = []
        for line, row in accepted.items():
            own = existing.get(row.email)
            for platform, external_id in row.platform_ids().items():
                if not external_id:
                    continue
                for identity, holder in holders.get((platform.value, external_id), []):
                    if (own is not None and holder.id == own.id) or identity.id in released:
                        continue
                    problem = _taken(external_id, platform, holder, school)
                    refused.append(RowError(line, _column(platform), problem))
        if not refused:
            return errors
        errors.extend(refused)
        for error in refused:
            accepted.pop(error.line, None)


def _holders(
    session: Session, external_ids: Iterable[str]
) -> dict[tuple[str, str], list[tuple[PlatformIdentity, Staff]]]:
    ids = sorted(set(external_ids))
    found: dict[tuple[str, str], list[tuple[PlatformIdentity, Staff]]] = {}
    if not ids:
        return found
    query = (
        select(PlatformIdentity, Staff)
        .join(Staff, Staff.id == PlatformIdentity.staff_id)
        .where(
            PlatformIdentity.platform.in_([Platform.SLACK.value, Platform.TEAMS.value]),
            PlatformIdentity.external_id.in_(ids),
        )
    )
    for identity, staff in session.execute(query):
        found.setdefault((identity.platform, identity.external_id), []).append((identity, staff))
    return found


def _column(platform: Platform) -> str:
    return "slack_user_id" if platform is Platform.SLACK else "teams_user_id"


def _taken(external_id: str, platform: Platform, holder: Staff, school: School) -> str:
    label = "Slack member ID" if platform is Platform.SLACK else "Teams user id"
    if holder.school_id != school.id:
        return f"{external_id} is already the {label} of a member of staff at another school"
    return (
        f"{external_id} is already the {label} of {holder.email}; check the id "
        f"(if it really is this person's, give {holder.email} their own id in this file)"
    )


def _identities_released(staff: Staff | None, row: StaffRow) -> list[PlatformIdentity]:
    """This person's imported identities that the file changes or empties."""
    if staff is None:
        return []
    targets = {platform.value: external_id for platform, external_id in row.platform_ids().items()}
    return [
        identity
        for identity in staff.identities
        if identity.platform in targets
        and identity.workspace_id == IMPORTED_WORKSPACE
        and identity.external_id != targets[identity.platform]
    ]


def _release_identities(staff: Staff | None, row: StaffRow) -> bool:
    if staff is None:
        return False
    released = _identities_released(staff, row)
    for identity in released:
        staff.identities.remove(identity)
    return bool(released)


def _save(session: Session, *, school: School, row: StaffRow, staff: Staff | None) -> Outcome:
    created = staff is None
    if staff is None:
        staff = Staff(school_id=school.id, email=row.email, display_name=row.display_name)
        session.add(staff)
    changed = False
    if staff.display_name != row.display_name:
        staff.display_name = row.display_name
        changed = True

    roles = {role.value for role in row.roles}
    for held in list(staff.roles):
        if held.role not in roles:
            staff.roles.remove(held)
            changed = True
    for role in sorted(roles - staff.role_names):
        staff.roles.append(
            StaffRole(role=role, since=row.sendco_since if role == Role.SENDCO.value else None)
        )
        changed = True

    if row.sendco_since is not None:  # an empty cell leaves a known date alone
        for held in staff.roles:
            if held.role == Role.SENDCO.value and held.since != row.sendco_since:
                held.since = row.sendco_since
                changed = True

    if row.class_names is not None:  # no class_names column: classes are left as they are
        for taught in list(staff.classes):
            if taught.class_name not in row.class_names:
                staff.classes.remove(taught)
                changed = True
        have = {taught.class_name for taught in staff.classes}
        for class_name in row.class_names:
            if class_name not in have:
                staff.classes.append(StaffClass(class_name=class_name))
                changed = True

    for platform, external_id in row.platform_ids().items():
        if external_id and not any(
            i.platform == platform.value and i.workspace_id == IMPORTED_WORKSPACE
            for i in staff.identities
        ):
            staff.identities.append(
                PlatformIdentity(
                    platform=platform.value,
                    workspace_id=IMPORTED_WORKSPACE,
                    external_id=external_id,
                )
            )
            changed = True
    if created:
        return "created"
    return "updated" if changed else "unchanged"
