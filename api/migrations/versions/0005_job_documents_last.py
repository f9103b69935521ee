"""jobs on SQLite: the documents stored after every other column

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 15:40:00

SQLite stores a row's columns in order, a large value spilling into a chain of overflow
pages, and reaches a column by walking the chain up to it. The job lists read a job's
small columns only, but ``created_at``, ``created_by``, ``name``, the figures and the
schedule's presence were stored after its scenario, reference and schedule: about 3 ms a
job to reach on a generated L term (8 MB of documents), 0.2-0.4 s for a list of 60. The
three documents are moved to the end: added again, copied, the old columns dropped
(``ALTER TABLE ... DROP COLUMN``, SQLite 3.35 on), the new ones renamed. The table's
foreign keys and the rows pointing at it stay as they are (rebuilding the table would
drop it under them).

PostgreSQL keeps large values out of the row (TOAST): nothing to do there. The
downgrade leaves the order (the schema is the same).
"""

from __future__ import annotations

import logging
import sqlite3

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The documents, in their new order, with what their columns declare.
DOCUMENTS = (
    ("scenario", "NOT NULL DEFAULT '{}'"),  # every job has one; the default fills nothing
    ("reference", ""),
    ("schedule", ""),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    if sqlite3.sqlite_version_info < (3, 35):  # no DROP COLUMN: the lists stay slower
        logging.getLogger(__name__).warning(
            "SQLite %s cannot drop a column (3.35 on): the jobs' documents stay where they "
            "are, and job lists read past them",
            sqlite3.sqlite_version,
        )
        return
    for name, declared in DOCUMENTS:
        op.execute(f"ALTER TABLE jobs ADD COLUMN {name}_last JSON {declared}")
    op.execute("UPDATE jobs SET " + ", ".join(f"{name}_last = {name}" for name, _ in DOCUMENTS))
    for name, _ in DOCUMENTS:
        op.execute(f"ALTER TABLE jobs DROP COLUMN {name}")
        op.execute(f"ALTER TABLE jobs RENAME COLUMN {name}_last TO {name}")


def downgrade() -> None:
    pass  # the same columns, in another order
