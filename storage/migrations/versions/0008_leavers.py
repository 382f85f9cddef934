"""Leavers: the date a pupil left and the school they went to. A leaver's record is closed
(read-only) and kept until the retention period ends.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("destination", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.drop_column("destination")
        batch_op.drop_column("left_on")
