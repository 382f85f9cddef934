"""Deleting a pupil no longer deletes their plans, reviews and needs-assessment history: the
foreign keys refuse (RESTRICT) instead of cascading, so the records are kept for as long as
the retention rules say.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("plans", "reviews", "assessment_requests")


def _point(table: str, ondelete: str) -> None:
    name = op.f(f"fk_{table}_pupil_id_pupils")
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(name, type_="foreignkey")
        batch_op.create_foreign_key(name, "pupils", ["pupil_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    for table in TABLES:
        _point(table, "RESTRICT")


def downgrade() -> None:
    for table in TABLES:
        _point(table, "CASCADE")
