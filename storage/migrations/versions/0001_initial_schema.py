"""Initial schema: every table of the domain, and an append-only audit trail.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 18:22:26.360254
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


AUDIT_GUARD_PG = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql
"""


def _protect_audit_trail() -> None:
    """The audit trail refuses UPDATE and DELETE in the database itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(AUDIT_GUARD_PG)
        op.execute(
            "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )


def _unprotect_audit_trail() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")


def upgrade() -> None:

    op.create_table('processed_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('event_key', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("platform IN ('slack', 'teams', 'console')", name=op.f('ck_processed_events_platform_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_processed_events')),
    sa.UniqueConstraint('platform', 'event_key', name=op.f('uq_processed_events_platform_event_key'))
    )
    op.create_table('schools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('urn', sa.String(length=10), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools')),
    sa.UniqueConstraint('name', name=op.f('uq_schools_name'))
    )
    op.create_table('calendar_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.CheckConstraint("kind IN ('term', 'inset', 'closure')", name=op.f('ck_calendar_periods_kind_valid')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_calendar_periods_ordered_dates')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_calendar_periods_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_periods')),
    sa.UniqueConstraint('school_id', 'kind', 'starts_on', name=op.f('uq_calendar_periods_school_id_kind_starts_on'))
    )
    with op.batch_alter_table('calendar_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_periods_school_id'), ['school_id'], unique=False)

    op.create_table('pupils',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('upn', sa.String(length=13), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('preferred_name', sa.String(length=100), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('year_group', sa.Integer(), nullable=False),
    sa.Column('class_name', sa.String(length=32), nullable=False),
    sa.Column('sen_status', sa.String(length=1), nullable=False),
    sa.Column('looked_after', sa.Boolean(), nullable=False),
    sa.Column('on_roll', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sen_status IN ('N', 'K', 'E')", name=op.f('ck_pupils_sen_status_valid')),
    sa.CheckConstraint('length(first_name) > 0 AND length(last_name) > 0', name=op.f('ck_pupils_names_present')),
    sa.CheckConstraint('length(upn) = 13', name=op.f('ck_pupils_upn_length')),
    sa.CheckConstraint('year_group BETWEEN -1 AND 13', name=op.f('ck_pupils_year_group_range')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_pupils_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pupils')),
    sa.UniqueConstraint('school_id', 'upn', name=op.f('uq_pupils_school_id_upn'))
    )
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pupils_school_id'), ['school_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("email LIKE '%_@_%'", name=op.f('ck_staff_email_shape')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_staff_email_lowercase')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_staff_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('school_id', 'email', name=op.f('uq_staff_school_id_email'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_school_id'), ['school_id'], unique=False)

    op.create_table('training_courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('valid_months', sa.Integer(), nullable=True),
    sa.CheckConstraint('valid_months IS NULL OR valid_months > 0', name=op.f('ck_training_courses_validity_positive')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_training_courses_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_courses')),
    sa.UniqueConstraint('school_id', 'name', name=op.f('uq_training_courses_school_id_name'))
    )
    with op.batch_alter_table('training_courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_courses_school_id'), ['school_id'], unique=False)

    op.create_table('advice_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.CheckConstraint("status IN ('open', 'claimed', 'answered', 'closed')", name=op.f('ck_advice_requests_status_valid')),
    sa.CheckConstraint('length(question) > 0', name=op.f('ck_advice_requests_question_present')),
    sa.ForeignKeyConstraint(['asked_by_id'], ['staff.id'], name=op.f('fk_advice_requests_asked_by_id_staff'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['staff.id'], name=op.f('fk_advice_requests_claimed_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_advice_requests_pupil_id_pupils'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_advice_requests_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_requests'))
    )
    with op.batch_alter_table('advice_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_requests_asked_by_id'), ['asked_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_requests_school_id'), ['school_id'], unique=False)

    op.create_table('assessment_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('plan_issued_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('requested', 'agreed', 'refused', 'plan_issued', 'no_plan', 'withdrawn')", name=op.f('ck_assessment_requests_status_valid')),
    sa.CheckConstraint('decided_on IS NULL OR decided_on >= requested_on', name=op.f('ck_assessment_requests_ordered_decision')),
    sa.CheckConstraint('plan_issued_on IS NULL OR plan_issued_on >= requested_on', name=op.f('ck_assessment_requests_ordered_issue')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_assessment_requests_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_assessment_requests_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_requests'))
    )
    with op.batch_alter_table('assessment_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_requests_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_requests_school_id'), ['school_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.CheckConstraint("action IN ('create', 'read', 'update', 'delete', 'export', 'import', 'deny')", name=op.f('ck_audit_events_action_valid')),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_audit_events_actor_id_staff'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_audit_events_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_school_id'), ['school_id'], unique=False)

    op.create_table('concerns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('observed', sa.Text(), nullable=False),
    sa.Column('tried', sa.Text(), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.CheckConstraint("status IN ('new', 'acknowledged', 'monitoring', 'more_info_requested', 'sen_support_started', 'referred', 'closed')", name=op.f('ck_concerns_status_valid')),
    sa.CheckConstraint("urgency IN ('low', 'medium', 'high')", name=op.f('ck_concerns_urgency_valid')),
    sa.CheckConstraint('length(observed) > 0', name=op.f('ck_concerns_observed_present')),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['staff.id'], name=op.f('fk_concerns_assigned_to_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['raised_by_id'], ['staff.id'], name=op.f('fk_concerns_raised_by_id_staff'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_concerns_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concerns'))
    )
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concerns_raised_by_id'), ['raised_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concerns_school_id'), ['school_id'], unique=False)

    op.create_table('conversation_states',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('conversation_key', sa.String(length=200), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("platform IN ('slack', 'teams', 'console')", name=op.f('ck_conversation_states_platform_valid')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_conversation_states_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_states')),
    sa.UniqueConstraint('platform', 'conversation_key', name=op.f('uq_conversation_states_platform_conversation_key'))
    )
    with op.batch_alter_table('conversation_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_states_staff_id'), ['staff_id'], unique=False)

    op.create_table('interventions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('programme', sa.String(length=100), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=True),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('weekdays', sa.String(length=24), nullable=False),
    sa.Column('schedule_note', sa.String(length=200), nullable=False),
    sa.Column('planned_sessions', sa.Integer(), nullable=True),
    sa.Column('session_minutes', sa.Integer(), nullable=True),
    sa.Column('cost_per_session_pence', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=24), nullable=False),
    sa.Column('custom_scale', sa.String(length=100), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("area IS NULL OR area IN ('communication_and_interaction', 'cognition_and_learning', 'social_emotional_and_mental_health', 'sensory_and_physical')", name=op.f('ck_interventions_area_valid')),
    sa.CheckConstraint("measure IN ('standardised_score', 'reading_age_months', 'spelling_age_months', 'custom')", name=op.f('ck_interventions_measure_valid')),
    sa.CheckConstraint("status IN ('planned', 'active', 'completed', 'stopped')", name=op.f('ck_interventions_status_valid')),
    sa.CheckConstraint('cost_per_session_pence >= 0', name=op.f('ck_interventions_cost_not_negative')),
    sa.CheckConstraint('end_on IS NULL OR end_on >= start_on', name=op.f('ck_interventions_ordered_dates')),
    sa.CheckConstraint('planned_sessions IS NULL OR planned_sessions > 0', name=op.f('ck_interventions_planned_positive')),
    sa.CheckConstraint('session_minutes IS NULL OR session_minutes BETWEEN 1 AND 480', name=op.f('ck_interventions_minutes_range')),
    sa.ForeignKeyConstraint(['lead_id'], ['staff.id'], name=op.f('fk_interventions_lead_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_interventions_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interventions')),
    sa.UniqueConstraint('school_id', 'name', name=op.f('uq_interventions_school_id_name'))
    )
    with op.batch_alter_table('interventions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interventions_school_id'), ['school_id'], unique=False)

    op.create_table('key_adults',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('relationship_note', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_key_adults_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_key_adults_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_adults')),
    sa.UniqueConstraint('pupil_id', 'staff_id', name=op.f('uq_key_adults_pupil_id_staff_id'))
    )
    with op.batch_alter_table('key_adults', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_adults_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_adults_staff_id'), ['staff_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=254), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'sending', 'delivered', 'snoozed', 'done', 'failed')", name=op.f('ck_outbox_status_valid')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_attempts_not_negative')),
    sa.CheckConstraint('length(key) > 0', name=op.f('ck_outbox_key_present')),
    sa.ForeignKeyConstraint(['recipient_id'], ['staff.id'], name=op.f('fk_outbox_recipient_id_staff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_outbox_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_key'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('review_due_on', sa.Date(), nullable=True),
    sa.Column('last_reviewed_on', sa.Date(), nullable=True),
    sa.Column('local_authority', sa.String(length=100), nullable=False),
    sa.Column('parent_views', sa.Text(), nullable=False),
    sa.Column('pupil_views', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('sen_support', 'ehcp', 'health_care', 'pep')", name=op.f('ck_plans_kind_valid')),
    sa.CheckConstraint("status IN ('active', 'ended')", name=op.f('ck_plans_status_valid')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_plans_ordered_dates')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_plans_created_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_plans_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_plans_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_school_id'), ['school_id'], unique=False)

    op.create_table('platform_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace_id', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=False),
    sa.CheckConstraint("platform IN ('slack', 'teams', 'console')", name=op.f('ck_platform_identities_platform_valid')),
    sa.CheckConstraint('length(external_id) > 0', name=op.f('ck_platform_identities_external_id_present')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_platform_identities_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_identities')),
    sa.UniqueConstraint('platform', 'workspace_id', 'external_id', name=op.f('uq_platform_identities_platform_workspace_id_external_id')),
    sa.UniqueConstraint('staff_id', 'platform', 'workspace_id', name=op.f('uq_platform_identities_staff_id_platform_workspace_id'))
    )
    with op.batch_alter_table('platform_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_identities_staff_id'), ['staff_id'], unique=False)

    op.create_table('pupil_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('need_code', sa.String(length=4), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.CheckConstraint("need_code IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH', 'NSA')", name=op.f('ck_pupil_needs_need_code_valid')),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_pupil_needs_rank_positive')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_pupil_needs_pupil_id_pupils'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pupil_needs')),
    sa.UniqueConstraint('pupil_id', 'need_code', name=op.f('uq_pupil_needs_pupil_id_need_code')),
    sa.UniqueConstraint('pupil_id', 'rank', name=op.f('uq_pupil_needs_pupil_id_rank'))
    )
    with op.batch_alter_table('pupil_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pupil_needs_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('register_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=1), nullable=True),
    sa.Column('to_status', sa.String(length=1), nullable=False),
    sa.Column('needs', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("from_status IS NULL OR from_status IN ('N', 'K', 'E')", name=op.f('ck_register_changes_from_status_valid')),
    sa.CheckConstraint("to_status IN ('N', 'K', 'E')", name=op.f('ck_register_changes_to_status_valid')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['staff.id'], name=op.f('fk_register_changes_changed_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_register_changes_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_register_changes_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_changes'))
    )
    with op.batch_alter_table('register_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_register_changes_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_register_changes_school_id'), ['school_id'], unique=False)

    op.create_table('role_requirements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('teacher', 'ta', 'sendco', 'dsl', 'head', 'admin')", name=op.f('ck_role_requirements_role_valid')),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_role_requirements_course_id_training_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_role_requirements_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_requirements')),
    sa.UniqueConstraint('school_id', 'role', 'course_id', name=op.f('uq_role_requirements_school_id_role_course_id'))
    )
    with op.batch_alter_table('role_requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_requirements_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_requirements_school_id'), ['school_id'], unique=False)

    op.create_table('staff_classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('class_name', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_classes_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_classes')),
    sa.UniqueConstraint('staff_id', 'class_name', name=op.f('uq_staff_classes_staff_id_class_name'))
    )
    with op.batch_alter_table('staff_classes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_classes_staff_id'), ['staff_id'], unique=False)

    op.create_table('staff_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.CheckConstraint("role IN ('teacher', 'ta', 'sendco', 'dsl', 'head', 'admin')", name=op.f('ck_staff_roles_role_valid')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_roles_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_roles')),
    sa.UniqueConstraint('staff_id', 'role', name=op.f('uq_staff_roles_staff_id_role'))
    )
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_roles_staff_id'), ['staff_id'], unique=False)

    op.create_table('training_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.CheckConstraint('expires_on IS NULL OR expires_on > completed_on', name=op.f('ck_training_records_ordered_dates')),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_training_records_course_id_training_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_training_records_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_records')),
    sa.UniqueConstraint('staff_id', 'course_id', 'completed_on', name=op.f('uq_training_records_staff_id_course_id_completed_on'))
    )
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_records_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_records_staff_id'), ['staff_id'], unique=False)

    op.create_table('advice_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(body) > 0', name=op.f('ck_advice_messages_body_present')),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], name=op.f('fk_advice_messages_author_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['advice_requests.id'], name=op.f('fk_advice_messages_request_id_advice_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_messages'))
    )
    with op.batch_alter_table('advice_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_messages_request_id'), ['request_id'], unique=False)

    op.create_table('concern_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.CheckConstraint("area IN ('communication_and_interaction', 'cognition_and_learning', 'social_emotional_and_mental_health', 'sensory_and_physical')", name=op.f('ck_concern_areas_area_valid')),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_concern_areas_concern_id_concerns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_areas')),
    sa.UniqueConstraint('concern_id', 'area', name=op.f('uq_concern_areas_concern_id_area'))
    )
    with op.batch_alter_table('concern_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_areas_concern_id'), ['concern_id'], unique=False)

    op.create_table('concern_pupils',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_concern_pupils_concern_id_concerns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_concern_pupils_pupil_id_pupils'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_pupils')),
    sa.UniqueConstraint('concern_id', 'pupil_id', name=op.f('uq_concern_pupils_concern_id_pupil_id'))
    )
    with op.batch_alter_table('concern_pupils', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_pupils_concern_id'), ['concern_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_pupils_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('concern_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("from_status IS NULL OR from_status IN ('new', 'acknowledged', 'monitoring', 'more_info_requested', 'sen_support_started', 'referred', 'closed')", name=op.f('ck_concern_status_changes_from_status_valid')),
    sa.CheckConstraint("to_status IN ('new', 'acknowledged', 'monitoring', 'more_info_requested', 'sen_support_started', 'referred', 'closed')", name=op.f('ck_concern_status_changes_to_status_valid')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['staff.id'], name=op.f('fk_concern_status_changes_changed_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_concern_status_changes_concern_id_concerns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_status_changes'))
    )
    with op.batch_alter_table('concern_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_status_changes_concern_id'), ['concern_id'], unique=False)

    op.create_table('intervention_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('entry_score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('entry_on', sa.Date(), nullable=True),
    sa.Column('exit_score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('exit_on', sa.Date(), nullable=True),
    sa.CheckConstraint('entry_score IS NULL OR entry_score >= 0', name=op.f('ck_intervention_members_entry_not_negative')),
    sa.CheckConstraint('exit_score IS NULL OR exit_score >= 0', name=op.f('ck_intervention_members_exit_not_negative')),
    sa.CheckConstraint('left_on IS NULL OR left_on >= joined_on', name=op.f('ck_intervention_members_ordered_dates')),
    sa.ForeignKeyConstraint(['intervention_id'], ['interventions.id'], name=op.f('fk_intervention_members_intervention_id_interventions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_intervention_members_pupil_id_pupils'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervention_members')),
    sa.UniqueConstraint('intervention_id', 'pupil_id', name=op.f('uq_intervention_members_intervention_id_pupil_id'))
    )
    with op.batch_alter_table('intervention_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_members_intervention_id'), ['intervention_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervention_members_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('intervention_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('duration_minutes BETWEEN 1 AND 480', name=op.f('ck_intervention_sessions_duration_range')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_intervention_sessions_rating_range')),
    sa.ForeignKeyConstraint(['intervention_id'], ['interventions.id'], name=op.f('fk_intervention_sessions_intervention_id_interventions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['logged_by_id'], ['staff.id'], name=op.f('fk_intervention_sessions_logged_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervention_sessions'))
    )
    with op.batch_alter_table('intervention_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_sessions_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervention_sessions_intervention_id'), ['intervention_id'], unique=False)

    op.create_table('plan_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('provision', sa.Text(), nullable=False),
    sa.Column('progress', sa.String(length=16), nullable=False),
    sa.CheckConstraint("progress IN ('not_started', 'progressing', 'achieved', 'not_achieved')", name=op.f('ck_plan_targets_progress_valid')),
    sa.CheckConstraint('length(outcome) > 0', name=op.f('ck_plan_targets_outcome_present')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_targets_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_targets'))
    )
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_targets_plan_id'), ['plan_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('meeting_on', sa.Date(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'held') = (held_on IS NOT NULL AND outcome IS NOT NULL)", name=op.f('ck_reviews_held_has_outcome')),
    sa.CheckConstraint("kind IN ('sen_support', 'ehcp_annual', 'ehcp_interim', 'phase_transfer', 'health_care', 'pep')", name=op.f('ck_reviews_kind_valid')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('continue', 'amend', 'cease', 'escalate', 'no_longer_needed')", name=op.f('ck_reviews_outcome_valid')),
    sa.CheckConstraint("status IN ('scheduled', 'held', 'cancelled')", name=op.f('ck_reviews_status_valid')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_reviews_plan_id_plans'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_reviews_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_reviews_recorded_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_reviews_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_school_id'), ['school_id'], unique=False)

    op.create_table('review_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('meeting_notice', 'papers_circulated', 'report_sent', 'la_decision')", name=op.f('ck_review_milestones_kind_valid')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_milestones_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_milestones')),
    sa.UniqueConstraint('review_id', 'kind', name=op.f('uq_review_milestones_review_id_kind'))
    )
    with op.batch_alter_table('review_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_milestones_review_id'), ['review_id'], unique=False)

    op.create_table('session_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('absence_reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('present OR length(absence_reason) > 0', name=op.f('ck_session_attendance_absence_has_reason')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_session_attendance_pupil_id_pupils'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['session_id'], ['intervention_sessions.id'], name=op.f('fk_session_attendance_session_id_intervention_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_attendance')),
    sa.UniqueConstraint('session_id', 'pupil_id', name=op.f('uq_session_attendance_session_id_pupil_id'))
    )
    with op.batch_alter_table('session_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_attendance_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_attendance_session_id'), ['session_id'], unique=False)
    _protect_audit_trail()


def downgrade() -> None:
    _unprotect_audit_trail()

    with op.batch_alter_table('session_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_attendance_pupil_id'))

    op.drop_table('session_attendance')
    with op.batch_alter_table('review_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_milestones_review_id'))

    op.drop_table('review_milestones')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_school_id'))
        batch_op.drop_index(batch_op.f('ix_reviews_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_reviews_due_on'))

    op.drop_table('reviews')
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_targets_plan_id'))

    op.drop_table('plan_targets')
    with op.batch_alter_table('intervention_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_sessions_intervention_id'))
        batch_op.drop_index(batch_op.f('ix_intervention_sessions_held_on'))

    op.drop_table('intervention_sessions')
    with op.batch_alter_table('intervention_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_members_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_intervention_members_intervention_id'))

    op.drop_table('intervention_members')
    with op.batch_alter_table('concern_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_status_changes_concern_id'))

    op.drop_table('concern_status_changes')
    with op.batch_alter_table('concern_pupils', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_pupils_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_concern_pupils_concern_id'))

    op.drop_table('concern_pupils')
    with op.batch_alter_table('concern_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_areas_concern_id'))

    op.drop_table('concern_areas')
    with op.batch_alter_table('advice_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_messages_request_id'))

    op.drop_table('advice_messages')
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_records_staff_id'))
        batch_op.drop_index(batch_op.f('ix_training_records_course_id'))

    op.drop_table('training_records')
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_roles_staff_id'))

    op.drop_table('staff_roles')
    with op.batch_alter_table('staff_classes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_classes_staff_id'))

    op.drop_table('staff_classes')
    with op.batch_alter_table('role_requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_requirements_school_id'))
        batch_op.drop_index(batch_op.f('ix_role_requirements_course_id'))

    op.drop_table('role_requirements')
    with op.batch_alter_table('register_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_register_changes_school_id'))
        batch_op.drop_index(batch_op.f('ix_register_changes_pupil_id'))

    op.drop_table('register_changes')
    with op.batch_alter_table('pupil_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pupil_needs_pupil_id'))

    op.drop_table('pupil_needs')
    with op.batch_alter_table('platform_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_identities_staff_id'))

    op.drop_table('platform_identities')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_school_id'))
        batch_op.drop_index(batch_op.f('ix_plans_pupil_id'))

    op.drop_table('plans')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_school_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('key_adults', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_adults_staff_id'))
        batch_op.drop_index(batch_op.f('ix_key_adults_pupil_id'))

    op.drop_table('key_adults')
    with op.batch_alter_table('interventions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interventions_school_id'))

    op.drop_table('interventions')
    with op.batch_alter_table('conversation_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_states_staff_id'))

    op.drop_table('conversation_states')
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concerns_school_id'))
        batch_op.drop_index(batch_op.f('ix_concerns_raised_by_id'))

    op.drop_table('concerns')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_school_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
    with op.batch_alter_table('assessment_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_requests_school_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_requests_pupil_id'))

    op.drop_table('assessment_requests')
    with op.batch_alter_table('advice_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_requests_school_id'))
        batch_op.drop_index(batch_op.f('ix_advice_requests_asked_by_id'))

    op.drop_table('advice_requests')
    with op.batch_alter_table('training_courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_courses_school_id'))

    op.drop_table('training_courses')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_school_id'))

    op.drop_table('staff')
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pupils_school_id'))

    op.drop_table('pupils')
    with op.batch_alter_table('calendar_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_periods_school_id'))

    op.drop_table('calendar_periods')
    op.drop_table('schools')
    op.drop_table('processed_events')

