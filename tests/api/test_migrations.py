"""Alembic: ``upgrade head`` builds the schema the models describe, and is idempotent."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from api.db import make_engine, upgrade
from api.db.models import Base


def test_upgrade_head_matches_the_models_and_runs_twice(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    upgrade(engine)  # every start runs it: nothing to do the second time
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert diff == []
    assert {
        "api_keys",
        "scenarios",
        "jobs",
        "terms",
        "schedule_versions",
        "amendments",
        "audit",
        "alembic_version",
    } <= tables
