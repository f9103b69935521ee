"""Alembic: ``upgrade head`` builds the schema the models describe, and is idempotent."""

from __future__ import annotations

from pathlib import Path

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


def test_a_database_a_newer_release_migrated_is_refused_in_words(tmp_path: Path) -> None:
    # rolling the code back after an upgrade ended in alembic's traceback
    # ("Can't locate revision identified by '0003'"; a persistence audit)
    import pytest
    from sqlalchemy import text
    from typer.testing import CliRunner

    from scheduler.cli import app

    url = f"sqlite:///{tmp_path / 'newer.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ValueError, match="newer than this release knows"):
        upgrade(engine)
    engine.dispose()
    result = CliRunner().invoke(app, ["api-key", "list", "--db-url", url])
    assert result.exit_code == 2, result.output
    assert "'9999'" in result.output and "Traceback" not in result.output
