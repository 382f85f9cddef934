"""Loading an advice request for a handler, and the access checks that name it in a denial."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers import access
from handlers.access import Permission, may_take_part
from handlers.concerns.lookups import name_of, staff_names
from handlers.errors import Denied, NotFound
from handlers.vocabulary import Actor
from storage.codes import AdviceStatus
from storage.models import AdviceRequest, Pupil


@dataclass(frozen=True)
class AdviceView:
    request: AdviceRequest
    pupil: Pupil | None
    staff: dict[int, str]

    @property
    def reference(self) -> str:
        return self.request.reference

    @property
    def status(self) -> AdviceStatus:
        return AdviceStatus(self.request.status)

    def name(self, staff_id: int | None, default: str = "nobody") -> str:
        return name_of(self.staff, staff_id, default)


def load_request(session: Session, request_id: int) -> AdviceRequest:
    request = session.scalar(
        select(AdviceRequest)
        .where(AdviceRequest.id == request_id)
        .options(selectinload(AdviceRequest.messages))
    )
    if request is None:
        raise NotFound(f"There is no advice request A-{request_id:05d}. Check the reference.")
    return request


def load_view(session: Session, request: AdviceRequest) -> AdviceView:
    pupil = session.get(Pupil, request.pupil_id) if request.pupil_id is not None else None
    ids = [request.asked_by_id, request.claimed_by_id, *(m.author_id for m in request.messages)]
    return AdviceView(request=request, pupil=pupil, staff=staff_names(session, ids))


def may_use_advice(actor: Actor) -> bool:
    return access.allowed(actor, Permission.ASK_ADVICE) or access.allowed(
        actor, Permission.ANSWER_ADVICE
    )


def require_advice_user(actor: Actor) -> None:
    if not may_use_advice(actor):
        access.require(actor, Permission.ASK_ADVICE)  # raises, naming the roles needed


def require_answerer(actor: Actor, request: AdviceRequest) -> None:
    """Claiming and answering: the SENDCO of the request's school."""
    try:
        access.require(actor, Permission.ANSWER_ADVICE, school_id=request.school_id)
    except Denied as denied:
        raise Denied(denied.message, entity="advice_request", entity_id=request.id) from None


def require_party(actor: Actor, request: AdviceRequest) -> None:
    if request.school_id != actor.school_id:
        message = "That record belongs to another school."
    elif not may_take_part(actor, request):
        message = (
            f"You can't open {request.reference}: an advice request is between the person who "
            "asked and the SENDCO."
        )
    else:
        return
    raise Denied(message, entity="advice_request", entity_id=request.id)
