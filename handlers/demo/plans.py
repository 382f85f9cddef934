"""The demo school's SEN register history, plans, targets and scheduled reviews.

SEN support plans run termly; EHCPs were issued on dates spread so that some annual reviews
fall due in the coming weeks, with their reg 20 milestones around the meeting.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from handlers.demo import names
from handlers.demo.calendar import (
    add_months,
    london,
    next_weekday,
    school_year_start,
    weekday_before,
)
from storage.codes import (
    AreaOfNeed,
    MilestoneKind,
    NeedType,
    PlanKind,
    ReviewKind,
    SenProvision,
)
from storage.models import (
    AssessmentRequest,
    KeyAdult,
    Plan,
    PlanTarget,
    Pupil,
    RegisterChange,
    Review,
    ReviewMilestone,
    School,
    Staff,
)

AREA_OF_NEED: dict[str, AreaOfNeed] = {
    NeedType.SLCN: AreaOfNeed.COMMUNICATION,
    NeedType.ASD: AreaOfNeed.COMMUNICATION,
    NeedType.SPLD: AreaOfNeed.COGNITION,
    NeedType.MLD: AreaOfNeed.COGNITION,
    NeedType.SLD: AreaOfNeed.COGNITION,
    NeedType.PMLD: AreaOfNeed.COGNITION,
    NeedType.DS: AreaOfNeed.COGNITION,
    NeedType.SEMH: AreaOfNeed.SEMH,
    NeedType.HI: AreaOfNeed.SENSORY_PHYSICAL,
    NeedType.VI: AreaOfNeed.SENSORY_PHYSICAL,
    NeedType.MSI: AreaOfNeed.SENSORY_PHYSICAL,
    NeedType.PD: AreaOfNeed.SENSORY_PHYSICAL,
}

# (outcome, provision) pairs for plans, by broad area of need.
TARGETS: dict[AreaOfNeed | None, tuple[tuple[str, str], ...]] = {
    AreaOfNeed.COMMUNICATION: (
        ("Follows a two-step instruction in class without a reminder.",
         "Instructions chunked and backed by a visual; Talk Boost group three times a week."),
        ("Takes turns in a small-group game with one adult prompt.",
         "Lego therapy group weekly; turn-taking cards."),
        ("Uses a visual timetable to move between activities calmly.",
         "Personal visual timetable checked with a key adult each morning."),
    ),
    AreaOfNeed.COGNITION: (
        ("Reads 40 high-frequency words on sight.",
         "Precision Teaching 10 minutes daily with a TA."),
        ("Blends and segments CVCC words accurately in phonics.",
         "Toe by Toe daily; phonics mat on the desk."),
        ("Recalls number bonds to 10 within 3 seconds.",
         "Plus One twice weekly; Numicon at the table."),
    ),
    AreaOfNeed.SEMH: (
        ("Names how they feel using the Zones of Regulation colours.",
         "Zones check-in with the key adult at the start of each session."),
        ("Uses the calm corner or a time-out card instead of leaving the room.",
         "Agreed time-out card; calm corner set up in class."),
        ("Joins in a playground game with a peer for 10 minutes.",
         "Structured lunchtime club twice a week."),
    ),
    AreaOfNeed.SENSORY_PHYSICAL: (
        ("Forms letters with a tripod grip for a full sentence.",
         "Fine motor group twice weekly; pencil grip."),
        ("Accesses the board and books with enlarged print.",
         "Resources enlarged to 18pt; seated near the front."),
        ("Completes the morning sensory circuit and settles to work.",
         "Sensory circuit daily before registration."),
    ),
    None: (
        ("Completes independent tasks with a checklist.",
         "Task checklist and now/next board."),
        ("Asks an adult for help when stuck.",
         "Help card on the desk; praise for asking."),
    ),
}  # fmt: skip

EHCP_REVIEW_OFFSETS = (12, 26, 40, 120, 220, 300)  # days from today to each annual review
REVIEW_HORIZON = timedelta(weeks=12)  # a review is scheduled once it is this close


def area_for(pupil: Pupil) -> AreaOfNeed | None:
    need = pupil.primary_need
    return AREA_OF_NEED.get(need) if need else None


def add_plans(
    session: Session,
    *,
    school: School,
    pupils: list[Pupil],
    sendco: Staff,
    tas: list[Staff],
    today: date,
    rng: random.Random,
) -> None:
    """Plans, register history and near reviews for every pupil on the SEN register."""
    for pupil in (p for p in pupils if p.sen_status == SenProvision.SUPPORT):
        _sen_support(session, school, pupil, sendco, today, rng)
    ehcp = sorted(
        (p for p in pupils if p.sen_status == SenProvision.EHCP), key=lambda p: -p.year_group
    )
    for offset, pupil in zip(EHCP_REVIEW_OFFSETS * 3, ehcp, strict=False):
        _ehcp(session, school, pupil, sendco, today, offset, rng)
        session.add(
            KeyAdult(pupil_id=pupil.id, staff_id=rng.choice(tas).id, relationship_note="Key TA")
        )
    for pupil in (p for p in pupils if p.looked_after):
        _pep(session, school, pupil, sendco, today)
    _health_care(session, school, pupils, sendco, today, rng)
    _assessment_request(session, school, pupils, today, rng)
    session.flush()


def _targets(rng: random.Random, pupil: Pupil, count: int) -> list[PlanTarget]:
    bank = TARGETS[area_for(pupil)] + TARGETS[None]
    progress = ("not_started", "progressing", "progressing", "achieved")
    return [
        PlanTarget(outcome=outcome, provision=provision, progress=rng.choice(progress))
        for outcome, provision in rng.sample(bank, count)
    ]


def _register(
    session: Session,
    school: School,
    pupil: Pupil,
    sendco: Staff,
    on: date,
    change: tuple[SenProvision, SenProvision],
    reason: str,
) -> None:
    session.add(
        RegisterChange(
            school_id=school.id,
            pupil_id=pupil.id,
            changed_at=london(on, 16),
            changed_by_id=sendco.id,
            from_status=change[0].value,
            to_status=change[1].value,
            needs=";".join(n.need_code for n in pupil.needs),
            reason=reason,
        )
    )


def _entered_school(pupil: Pupil, today: date) -> date:
    return date(school_year_start(today) - pupil.year_group, 9, 1)


def _sen_support(
    session: Session, school: School, pupil: Pupil, sendco: Staff, today: date, rng: random.Random
) -> None:
    earliest = _entered_school(pupil, today) + timedelta(days=35)
    started = max(earliest, today - timedelta(days=rng.randint(40, 600)))
    started = next_weekday(min(started, today - timedelta(days=10)))
    due = next_weekday(today + timedelta(days=rng.randint(-10, 70)))  # a few overdue
    last_review = due - timedelta(weeks=12)
    plan = Plan(
        school_id=school.id,
        pupil_id=pupil.id,
        kind=PlanKind.SEN_SUPPORT.value,
        started_on=started,
        review_due_on=due,
        last_reviewed_on=last_review if last_review > started else None,
        parent_views="Parents agree with the plan and will practise at home.",
        pupil_views="I like working with my TA in a small group.",
        created_by_id=sendco.id,
    )
    plan.targets = _targets(rng, pupil, rng.randint(2, 3))
    session.add(plan)
    _register(
        session,
        school,
        pupil,
        sendco,
        started,
        (SenProvision.NONE, SenProvision.SUPPORT),
        "Added to SEN support after an assess-plan-do-review cycle with parents.",
    )
    if due <= today + REVIEW_HORIZON:
        session.add(_review(school, pupil, plan, ReviewKind.SEN_SUPPORT, due))


def _ehcp(
    session: Session,
    school: School,
    pupil: Pupil,
    sendco: Staff,
    today: date,
    offset: int,
    rng: random.Random,
) -> None:
    anniversary = today + timedelta(days=offset)
    age = (today - pupil.date_of_birth).days // 365
    years = max(1, min(rng.choice((1, 2, 3)), age - 4))  # issued once the pupil was 4 or more
    issued = next_weekday(add_months(anniversary, -12 * years))
    due = add_months(issued, 12 * years)
    plan = Plan(
        school_id=school.id,
        pupil_id=pupil.id,
        kind=PlanKind.EHCP.value,
        started_on=issued,
        review_due_on=due,
        last_reviewed_on=add_months(issued, 12 * (years - 1)) if years > 1 else None,
        local_authority=names.LOCAL_AUTHORITY,
        parent_views="Parents want more independence at lunchtime and on trips.",
        pupil_views="I want to make friends and read chapter books.",
        created_by_id=sendco.id,
    )
    plan.targets = _targets(rng, pupil, 3)
    session.add(plan)
    on_support = next_weekday(max(_entered_school(pupil, today), issued - timedelta(days=300)))
    _register(
        session,
        school,
        pupil,
        sendco,
        on_support,
        (SenProvision.NONE, SenProvision.SUPPORT),
        "Added to SEN support; needs assessment requested later.",
    )
    _register(
        session,
        school,
        pupil,
        sendco,
        issued,
        (SenProvision.SUPPORT, SenProvision.EHCP),
        "Final EHC plan issued by the local authority.",
    )
    if due <= today + REVIEW_HORIZON:
        # In Year 6 the review is the phase transfer one: amend by 15 February (reg 18).
        kind = ReviewKind.PHASE_TRANSFER if pupil.year_group == 6 else ReviewKind.EHCP_ANNUAL
        review = _review(school, pupil, plan, kind, due)
        meeting = next_weekday(max(today + timedelta(days=3), due - timedelta(days=7)))
        review.meeting_on = meeting
        review.milestones = _milestones(meeting, today, papers_done=offset > EHCP_REVIEW_OFFSETS[0])
        session.add(review)


def _milestones(meeting: date, today: date, *, papers_done: bool) -> list[ReviewMilestone]:
    """Reg 20: notice and papers 2 weeks before; report 2 weeks after; LA decision 4 weeks."""
    steps = (
        (MilestoneKind.MEETING_NOTICE, -14),
        (MilestoneKind.PAPERS_CIRCULATED, -14),
        (MilestoneKind.REPORT_SENT, 14),
        (MilestoneKind.LA_DECISION, 28),
    )
    milestones = []
    for kind, days in steps:
        due = meeting + timedelta(days=days)
        done = due < today and (kind is MilestoneKind.MEETING_NOTICE or papers_done)
        completed = weekday_before(due) if done else None
        milestones.append(ReviewMilestone(kind=kind.value, due_on=due, completed_on=completed))
    return milestones


def _review(school: School, pupil: Pupil, plan: Plan, kind: ReviewKind, due: date) -> Review:
    return Review(school_id=school.id, pupil_id=pupil.id, plan=plan, kind=kind.value, due_on=due)


def _pep(session: Session, school: School, pupil: Pupil, sendco: Staff, today: date) -> None:
    """A looked-after pupil's personal education plan, reviewed termly with the virtual school."""
    due = next_weekday(today + timedelta(days=30))
    plan = Plan(
        school_id=school.id,
        pupil_id=pupil.id,
        kind=PlanKind.PEP.value,
        started_on=next_weekday(today - timedelta(days=60)),
        review_due_on=due,
        local_authority=names.LOCAL_AUTHORITY,
        created_by_id=sendco.id,
    )
    plan.targets = [
        PlanTarget(
            outcome="Attends every day this half term and joins an after-school club.",
            provision="Pupil premium plus funds the club; key adult meets weekly.",
            progress="progressing",
        )
    ]
    session.add(plan)
    session.add(_review(school, pupil, plan, ReviewKind.PEP, due))


def _health_care(
    session: Session,
    school: School,
    pupils: list[Pupil],
    sendco: Staff,
    today: date,
    rng: random.Random,
) -> None:
    """One individual health care plan: a pupil with an allergy and an adrenaline pen."""
    pupil = rng.choice([p for p in pupils if p.sen_status == SenProvision.NONE])
    started = next_weekday(today - timedelta(days=rng.randint(150, 300)))
    plan = Plan(
        school_id=school.id,
        pupil_id=pupil.id,
        kind=PlanKind.HEALTH_CARE.value,
        started_on=started,
        review_due_on=add_months(started, 12),
        created_by_id=sendco.id,
    )
    plan.targets = [
        PlanTarget(
            outcome="Stays safe if exposed to nuts, in school and on trips.",
            provision="Two adrenaline pens in the class medical bag; trained adult on every trip.",
            progress="progressing",
        )
    ]
    session.add(plan)


def _assessment_request(
    session: Session, school: School, pupils: list[Pupil], today: date, rng: random.Random
) -> None:
    """One EHC needs assessment requested a month ago: the LA's 6-week decision is near."""
    candidates = [
        p
        for p in pupils
        if p.sen_status == SenProvision.SUPPORT
        and not p.looked_after
        and area_for(p) in (AreaOfNeed.COMMUNICATION, AreaOfNeed.SEMH)
    ]
    pupil = rng.choice(candidates)
    session.add(
        AssessmentRequest(
            school_id=school.id,
            pupil_id=pupil.id,
            requested_on=next_weekday(today - timedelta(days=30)),
            notes="Evidence from two plan-do-review cycles, the EP and the SALT sent with it.",
        )
    )
