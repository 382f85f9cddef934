"""The demo school's people: ~200 pupils in fourteen classes, and its staff.

`generate_pupils` and `demo_staff` are pure (same seed, same school); `add_staff` and
`add_pupils` write them into the caller's session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.gb import upn as upn_rules

from handlers.demo import names
from handlers.demo.calendar import school_year_start
from storage.codes import NeedType, Platform, Role, SenProvision
from storage.models import PlatformIdentity, Pupil, PupilNeed, School, Staff, StaffClass, StaffRole

YEAR_GROUPS = range(7)  # Reception (0) to Year 6
SUPPORT_SHARE = 0.135  # of pupils on SEN support (K)
EHCP_SHARE = 0.025  # of pupils with an EHC plan (E)

# Rough shares of primary need in a primary school; NSA is valid only with K.
SUPPORT_NEEDS = {
    NeedType.SLCN: 24, NeedType.SEMH: 18, NeedType.MLD: 14, NeedType.SPLD: 12,
    NeedType.ASD: 12, NeedType.NSA: 6, NeedType.PD: 3, NeedType.HI: 3, NeedType.VI: 2,
    NeedType.OTH: 3,
}  # fmt: skip
EHCP_NEEDS = {
    NeedType.ASD: 30, NeedType.SLCN: 20, NeedType.SLD: 10, NeedType.DS: 10,
    NeedType.SEMH: 12, NeedType.PD: 8, NeedType.MLD: 10,
}  # fmt: skip
SECONDARY_NEEDS = (NeedType.SLCN, NeedType.SEMH, NeedType.SPLD, NeedType.MLD, NeedType.ASD)
SECONDARY_SHARE = 0.4


@dataclass(frozen=True)
class PupilSpec:
    upn: str
    first_name: str
    last_name: str
    preferred_name: str | None
    date_of_birth: date
    year_group: int
    class_name: str
    sen_status: SenProvision = SenProvision.NONE
    needs: tuple[NeedType, ...] = ()  # primary first
    looked_after: bool = False


@dataclass(frozen=True)
class StaffSpec:
    email: str
    display_name: str
    roles: tuple[Role, ...]
    class_name: str | None = None


def year_label(year_group: int) -> str:
    return "R" if year_group == 0 else str(year_group)


def class_names() -> list[tuple[int, str]]:
    """(year group, class name) for every class: RH, RC, 1H, 1C ... 6H, 6C."""
    return [(y, f"{year_label(y)}{s}") for y in YEAR_GROUPS for s in names.CLASS_SUFFIXES]


def make_upn(issue_year: int, serial: int) -> str:
    """A valid permanent UPN: check letter, LA number, DfE number, issue year, serial."""
    body = f"{names.LA_NUMBER}{names.ESTABLISHMENT_NUMBER}{issue_year % 100:02d}{serial:03d}"
    return upn_rules.calc_check_digit(body) + body


def _email(display_name: str) -> str:
    local = ".".join(part for part in display_name.lower().split())
    return f"{local}@{names.EMAIL_DOMAIN}"


def demo_staff() -> list[StaffSpec]:
    """Every role present: SENDCO, head (also DSL), a dedicated DSL, office, teachers, TAs."""
    domain = names.EMAIL_DOMAIN
    staff = [
        StaffSpec(f"{names.SENDCO[0]}@{domain}", names.SENDCO[1], (Role.SENDCO,)),
        StaffSpec(f"{names.HEAD[0]}@{domain}", names.HEAD[1], (Role.HEAD, Role.DSL)),
        StaffSpec(f"{names.DSL[0]}@{domain}", names.DSL[1], (Role.DSL,)),
        StaffSpec(f"{names.ADMIN[0]}@{domain}", names.ADMIN[1], (Role.ADMIN,)),
    ]
    for (_, class_name), teacher in zip(class_names(), names.TEACHER_NAMES, strict=True):
        email = f"teacher.{class_name.lower()}@{domain}"
        staff.append(StaffSpec(email, teacher, (Role.TEACHER,), class_name))
    staff.extend(StaffSpec(_email(ta), ta, (Role.TA,)) for ta in names.TA_NAMES)
    return staff


def _birth_date(rng: random.Random, year_group: int, start_year: int) -> date:
    """Born in the school year that puts the pupil in `year_group` (1 Sept to 31 Aug)."""
    first = date(start_year - 5 - year_group, 9, 1)
    last = date(start_year - 4 - year_group, 8, 31)
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _pick_name(rng: random.Random, taken: set[tuple[str, str]]) -> tuple[str, str]:
    """A first name nobody on roll has yet while the pool lasts, with any surname."""
    used_first = {first for first, _ in taken}
    pool = names.FIRST_NAMES + tuple(names.PREFERRED_NAMES)
    fresh = [n for n in pool if n not in used_first and n not in names.PLACED_FIRST_NAMES]
    while True:
        name = (rng.choice(fresh or list(pool)), rng.choice(names.SURNAMES))
        if name not in taken:
            taken.add(name)
            return name


def _needs(rng: random.Random, shares: dict[NeedType, int]) -> tuple[NeedType, ...]:
    primary = rng.choices(list(shares), weights=list(shares.values()))[0]
    if rng.random() >= SECONDARY_SHARE:
        return (primary,)
    if primary is NeedType.NSA:  # no assessment of the type of need: no secondary either
        return (primary,)
    return (primary, rng.choice([n for n in SECONDARY_NEEDS if n is not primary]))


def generate_pupils(*, today: date, seed: int) -> list[PupilSpec]:
    """The demo roll: the same seed and school year always give the same pupils."""
    rng = random.Random(f"{seed}:pupils")
    start_year = school_year_start(today)
    taken = {(first, last) for _, first, last in names.PLACED_PUPILS}
    serials: dict[int, int] = {}
    roll: list[PupilSpec] = []
    for year_group, class_name in class_names():
        placed = [(f, s) for c, f, s in names.PLACED_PUPILS if c == class_name]
        size = rng.randint(13, 16)
        people = placed + [_pick_name(rng, taken) for _ in range(size - len(placed))]
        for first, last in sorted(people, key=lambda n: (n[1], n[0])):
            issue_year = start_year - year_group  # UPNs are issued on entry to Reception
            serials[issue_year] = serials.get(issue_year, 0) + 1
            preferred = names.PREFERRED_NAMES.get(first) if rng.random() < 0.6 else None
            roll.append(
                PupilSpec(
                    upn=make_upn(issue_year, serials[issue_year]),
                    first_name=first,
                    last_name=last,
                    preferred_name=preferred,
                    date_of_birth=_birth_date(rng, year_group, start_year),
                    year_group=year_group,
                    class_name=class_name,
                )
            )
    return _assign_sen(rng, roll)


def _assign_sen(rng: random.Random, roll: list[PupilSpec]) -> list[PupilSpec]:
    """About 13.5% on SEN support and 2.5% with an EHCP; one looked-after pupil."""
    n_ehcp = max(2, round(len(roll) * EHCP_SHARE))
    n_support = round(len(roll) * SUPPORT_SHARE)
    index = list(range(len(roll)))
    year6 = [i for i in index if roll[i].year_group == 6]
    older = [i for i in index if 1 <= roll[i].year_group <= 5]
    ehcp = [rng.choice(year6), *rng.sample(older, n_ehcp - 1)]  # one in Year 6: phase transfer
    # "Noah K" is on SEN support, so "Noah K did Toe by Toe" means something to the parser.
    noah_k = next(i for i in index if (roll[i].first_name, roll[i].last_name[0]) == ("Noah", "K"))
    rest = [i for i in index if i not in ehcp and i != noah_k]
    weights = [0.4 if roll[i].year_group == 0 else 1.0 for i in rest]
    support = {noah_k}
    while len(support) < n_support:
        support.add(rng.choices(rest, weights=weights)[0])
    looked_after = rng.choice(sorted(support - {noah_k}))
    result = list(roll)
    for i in ehcp:
        result[i] = _with_sen(roll[i], SenProvision.EHCP, _needs(rng, EHCP_NEEDS))
    for i in sorted(support):
        needs = (NeedType.SPLD,) if i == noah_k else _needs(rng, SUPPORT_NEEDS)
        result[i] = _with_sen(roll[i], SenProvision.SUPPORT, needs, looked_after=i == looked_after)
    return result


def _with_sen(
    spec: PupilSpec,
    status: SenProvision,
    needs: tuple[NeedType, ...],
    *,
    looked_after: bool = False,
) -> PupilSpec:
    return replace(spec, sen_status=status, needs=needs, looked_after=looked_after)


def add_staff(session: Session, school: School, specs: list[StaffSpec]) -> list[Staff]:
    """Staff with roles, classes and a console identity (their email) to sign in with."""
    staff: list[Staff] = []
    for spec in specs:
        member = Staff(school_id=school.id, email=spec.email, display_name=spec.display_name)
        member.roles = [StaffRole(role=role.value) for role in spec.roles]
        if spec.class_name:
            member.classes = [StaffClass(class_name=spec.class_name)]
        # A console identity is global; a second demo school in one database goes without.
        taken = session.scalar(
            select(PlatformIdentity.id).where(
                PlatformIdentity.platform == Platform.CONSOLE.value,
                PlatformIdentity.workspace_id == "",
                PlatformIdentity.external_id == spec.email,
            )
        )
        if taken is None:
            member.identities = [
                PlatformIdentity(platform=Platform.CONSOLE.value, external_id=spec.email)
            ]
        staff.append(member)
    session.add_all(staff)
    session.flush()
    return staff


def add_pupils(session: Session, school: School, specs: list[PupilSpec]) -> list[Pupil]:
    pupils: list[Pupil] = []
    for spec in specs:
        pupil = Pupil(
            school_id=school.id,
            upn=spec.upn,
            first_name=spec.first_name,
            last_name=spec.last_name,
            preferred_name=spec.preferred_name,
            date_of_birth=spec.date_of_birth,
            year_group=spec.year_group,
            class_name=spec.class_name,
            sen_status=spec.sen_status.value,
            looked_after=spec.looked_after,
        )
        pupil.needs = [
            PupilNeed(need_code=need.value, rank=rank) for rank, need in enumerate(spec.needs, 1)
        ]
        pupils.append(pupil)
    session.add_all(pupils)
    session.flush()
    return pupils
