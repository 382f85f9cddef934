"""What Alembic compares: our models, not the tables slack_sdk's OAuth stores define."""

from __future__ import annotations


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """slack_* tables belong to slack_sdk's stores (created by migration 0002)."""
    return not (type_ == "table" and name is not None and name.startswith("slack_"))
