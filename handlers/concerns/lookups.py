"""Small queries and labels the concern, advice and safeguarding handlers share.

Year-group labels, a school's pupils as form choices or checked against submitted ids, and
staff by role. No decisions live here: see workflow.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handlers.vocabulary import Choice
from storage.codes import Role
from storage.models import Pupil, Staff, StaffRole


def year_label(year_group: int) -> str:
    """-1 Nursery, 0 Reception, 1..13 "Year N"."""
    if year_group < 0:
        return "Nursery"
    if year_group == 0:
        return "Reception"
    return f"Year {year_group}"


def year_groups_label(year_groups: Iterable[int]) -> str:
    """The distinct year groups, youngest first: "Year 2, Year 3"."""
    return ", ".join(year_label(y) for y in sorted(set(year_groups))) or "-"


def pupil_label(pupil: Pupil) -> str:
    """ "Ravi Shah (Year 2, 2C)": for private replies and forms only."""
    return label_of(pupil.known_as, pupil.year_group, pupil.class_name)


def label_of(known_as: str, year_group: int, class_name: str) -> str:
    where = year_label(year_group) + (f", {class_name}" if class_name else "")
    return f"{known_as} ({where})"


SCHOOL_PUPILS = "school_pupils"  # the search (handlers.pickers) over a school's pupils


def pupil_choices(
    session: Session,
    school_id: int,
    *,
    query: str = "",
    ids: Sequence[int] | None = None,
    limit: int | None = None,
) -> tuple[Choice, ...]:
    """Pupils on roll in the school as picker choices (names: private forms only): those whose
    names (first, preferred or last) or class contain every word of `query`, or exactly
    `ids`. Reads only the columns a label needs, so a search costs the same in any school."""
    statement = select(
        Pupil.id, Pupil.first_name, Pupil.preferred_name, Pupil.last_name,
        Pupil.year_group, Pupil.class_name,
    ).where(Pupil.school_id == school_id, Pupil.on_roll.is_(True))  # fmt: skip
    if ids is not None:
        statement = statement.where(Pupil.id.in_(list(ids)))
    for word in query.lower().split():
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            or_(
                func.lower(Pupil.first_name).like(like, escape="\\"),
                func.lower(Pupil.last_name).like(like, escape="\\"),
                func.lower(func.coalesce(Pupil.preferred_name, "")).like(like, escape="\\"),
                func.lower(Pupil.class_name) == word,
            )
        )
    statement = statement.order_by(Pupil.last_name, Pupil.first_name, Pupil.id).limit(limit)
    return tuple(
        Choice(
            value=str(row.id),
            label=label_of(
                f"{row.preferred_name or row.first_name} {row.last_name}",
                row.year_group,
                row.class_name,
            ),
        )
        for row in session.execute(statement)
    )


def school_pupils(
    session: Session, school_id: int, pupil_ids: Sequence[int]
) -> tuple[list[Pupil], list[int]]:
    """The pupils on roll in this school among `pupil_ids` (in the order given), and the ids
    that are not: unknown, another school's, or no longer on roll."""
    if not pupil_ids:
        return [], []
    found = {
        p.id: p
        for p in session.scalars(
            select(Pupil).where(
                Pupil.id.in_(pupil_ids), Pupil.school_id == school_id, Pupil.on_roll.is_(True)
            )
        )
    }
    return [found[i] for i in pupil_ids if i in found], [i for i in pupil_ids if i not in found]


def pupils_not_found_message(missing: Sequence[int], *, total: int) -> str:
    if total == 1:
        return "That pupil isn't on roll in your school: pick them from your school's list."
    return (
        f"{len(missing)} of the {total} pupils aren't on roll in your school: "
        "pick each from your school's list."
    )


def staff_with_role(session: Session, school_id: int, role: Role) -> list[Staff]:
    """Active staff of the school holding `role`, by name."""
    return list(
        session.scalars(
            select(Staff)
            .join(StaffRole, StaffRole.staff_id == Staff.id)
            .where(Staff.school_id == school_id, Staff.active.is_(True), StaffRole.role == role)
            .order_by(Staff.display_name, Staff.id)
        )
    )


def staff_names(session: Session, staff_ids: Iterable[int | None]) -> dict[int, str]:
    """Display names by staff id (ids that are None or unknown are left out)."""
    ids = {i for i in staff_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(ids)))
    return {staff_id: name for staff_id, name in rows}


def name_of(names: dict[int, str], staff_id: int | None, default: str = "nobody") -> str:
    if staff_id is None:
        return default
    return names.get(staff_id, "a former member of staff")
