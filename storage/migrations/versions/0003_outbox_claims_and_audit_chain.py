"""A roster version per school (so rosters can be cached), outbox claims that a deliverer re-checks (claim token, not-before) and an audit trail the
app's own database user cannot rewrite: REPLACE refused and a hash chain on SQLite; TRUNCATE
refused and a `sendco_app` role with INSERT/SELECT only on audit_events on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 01:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

APP_ROLE = "sendco_app"

NO_REPLACE_SQLITE = """
CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
"""

NO_TRUNCATE_PG = (
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
)

# The bot runs as a role that owns nothing: it reads and writes the records, may only add to
# the audit trail, and cannot drop or disable a trigger (only the owner can). Creating the
# role needs CREATEROLE; where the migrating user lacks it, an admin creates it (README).
APP_ROLE_PG = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        BEGIN
            CREATE ROLE {APP_ROLE} NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'cannot create role {APP_ROLE}: ask an admin to create it';
        END;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO {APP_ROLE}', current_database());
        GRANT USAGE ON SCHEMA public TO {APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE};
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM {APP_ROLE};
        REVOKE ALL ON alembic_version FROM {APP_ROLE};
        GRANT SELECT ON alembic_version TO {APP_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public
            GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE};
    END IF;
END
$$
"""


def upgrade() -> None:
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('roster_version', sa.Integer(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_before', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=36), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.add_column('audit_events', sa.Column('chain_hash', sa.String(length=64), nullable=True))
        op.execute(NO_TRUNCATE_PG)
        op.execute(APP_ROLE_PG)
    else:
        # Not batch mode: rebuilding the table would drop its append-only triggers.
        op.execute("ALTER TABLE audit_events ADD COLUMN chain_hash VARCHAR(64)")
        op.execute(NO_REPLACE_SQLITE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.drop_column('audit_events', 'chain_hash')
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_replace")
        op.execute("ALTER TABLE audit_events DROP COLUMN chain_hash")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('claim_token')
        batch_op.drop_column('not_before')
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('roster_version')
