"""Alembic environment: uses the connection the app hands over, or ``-x url=...``."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from api.db import one_transaction
from api.db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "TRAINSHARE_DB_URL", "sqlite:///./trainshare.db"
    )
    # one transaction, as the app's upgrade (stopped part-way, it leaves nothing)
    with create_engine(url).connect() as conn, one_transaction(conn):
        _run(conn)
