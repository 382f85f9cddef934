"""Turning a platform identity or an email into an `Actor`, through the staff table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import audit
from handlers.errors import Denied
from handlers.vocabulary import Actor
from storage.codes import AuditAction, Platform, Role
from storage.models import PlatformIdentity, Staff, StaffRole


def actor_for(staff: Staff) -> Actor:
    return Actor(
        staff_id=staff.id,
        school_id=staff.school_id,
        roles=frozenset(Role(r.role) for r in staff.roles),
        email=staff.email,
        display_name=staff.display_name,
    )


def actor_by_email(session: Session, email: str, *, school_id: int | None = None) -> Actor | None:
    query = (
        select(Staff)
        .where(Staff.email == email.strip().lower(), Staff.active.is_(True))
        .options(selectinload(Staff.roles))
    )
    if school_id is not None:
        query = query.where(Staff.school_id == school_id)
    staff = session.scalars(query).first()
    return actor_for(staff) if staff else None


def school_lead(session: Session, school_id: int) -> Actor | None:
    """The school's SENDCO, else its head: whom a command-line set-up or export acts as
    when no one is named, so the audit trail still names a member of staff."""
    for role in (Role.SENDCO, Role.HEAD):
        staff = session.scalars(
            select(Staff)
            .join(StaffRole, StaffRole.staff_id == Staff.id)
            .where(
                Staff.school_id == school_id,
                Staff.active.is_(True),
                StaffRole.role == role.value,
            )
            .options(selectinload(Staff.roles))
            .order_by(Staff.id)
            .limit(1)
        ).first()
        if staff is not None:
            return actor_for(staff)
    return None


def actor_by_platform_id(
    session: Session, platform: Platform, external_id: str, *, workspace_id: str = ""
) -> Actor | None:
    """The staff member linked to this platform user; an identity with no workspace matches any."""
    staff = session.scalars(
        select(Staff)
        .join(PlatformIdentity, PlatformIdentity.staff_id == Staff.id)
        .where(
            PlatformIdentity.platform == platform.value,
            PlatformIdentity.external_id == external_id,
            PlatformIdentity.workspace_id.in_({workspace_id, ""}),
            Staff.active.is_(True),
        )
        .options(selectinload(Staff.roles))
    ).first()
    return actor_for(staff) if staff else None


def link_platform_identity(
    session: Session, *, staff_id: int, platform: Platform, external_id: str, workspace_id: str
) -> PlatformIdentity:
    """Remember that this platform user is this member of staff (after matching by email),
    so the next message is matched by id. Idempotent; a new id in the same workspace replaces
    the old one (a user re-created in the workspace)."""
    existing = session.scalars(
        select(PlatformIdentity).where(
            PlatformIdentity.platform == platform.value,
            PlatformIdentity.workspace_id == workspace_id,
            (PlatformIdentity.staff_id == staff_id) | (PlatformIdentity.external_id == external_id),
        )
    ).all()
    mine = next((i for i in existing if i.staff_id == staff_id), None)
    for other in existing:
        if other is not mine and other.external_id == external_id:
            session.delete(other)  # the id now belongs to this member of staff
    session.flush()
    if mine is None:
        mine = PlatformIdentity(
            staff_id=staff_id,
            platform=platform.value,
            workspace_id=workspace_id,
            external_id=external_id,
        )
        session.add(mine)
    else:
        mine.external_id = external_id
    session.flush()
    return mine


def bind_by_email(
    session: Session, *, email: str, platform: Platform, external_id: str, workspace_id: str
) -> Actor | None:
    """Link a platform user to the member of staff with their email, within the workspace
    their school uses; None when nobody on the staff list has the email.

    The first workspace anyone in the school is linked from becomes the school's; a user of
    another workspace (another school's install, in OAuth mode) whose email matches is
    refused with `Denied`, never bound. Each binding is audited.
    """
    actor = actor_by_email(session, email)
    if actor is None:
        return None
    known = set(
        session.scalars(
            select(PlatformIdentity.workspace_id)
            .join(Staff, Staff.id == PlatformIdentity.staff_id)
            .where(
                Staff.school_id == actor.school_id,
                PlatformIdentity.platform == platform.value,
                PlatformIdentity.workspace_id != "",
            )
        )
    )
    if workspace_id and known and workspace_id not in known:
        raise Denied(
            f"This {platform.value} workspace is not the one your school uses with sendco-bot.",
            entity="platform_identity",
        )
    link_platform_identity(
        session,
        staff_id=actor.staff_id,
        platform=platform,
        external_id=external_id,
        workspace_id=workspace_id,
    )
    audit.record(
        session,
        action=AuditAction.CREATE,
        entity="platform_identity",
        school_id=actor.school_id,
        actor_id=actor.staff_id,
        detail={
            "platform": platform.value,
            "workspace_id": workspace_id,
            "first_for_school": not known,
        },
    )
    return actor
