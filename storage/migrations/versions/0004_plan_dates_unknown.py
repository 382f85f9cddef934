"""Plans whose start (EHCP issue) date is not known yet, so every K and E pupil has a plan
the reminder rules can see; pupils previously looked after; the school's advice to an EHC
needs assessment (reg 8); the census's two nursery years; the reg 22 amendment of a plan
after its review; exceptions to the statutory timescales; training needed within months of taking a role.

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
    op.create_table('deadline_exceptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('length(reason) > 0', name=op.f('ck_deadline_exceptions_reason_present')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_deadline_exceptions_recorded_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_deadline_exceptions_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_exceptions')),
    sa.UniqueConstraint('school_id', 'rule', 'ref', name=op.f('uq_deadline_exceptions_school_id_rule_ref'))
    )
    with op.batch_alter_table('deadline_exceptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_exceptions_school_id'), ['school_id'], unique=False)
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('date_unknown', sa.Boolean(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('since', sa.Date(), nullable=True))
    with op.batch_alter_table('role_requirements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('within_months', sa.Integer(), nullable=True))
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
    with op.batch_alter_table('role_requirements', schema=None) as batch_op:
        batch_op.drop_column('within_months')
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.drop_column('since')
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
    with op.batch_alter_table('deadline_exceptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_exceptions_school_id'))
    op.drop_table('deadline_exceptions')
