"""Plans whose start (EHCP issue) date is not known yet, so every K and E pupil has a plan
the reminder rules can see; pupils previously looked after; the school's advice to an EHC
needs assessment (reg 8); the census's two nursery years; the reg 22 amendment of a plan
after its review.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 02:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('date_unknown', sa.Boolean(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amendment_notice_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('amended_plan_on', sa.Date(), nullable=True))
    with op.batch_alter_table('assessment_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('advice_asked_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('advice_sent_on', sa.Date(), nullable=True))
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('previously_looked_after', sa.Boolean(), server_default='0', nullable=False)
        )
        # The census's two nursery years: N1 (-2) and N2 (-1).
        batch_op.drop_constraint(op.f('ck_pupils_year_group_range'), type_='check')
        batch_op.create_check_constraint('year_group_range', 'year_group BETWEEN -2 AND 13')


def downgrade() -> None:
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_column('amended_plan_on')
        batch_op.drop_column('amendment_notice_on')
    with op.batch_alter_table('assessment_requests', schema=None) as batch_op:
        batch_op.drop_column('advice_sent_on')
        batch_op.drop_column('advice_asked_on')
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.drop_column('previously_looked_after')
        batch_op.drop_constraint(op.f('ck_pupils_year_group_range'), type_='check')
        batch_op.create_check_constraint('year_group_range', 'year_group BETWEEN -1 AND 13')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('date_unknown')
