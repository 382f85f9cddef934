"""What keeps the bot reliable: the reminder outbox, the audit trail, conversation state and
idempotency keys for platform deliveries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.codes import AuditAction, OutboxStatus, Platform
from storage.models.base import Base, UTCDateTime, check_in, utcnow


class OutboxNotice(Base):
    """One reminder or notice to one recipient, written once under its unique key."""

    __tablename__ = "outbox"
    __table_args__ = (
        check_in("status", OutboxStatus),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("length(key) > 0", name="key_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # rule:subject:due:recipient, so a sweep that runs twice writes the row once.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(254))  # a UPN, staff email or record reference
    due_on: Mapped[date] = mapped_column(Date)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(64), default="")  # e.g. a triage channel id
    message: Mapped[str] = mapped_column(Text)
    # The structured reply (title, fields, buttons) for adapters that render cards.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=OutboxStatus.PENDING.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which deliverer holds the claim: re-checked before each send, so one whose lease ran
    # out (and whose notice another deliverer took over) never sends it a second time.
    claim_token: Mapped[str | None] = mapped_column(String(36))
    # Not to be tried before this moment (a platform's Retry-After, or back-off after failures).
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """Append-only: the database refuses UPDATE and DELETE on this table (see migration)."""

    __tablename__ = "audit_events"
    __table_args__ = (check_in("action", AuditAction),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(12))
    entity: Mapped[str] = mapped_column(String(40))  # e.g. "pupil", "concern", "export:register"
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # SQLite: sha-256 of the previous row's hash and this row (storage.audit_chain), so a row
    # changed, removed or inserted behind the app's back breaks the chain. NULL on PostgreSQL,
    # where the app's database role cannot change the table at all.
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class ConversationState(Base):
    """A half-filled form in a chat, so a restart mid-conversation loses nothing."""

    __tablename__ = "conversation_states"
    __table_args__ = (
        UniqueConstraint("platform", "conversation_key"),
        check_in("platform", Platform),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    conversation_key: Mapped[str] = mapped_column(String(200))  # channel/thread/user
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedEvent(Base):
    """A platform delivery already handled; a retry with the same key is ignored."""

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "event_key"), check_in("platform", Platform))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_key: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlatformMessage(Base):
    """A message the bot posted that it may update later (a triage card edited in place)."""

    __tablename__ = "platform_messages"
    __table_args__ = (
        UniqueConstraint("platform", "purpose", "subject_ref"),
        check_in("platform", Platform),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(32))  # e.g. "triage"
    subject_ref: Mapped[str] = mapped_column(String(64))  # e.g. "C-00012"
    workspace_id: Mapped[str] = mapped_column(String(64), default="")
    channel_id: Mapped[str] = mapped_column(String(128))
    message_id: Mapped[str] = mapped_column(String(128))  # Slack ts, Teams activity id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class TeamsConversation(Base):
    """Where the bot can reach a member of staff in Teams without being spoken to first: their
    personal chat with the bot, saved when the app is installed for them or they message it
    (a Bot Framework conversation reference, with the service URL to post it to)."""

    __tablename__ = "teams_conversations"
    __table_args__ = (UniqueConstraint("staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(512))
    service_url: Mapped[str] = mapped_column(String(512))
    tenant_id: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class OfferedFile(Base):
    """A file offered to a member of staff in Teams (an export, a transfer pack): Teams asks
    them to accept it (a file consent card) and then gives the bot somewhere to upload it, so
    the file waits here, for that person only, until they accept or decline (or it expires)."""

    __tablename__ = "offered_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarEvent(Base):
    """The Outlook event (Microsoft Graph) inviting staff to a review meeting: kept so a moved
    meeting moves the event and a held or cancelled review cancels it."""

    __tablename__ = "calendar_events"
    __table_args__ = (UniqueConstraint("review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(512))  # Graph's id, in the organiser's calendar
    meeting_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(Text, default="")  # emails, sorted, ";"-separated
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
