"""How codes read to a person: year groups, SEN provision and need types."""

from __future__ import annotations

from collections.abc import Iterable

from storage.codes import NEED_TYPE_NAMES, NeedType, SenProvision

PROVISION_LABELS: dict[SenProvision, str] = {
    SenProvision.NONE: "No SEN",
    SenProvision.SUPPORT: "SEN support",
    SenProvision.EHCP: "EHC plan",
}


def year_label(year_group: int) -> str:
    """The census way of writing a year group: N (nursery), R (Reception), 1 to 13."""
    if year_group == -1:
        return "N"
    if year_group == 0:
        return "R"
    return str(year_group)


def provision_label(code: str) -> str:
    """ "K — SEN support" for "K"."""
    return f"{code} — {PROVISION_LABELS[SenProvision(code)]}"


def need_name(code: str) -> str:
    return NEED_TYPE_NAMES[NeedType(code)]


def needs_text(codes: Iterable[str]) -> str:
    """ "1. SPLD Specific learning difficulty; 2. SLCN ..." or "none recorded"."""
    parts = [f"{rank}. {code} {need_name(code)}" for rank, code in enumerate(codes, 1)]
    return "; ".join(parts) or "none recorded"
