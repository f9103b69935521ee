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


def test_0004_names_the_jobs_stored_before_it(db_url: str) -> None:
    """Job lists show ``jobs.name`` and ``has_schedule`` instead of loading each scenario
    and schedule (megabytes on a large term): jobs stored before get their name from
    their scenario, and a schedule stored as JSON null counts as none."""
    from sqlalchemy import JSON, Boolean, DateTime, column, select, table

    from api.db.models import Job, utcnow

    engine = make_engine(db_url)
    upgrade(engine, "0003")
    jobs = table(
        "jobs",
        column("kind"),
        column("status"),
        column("scenario", JSON),
        column("options", JSON),
        column("schedule", JSON),
        column("cancel_requested", Boolean),
        column("created_at", DateTime),
        column("created_by"),
    )
    row = {"kind": "scenario", "status": "done", "options": {}, "cancel_requested": False}
    stored: list[tuple[dict[str, object], dict[str, object] | None]] = [
        ({"name": "dalian-2026-autumn"}, {"sessions": []}),
        ({"requests": []}, None),  # JSON null, as the column stored None then
    ]
    with engine.begin() as conn:
        for scenario, schedule in stored:
            conn.execute(
                jobs.insert().values(
                    **row, scenario=scenario, schedule=schedule, created_at=utcnow(), created_by="t"
                )
            )
    upgrade(engine)
    with engine.connect() as conn:
        shown = set(conn.execute(select(Job.name, Job.has_schedule)).tuples())
    engine.dispose()
    assert shown == {("dalian-2026-autumn", True), ("", False)}
