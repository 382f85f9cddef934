"""How codes read to a person: year groups, SEN provision and need types."""

from __future__ import annotations

from collections.abc import Iterable

from storage.codes import NEED_TYPE_NAMES, NeedType, SenProvision

PROVISION_LABELS: dict[SenProvision, str] = {
    SenProvision.NONE: "No SEN",
    SenProvision.SUPPORT: "SEN support",
    SenProvision.EHCP: "EHC plan",
}


CENSUS_YEARS = {-2: "N1", -1: "N2", 0: "R"}


def year_label(year_group: int) -> str:
    """The census way of writing a year group (NCyearActual): N1 and N2 (nursery),
    R (Reception), 1 to 13."""
    return CENSUS_YEARS.get(year_group, str(year_group))


def provision_label(code: str) -> str:
    """ "K — SEN support" for "K"."""
    return f"{code} — {PROVISION_LABELS[SenProvision(code)]}"


def need_name(code: str) -> str:
    return NEED_TYPE_NAMES[NeedType(code)]


def needs_text(codes: Iterable[str]) -> str:
    """ "1. SPLD Specific learning difficulty; 2. SLCN ..." or "none recorded"."""
    parts = [f"{rank}. {code} {need_name(code)}" for rank, code in enumerate(codes, 1)]
    return "; ".join(parts) or "none recorded"
