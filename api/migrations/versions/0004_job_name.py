"""jobs.name: the scenario's name, so that job lists need not load the document

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 12:30:00

The web start page and source picker showed each job's scenario name by loading the
whole scenario (megabytes on a large term) of the newest 100 jobs. Existing jobs get
the name from their stored scenario, read by the database. ``has_schedule`` is now
computed by the database (``schedule IS NOT NULL``), and a schedule set to None had been
stored as JSON null: such jobs get SQL NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("name", sa.String(400), nullable=False, server_default=""))
    jobs = sa.table(
        "jobs",
        sa.column("name", sa.String(400)),
        sa.column("scenario", sa.JSON),
        sa.column("schedule", sa.JSON),
    )
    name = jobs.c.scenario["name"].as_string()
    op.execute(jobs.update().values(name=sa.func.coalesce(sa.func.substr(name, 1, 400), "")))
    # ``has_schedule`` is ``schedule IS NOT NULL``: a schedule set to None was stored as
    # JSON null before the column stored None as SQL NULL
    op.execute(
        jobs.update().where(sa.cast(jobs.c.schedule, sa.Text) == "null").values(schedule=sa.null())
    )


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("name")
