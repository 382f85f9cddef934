"""Files offered in Teams: an export waits for the person to accept it (a file consent card).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offered_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_offered_files_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offered_files")),
        sa.UniqueConstraint("token", name=op.f("uq_offered_files_token")),
    )  # fmt: skip
    with op.batch_alter_table("offered_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offered_files_staff_id"), ["staff_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("offered_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offered_files_staff_id"))
    op.drop_table("offered_files")
