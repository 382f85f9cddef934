"""Outlook invitations for review meetings, through Microsoft Graph (msgraph-sdk).

After each reminder sweep the booked review meetings are compared with the events already
made: a new meeting gets an all-day event in the school mailbox's calendar (GRAPH_MAIL_FROM)
inviting the SENDCOs, the pupil's class teachers and key adults; a moved meeting (or a change
of who should come) updates it; a review held or cancelled cancels it. Events carry the review's
reference and the pupil's year group, never the pupil's name: calendars are often shared.
Needs the Graph application permission Calendars.ReadWrite (limit it to that mailbox).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from azure.core.credentials_async import AsyncTokenCredential
from msgraph.generated.models.attendee import Attendee
from msgraph.generated.models.attendee_type import AttendeeType
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.event import Event
from msgraph.generated.models.item_body import ItemBody
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.graph import credential, graph_client
from bot.settings import Settings
from handlers.plans.common import review_label, review_ref
from handlers.pupils.labels import year_label
from handlers.pupils.lookup import class_teacher_ids, key_adult_ids
from storage.codes import ReviewStatus, Role
from storage.models import CalendarEvent, Pupil, Review, School, Staff, StaffRole

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Meeting:
    review_id: int
    day: date
    attendees: tuple[str, ...]  # emails, sorted
    subject: str
    body: str
    timezone: str


@dataclass
class SyncReport:
    created: list[int] = field(default_factory=list)  # review ids
    moved: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)


def booked_meetings(session: Session) -> dict[int, Meeting]:
    """Every scheduled review with a meeting date, with whom to invite."""
    found: dict[int, Meeting] = {}
    reviews = session.scalars(
        select(Review).where(
            Review.status == ReviewStatus.SCHEDULED.value, Review.meeting_on.is_not(None)
        )
    ).all()
    for review in reviews:
        pupil = session.get(Pupil, review.pupil_id)
        school = session.get(School, review.school_id)
        assert pupil is not None and school is not None and review.meeting_on is not None
        ids = {*class_teacher_ids(session, pupil), *key_adult_ids(session, pupil)}
        ids |= set(
            session.scalars(
                select(StaffRole.staff_id)
                .join(Staff, Staff.id == StaffRole.staff_id)
                .where(Staff.school_id == school.id, StaffRole.role == Role.SENDCO.value)
            )
        )
        emails = session.scalars(
            select(Staff.email).where(Staff.id.in_(ids), Staff.active.is_(True))
        ).all()
        ref = review_ref(review.id)
        found[review.id] = Meeting(
            review_id=review.id,
            day=review.meeting_on,
            attendees=tuple(sorted(e for e in emails if "@" in e)),
            subject=f"{review_label(review.kind)} meeting ({ref})",
            body=(
                f"{review_label(review.kind)} {ref} for a Year {year_label(pupil.year_group)} "
                f"pupil. Ask sendco-bot “show me review {ref}”, or open the pupil's record, "
                "for the details and the papers."
            ),
            timezone=school.timezone,
        )
    return found


class CalendarGateway:
    """The three calls on the organiser's calendar; each returns when Graph confirmed."""

    def __init__(self, settings: Settings, mailbox: str) -> None:
        self.settings, self.mailbox = settings, mailbox

    async def _with_events(self, call: Callable[[object], Awaitable[str]]) -> str:
        token: AsyncTokenCredential = credential(self.settings)
        try:
            events = graph_client(self.settings, token).users.by_user_id(self.mailbox).events
            return await call(events)
        finally:
            await token.close()

    def create(self, meeting: Meeting) -> str:
        async def go(events: object) -> str:
            made = await events.post(_event(meeting))  # type: ignore[attr-defined]
            return str(made.id)

        return asyncio.run(self._with_events(go))

    def update(self, event_id: str, meeting: Meeting) -> None:
        async def go(events: object) -> str:
            await events.by_event_id(event_id).patch(_event(meeting))  # type: ignore[attr-defined]
            return event_id

        asyncio.run(self._with_events(go))

    def cancel(self, event_id: str) -> None:
        async def go(events: object) -> str:
            await events.by_event_id(event_id).delete()  # type: ignore[attr-defined]
            return event_id

        asyncio.run(self._with_events(go))


def _event(meeting: Meeting) -> Event:
    def midnight(day: date) -> DateTimeTimeZone:
        return DateTimeTimeZone(date_time=f"{day.isoformat()}T00:00:00", time_zone=meeting.timezone)

    return Event(
        subject=meeting.subject,
        body=ItemBody(content_type=BodyType.Text, content=meeting.body),
        is_all_day=True,
        start=midnight(meeting.day),
        end=midnight(meeting.day + timedelta(days=1)),
        attendees=[
            Attendee(email_address=EmailAddress(address=email), type=AttendeeType.Required)
            for email in meeting.attendees
        ],
    )


def sync_calendar(sessions: sessionmaker[Session], gateway: CalendarGateway) -> SyncReport:
    """Bring the calendar in line with the booked meetings. A failed call is logged and tried
    again at the next sweep; what succeeded is kept."""
    report = SyncReport()
    with sessions() as session:
        wanted = booked_meetings(session)
        made = {row.review_id: row for row in session.scalars(select(CalendarEvent))}
        known = {rid: (row.event_id, row.meeting_on, row.attendees) for rid, row in made.items()}
    for review_id, meeting in wanted.items():
        attendees = ";".join(meeting.attendees)
        try:
            if review_id not in known:
                event_id = gateway.create(meeting)
                row = CalendarEvent(
                    review_id=review_id, event_id=event_id, meeting_on=meeting.day,
                    attendees=attendees,
                )  # fmt: skip
                with sessions.begin() as session:
                    session.add(row)
                report.created.append(review_id)
            elif known[review_id][1:] != (meeting.day, attendees):
                gateway.update(known[review_id][0], meeting)
                with sessions.begin() as session:
                    row = session.scalars(
                        select(CalendarEvent).where(CalendarEvent.review_id == review_id)
                    ).one()
                    row.meeting_on, row.attendees = meeting.day, attendees
                report.moved.append(review_id)
        except Exception:
            log.exception("Calendar: the event for review %s could not be saved", review_id)
    for review_id in set(known) - set(wanted):
        try:
            gateway.cancel(known[review_id][0])
            with sessions.begin() as session:
                row = session.scalars(
                    select(CalendarEvent).where(CalendarEvent.review_id == review_id)
                ).one()
                session.delete(row)
            report.cancelled.append(review_id)
        except Exception:
            log.exception("Calendar: the event for review %s could not be cancelled", review_id)
    return report
