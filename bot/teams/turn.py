"""One Teams activity through the conversation, in a worker thread (the database and the
handlers are synchronous): a message, a button press, a submitted form card, a typeahead search.
Staff are known by their Microsoft Entra object id (`teams_user_id` in `import staff`)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from microsoft_teams.api.activities.message.message import MessageActivity, MessageActivityInput
from microsoft_teams.api.models.attachment.attachment import Attachment
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.teams.cards import CARD_TYPE, pressed, reply_card
from bot.teams.delivery import choose_triage_channel, post_activity, save_conversation
from bot.teams.files import attachments_for, consent_of, settle
from bot.teams.forms import FORM, IDS, form_card, submitted
from handlers.catalogue import CATALOGUE, Action, Kind, open_form, submit_form
from handlers.conversation.dialogue import ChatContext, handle_message, press_button
from handlers.conversation.replies import HELP
from handlers.errors import HandlerError
from handlers.idempotency import claim
from handlers.identity import actor_by_platform_id
from handlers.pickers import chosen_labels, search_options
from handlers.reminders.settings import ReminderSettings
from handlers.unit_of_work import perform, went_wrong
from handlers.vocabulary import Actor, Choice, Form, Outcome, Privacy, Reply
from storage.codes import Platform, Role
from storage.models import TeamsConversation

IN_YOUR_CHAT = "I've answered you in our personal chat."
OPEN_A_CHAT = (
    "I can't answer that in a channel, as my answers can name pupils. Open sendco-bot in "
    "Teams (Apps → sendco-bot) and say it to me there."
)
CHOOSE_TRIAGE = re.compile(r"\b(use|make|set)\b.*\bthis channel\b.*\btriage\b", re.IGNORECASE)
UNKNOWN = (
    "I don't know you yet. Ask the school's SENDCO or IT admin to add your Teams id (your "
    "Microsoft Entra object id) to the staff list, then message me again."
)
log = logging.getLogger(__name__)


class TeamsTurn:
    """One message from Teams through the conversation, in a worker thread (the database and
    the handlers are synchronous)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
        reminders: ReminderSettings,
    ) -> None:
        self.sessions, self.clock, self.reminders = sessions, clock, reminders

    def actor(self, activity: Any) -> Actor | None:
        who = activity.from_.aad_object_id or ""
        if not who:
            return None
        with self.sessions() as session:
            return actor_by_platform_id(session, Platform.TEAMS, who)

    def remember(self, activity: Any) -> None:
        """Save the personal chat's reference for proactive messages (not group chats or
        channels: reminders name pupils and are only ever sent privately)."""
        if getattr(activity.conversation, "conversation_type", None) != "personal":
            return
        actor = self.actor(activity)
        if actor is None:
            return
        with self.sessions.begin() as session:
            save_conversation(
                session, staff_id=actor.staff_id, conversation_id=activity.conversation.id,
                service_url=activity.service_url, tenant_id=activity.conversation.tenant_id or "",
            )  # fmt: skip

    def answer(self, activity: MessageActivity) -> Reply | dict[str, Any] | None:
        """The reply to one message; None for a repeat Teams already delivered (retried after
        a timeout), which was answered the first time."""
        key = f"message:{activity.conversation.id}:{activity.id}"
        if activity.id and not claim(self.sessions, Platform.TEAMS, key):
            log.info("Ignored a repeat delivery of Teams activity %s", activity.id)
            return None
        try:
            actor = self.actor(activity)
            if actor is None:
                return Reply(UNKNOWN, ok=False)
            self.remember(activity)
            context = ChatContext(
                platform=Platform.TEAMS,
                conversation_key=f"{activity.conversation.id}:{actor.staff_id}",
                now=self.clock(),
                settings=self.reminders,
            )
            button = pressed(activity.value)
            if button is not None:
                name, value = button
                found = CATALOGUE.get(name)
                if found is not None and found.kind is Kind.FORM:
                    return self.form(actor, found, value)
                pressed_outcome = perform(
                    self.sessions, press_button, actor=actor, action=name, value=value,
                    context=context,
                )  # fmt: skip
                return pressed_outcome.reply
            text = message_text(activity)
            if not text:
                return HELP
            if not is_personal(activity) and CHOOSE_TRIAGE.search(text):
                return self.choose_triage_channel(actor, activity)
            outcome: Outcome = perform(
                self.sessions, handle_message, actor=actor, text=text, context=context
            )
            return outcome.reply
        except Exception:
            log.exception("Handling a Teams message failed")
            return went_wrong("Your earlier answers are kept.")

    def form(self, actor: Actor, action: Action, value: str) -> Reply | dict[str, Any]:
        """A form button: the form as a card (errors as a plain reply)."""
        ids = {action.needs: int(value)} if action.needs and value.isdigit() else {}
        try:
            with self.sessions() as session:
                form = open_form(
                    session=session, actor=actor, action=action.name, ids=ids, now=self.clock()
                )
        except HandlerError as error:
            return Reply(error.message, ok=False)
        return form_card(form, ids)

    def execute(self, activity: Any) -> tuple[dict[str, Any], Reply | None]:
        """A submitted form card: save it through the catalogue, or show it again with the
        problems beside the fields and the answers kept. With the card, the saved reply when
        it carries files (an export), for the caller to send them on."""
        try:
            actor = self.actor(activity)
            if actor is None:
                return reply_card(Reply(UNKNOWN, ok=False)), None
            data = dict(activity.value.action.data or {})
            name, ids = str(data.get(FORM, "")), dict(data.get(IDS) or {})
            with self.sessions() as session:
                form = open_form(session=session, actor=actor, action=name, ids=ids,
                                 now=self.clock())  # fmt: skip
            values = submitted(form, data)
            outcome = perform(
                self.sessions, submit_form, actor=actor, action=name, ids=ids, data=values,
                now=self.clock(), surface="teams", settings=self.reminders,
            )  # fmt: skip
            if outcome.errors or not outcome.reply.ok:
                problems = dict(outcome.errors) or {"form": outcome.reply.title}
                labels = self.chosen(actor, form, values)
                card = form_card(form, ids, values=values, errors=problems, labels=labels)
                return card, None
            reply = outcome.reply
            if not reply.files:
                return reply_card(reply), None
            follows = "The file follows in a message of its own."
            shown = Reply(reply.title, fields=reply.fields, lines=(*reply.lines, follows))
            return reply_card(shown), reply
        except HandlerError as error:
            return reply_card(Reply(error.message, ok=False)), None
        except Exception:
            log.exception("Handling a Teams form failed")
            return reply_card(went_wrong("The form's answers were not saved; try again.")), None

    def chosen(
        self, actor: Actor, form: Form, values: dict[str, Any]
    ) -> dict[str, tuple[Choice, ...]]:
        """The names of pupils already picked in typeahead fields, so the card shows them."""
        labels: dict[str, tuple[Choice, ...]] = {}
        with self.sessions() as session:
            for fld in form.fields:
                picked = values.get(fld.name)
                if fld.search and picked:
                    listed = picked if isinstance(picked, list) else [picked]
                    labels[fld.name] = chosen_labels(session, actor, fld.search, listed)
        return labels

    def choose_triage_channel(self, actor: Actor, activity: Any) -> Reply:
        """The SENDCO (or head) picks this channel for triage cards: they never name pupils."""
        if not actor.has(Role.SENDCO, Role.HEAD):
            return Reply("Only the SENDCO or the head can choose the triage channel.", ok=False)
        with self.sessions.begin() as session:
            choose_triage_channel(
                session, school_id=actor.school_id, conversation_id=activity.conversation.id,
                service_url=activity.service_url,
            )  # fmt: skip
        return Reply(
            "Triage cards will be posted in this channel from now on.",
            lines=("They show a reference and a year group, never a pupil's name.",),
            privacy=Privacy.CHANNEL,
        )

    def tell_privately(self, activity: Any, reply: Reply | dict[str, Any], token: Any) -> bool:
        """Send `reply` (and its files) to the person's personal chat with the bot; False when
        there is none."""
        actor = self.actor(activity)
        if actor is None:
            return False
        with self.sessions() as session:
            chat = session.scalar(
                select(TeamsConversation).where(TeamsConversation.staff_id == actor.staff_id)
            )
            where = (chat.service_url, chat.conversation_id) if chat else None
        if where is None:
            return False
        activity_out = as_activity(reply, self.files(activity, reply)).model_dump(
            by_alias=True, exclude_none=True
        )
        with httpx.Client(timeout=15) as client:
            post_activity(client, token(), where[0], where[1], activity_out)
        return True

    def files(self, activity: Any, reply: Reply | dict[str, Any]) -> list[dict[str, Any]]:
        """The attachments that carry the reply's files to this person."""
        if not isinstance(reply, Reply) or not reply.files:
            return []
        return attachments_for(self.sessions, self.actor(activity), reply, self.clock())

    def consent(self, activity: Any) -> Reply | dict[str, Any] | None:
        """The person accepted or declined a file we offered: upload it, or discard it."""
        consent = consent_of(activity.value)
        actor = self.actor(activity)
        if consent is None or actor is None:
            return None
        return settle(self.sessions, actor, consent)

    def search(self, activity: Any) -> tuple[Choice, ...]:
        actor = self.actor(activity)
        if actor is None:
            return ()
        dataset, query = activity.value.dataset or "", activity.value.query_text or ""
        with self.sessions() as session:
            return search_options(session, actor, dataset, query)


def is_personal(activity: Any) -> bool:
    return getattr(activity.conversation, "conversation_type", None) == "personal"


def shareable(reply: Reply | dict[str, Any]) -> bool:
    """May it be shown in a channel? Only replies marked for channels (no pupil names)."""
    return isinstance(reply, Reply) and reply.privacy == Privacy.CHANNEL


def message_text(activity: MessageActivity) -> str:
    """The words typed, without the @mention of the bot (channel messages start with it)."""
    stripped = activity.model_copy(deep=True).strip_mentions_text()
    return " ".join((stripped.text or "").split())


def as_activity(
    reply: Reply | dict[str, Any], files: list[dict[str, Any]] | None = None
) -> MessageActivityInput:
    """The reply (or a form) as a card, with plain text for notifications and screen readers,
    and its files (`bot.teams.files`: an image inline, a consent card for any other file)."""
    if isinstance(reply, dict):
        card, text = reply, str(reply["body"][0].get("text", ""))
    else:
        card, text = reply_card(reply), reply.text()
    message = MessageActivityInput(text=text).add_attachments(
        Attachment(content_type=CARD_TYPE, content=card)
    )
    for file in files or ():
        message = message.add_attachments(Attachment.model_validate(file))
    return message
