"""What concerns say: the triage card (channel: no pupil names), the private record view, and
the notices to the raiser and to the SENDCO. Builders only: no queries, no decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handlers.clock import school_time
from handlers.concerns.forms import AREA_LABELS
from handlers.concerns.lookups import (
    name_of,
    pupil_label,
    year_groups_label,
    year_label,
)
from handlers.concerns.workflow import STATUS_LABELS, next_statuses
from handlers.vocabulary import Button, Notice, Privacy, Reply
from storage.codes import AreaOfNeed, ConcernStatus
from storage.models import Concern, ConcernStatusChange, Pupil, Staff

TRIAGE_CHANNEL = "triage"
PROVISION_LABELS = {"N": "N (no SEN)", "K": "K (SEN support)", "E": "E (EHC plan)"}


@dataclass(frozen=True)
class ConcernView:
    """A concern with what its cards show: its pupils and the names of the staff involved."""

    concern: Concern
    pupils: tuple[Pupil, ...]
    staff: dict[int, str]  # staff id -> display name

    @property
    def status(self) -> ConcernStatus:
        return ConcernStatus(self.concern.status)

    @property
    def reference(self) -> str:
        return self.concern.reference

    def name(self, staff_id: int | None, default: str = "nobody") -> str:
        return name_of(self.staff, staff_id, default)


def areas_label(concern: Concern) -> str:
    areas = [AREA_LABELS[AreaOfNeed(a.area)] for a in concern.areas]
    return "; ".join(areas) or "Not sure yet"


def pupil_names(pupils: tuple[Pupil, ...] | list[Pupil]) -> str:
    return ", ".join(p.known_as for p in pupils)


def concern_buttons(view: ConcernView) -> tuple[Button, ...]:
    """Acknowledge / assign to me / ask for more information / next step / open record."""
    concern, status = view.concern, view.status
    value = str(concern.id)
    buttons: list[Button] = []
    if status == ConcernStatus.NEW:
        buttons.append(Button("concern.acknowledge", "Acknowledge", value, "primary"))
    if status != ConcernStatus.CLOSED and concern.assigned_to_id is None:
        buttons.append(Button("concern.assign", "Assign to me", value))
    # On a new concern, asking acknowledges it first (triage.ask_for_more_information).
    more_info_open = ConcernStatus.MORE_INFO_REQUESTED in next_statuses(status)
    if status == ConcernStatus.NEW or more_info_open:
        buttons.append(Button("concern.more_info", "Ask for more information", value))
    if status not in (ConcernStatus.NEW, ConcernStatus.CLOSED):
        buttons.append(Button("concern.status", "Next step", value))
    buttons.append(Button("concern.open", "Open record", value))
    return tuple(buttons)


def triage_card(view: ConcernView) -> Reply:
    """The card in the SENDCO's triage channel: reference and year group, never a name."""
    concern = view.concern
    return Reply(
        title=f"Concern {view.reference}: {STATUS_LABELS[view.status]}",
        fields=(
            ("Reference", view.reference),
            ("Year group", year_groups_label(p.year_group for p in view.pupils)),
            ("Pupils", str(len(view.pupils))),
            ("Areas of need", areas_label(concern)),
            ("Urgency", concern.urgency),
            ("Raised by", view.name(concern.raised_by_id)),
            ("Assigned to", view.name(concern.assigned_to_id)),
        ),
        lines=("Open the record for the details.",),
        buttons=concern_buttons(view),
        privacy=Privacy.CHANNEL,
    )


def triage_notice(view: ConcernView, *, key: str, on: date) -> Notice:
    """A post (or, under a later key, an in-place update) of the triage card."""
    return Notice(
        key=key,
        reply=triage_card(view),
        on=on,
        rule="concern.triage",
        channel=TRIAGE_CHANNEL,
        subject_ref=view.reference,
    )


def raiser_status_notice(view: ConcernView, change: ConcernStatusChange, *, on: date) -> Notice:
    """Tell the raiser their concern moved, who moved it and why (private: names allowed)."""
    status = ConcernStatus(change.to_status)
    lines = [f"Why: {change.note}"] if change.note else []
    if status == ConcernStatus.MORE_INFO_REQUESTED:
        lines.append("The SENDCO would like more information: please reply to them with it.")
    return Notice(
        key=f"concern:{view.concern.id}:status:{change.id}:raiser",
        reply=Reply(
            title=f"Your concern {view.reference} is now {STATUS_LABELS[status]}",
            fields=(
                ("Pupils", pupil_names(view.pupils)),
                ("Updated by", view.name(change.changed_by_id)),
            ),
            lines=tuple(lines),
            buttons=(Button("concern.open", "Open record", str(view.concern.id)),),
        ),
        on=on,
        rule="concern.status",
        staff_id=view.concern.raised_by_id,
        subject_ref=view.reference,
    )


def history_line(change: ConcernStatusChange, view: ConcernView) -> str:
    moved = STATUS_LABELS[ConcernStatus(change.to_status)]
    step = moved
    if change.from_status:
        step = f"{STATUS_LABELS[ConcernStatus(change.from_status)]} → {moved}"
    why = f": {change.note}" if change.note else ""
    return f"{school_time(change.changed_at)} · {step} · {view.name(change.changed_by_id)}{why}"


def concern_detail(view: ConcernView, *, buttons: tuple[Button, ...]) -> Reply:
    """The whole record, for the SENDCO, the head or the raiser (private)."""
    concern = view.concern
    pupils = "; ".join(pupil_label(p) for p in view.pupils)
    return Reply(
        title=f"Concern {view.reference}: {STATUS_LABELS[view.status]}",
        fields=(
            ("Pupils", pupils),
            ("Seen on", concern.observed_on.isoformat()),
            ("Areas of need", areas_label(concern)),
            ("Urgency", concern.urgency),
            ("Raised by", view.name(concern.raised_by_id)),
            ("Assigned to", view.name(concern.assigned_to_id)),
        ),
        lines=(
            f"What was seen: {concern.observed}",
            f"Tried so far: {concern.tried or 'nothing recorded'}",
            "History:",
            *(f"  {history_line(change, view)}" for change in concern.history),
        ),
        buttons=buttons,
    )


def graduated_approach_notice(
    pupil: Pupil, sendco: Staff, *, concerns: int, raisers: int, term_start: date, on: date
) -> Notice:
    """Early identification: prompt one SENDCO, privately, about one pupil, once a term."""
    return Notice(
        key=f"concern:graduated:{pupil.id}:{term_start.isoformat()}:{sendco.id}",
        reply=Reply(
            title=f"Consider the graduated approach for {pupil.known_as}",
            fields=(
                ("Pupil", f"{pupil.known_as} ({year_label(pupil.year_group)})"),
                ("Concerns this term", str(concerns)),
                ("Raised by", f"{raisers} different members of staff"),
                ("SEN provision now", PROVISION_LABELS.get(pupil.sen_status, pupil.sen_status)),
            ),
            lines=(
                "Several colleagues have noticed something this term. Consider whether to start "
                "a cycle of assess, plan, do, review (SEN support), with the class teacher and "
                "the family.",
            ),
            buttons=(Button("pupil.open", "Open pupil record", str(pupil.id)),),
        ),
        on=on,
        rule="concern.graduated_approach",
        staff_id=sendco.id,
        subject_ref=pupil.upn,
    )
