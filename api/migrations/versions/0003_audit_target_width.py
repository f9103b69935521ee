"""audit.target_id: 600 characters, room for a submission's term/institution/id

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 01:30:00

A submission's target is ``{term}/{institution}/{local_id}``, two ids of up to 200
characters each: PostgreSQL refused the audit row of the longest (VARCHAR(400)), and the
change it recorded failed with it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.alter_column(
            "target_id", existing_type=sa.String(400), type_=sa.String(600), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.alter_column(
            "target_id", existing_type=sa.String(600), type_=sa.String(400), existing_nullable=False
        )
