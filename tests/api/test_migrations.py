"""Alembic: ``upgrade head`` builds the schema the models describe, and is idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from api.db import make_engine, upgrade
from api.db.models import Base, utcnow


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
        shown = {tuple(row) for row in conn.execute(select(Job.name, Job.has_schedule))}
    engine.dispose()
    assert shown == {("dalian-2026-autumn", True), ("", False)}


def test_0005_stores_the_job_documents_after_the_small_columns(db_url: str) -> None:
    """SQLite reaches a column by walking the overflow pages of the large values stored
    before it: a job's created_at, name and figures came after its scenario, reference
    and schedule, and a job list of 60 L jobs took 0.5 s to read them. 0005 moves the
    documents last (PostgreSQL keeps them out of the row: nothing moves) and keeps every
    job's values and the rows pointing at them."""
    from sqlalchemy import JSON, Boolean, DateTime, column, select, table, text

    from api.db.models import Job, ScheduleVersion, utcnow

    engine = make_engine(db_url)
    upgrade(engine, "0004")
    jobs = table(
        "jobs",
        column("id"),
        column("kind"),
        column("status"),
        column("name"),
        column("scenario", JSON),
        column("reference", JSON),
        column("options", JSON),
        column("schedule", JSON(none_as_null=True)),  # None: SQL NULL, as the model stores it
        column("rerun_of"),
        column("objective"),
        column("cancel_requested", Boolean),
        column("created_at", DateTime),
        column("created_by"),
    )
    row = {"kind": "scenario", "options": {"seed": 1}, "cancel_requested": False}
    scenario, schedule = {"name": "big", "cohorts": ["x" * 5000]}, {"sessions": [1, 2]}
    with engine.begin() as conn:
        conn.execute(
            jobs.insert(),
            [
                {**row, "id": 1, "status": "done", "name": "big", "scenario": scenario,
                 "reference": None, "schedule": schedule, "rerun_of": None, "objective": 7.0,
                 "created_at": utcnow(), "created_by": "t"},
                {**row, "id": 2, "status": "queued", "name": "big", "scenario": scenario,
                 "reference": schedule, "schedule": None, "rerun_of": 1, "objective": None,
                 "created_at": utcnow(), "created_by": "u"},
            ],
        )  # fmt: skip
        conn.execute(
            table(
                "terms", column("id"), column("name"), column("base", JSON), column("status"),
                column("created_at", DateTime), column("created_by"),
                column("updated_at", DateTime),
            ).insert().values(id=1, name="t", base={}, status="open", created_at=utcnow(),
                              created_by="t", updated_at=utcnow())
        )  # fmt: skip
        conn.execute(
            table(
                "schedule_versions", column("term_id"), column("number"), column("job_id"),
                column("scenario", JSON), column("schedule", JSON),
                column("created_at", DateTime), column("created_by"),
            ).insert().values(term_id=1, number=1, job_id=1, scenario=scenario,
                              schedule=schedule, created_at=utcnow(), created_by="t")
        )  # fmt: skip
    upgrade(engine)
    with engine.connect() as conn:
        shown = conn.execute(
            select(
                Job.id, Job.name, Job.scenario, Job.reference, Job.schedule, Job.has_schedule,
                Job.rerun_of, Job.objective, Job.options, Job.created_by,
            ).order_by(Job.id)
        ).all()  # fmt: skip
        assert conn.execute(select(ScheduleVersion.job_id)).scalars().all() == [1]
        if engine.dialect.name == "sqlite":
            order = [r[1] for r in conn.execute(text("PRAGMA table_info(jobs)"))]
            assert order[-3:] == ["scenario", "reference", "schedule"]
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            # whether a job has a schedule is read from the row's header, not the value
            assert "typeof(jobs.schedule)" in str(
                select(Job.has_schedule).compile(dialect=engine.dialect)
            )
    engine.dispose()
    assert [tuple(r) for r in shown] == [
        (1, "big", scenario, None, schedule, True, None, 7.0, {"seed": 1}, "t"),
        (2, "big", scenario, schedule, None, False, 1, None, {"seed": 1}, "u"),
    ]


class _Killed(Exception):
    """The upgrade's process stopping at a chosen statement."""


def _jobs_columns(engine: Any) -> list[str]:
    from sqlalchemy import text

    with engine.connect() as conn:
        return [r[1] for r in conn.execute(text("PRAGMA table_info(jobs)"))]


def _version(engine: Any) -> str:
    from sqlalchemy import text

    with engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())


# every statement 0005 sends on SQLite, and the stamp of its revision after them
_STEPS_OF_0005 = 11


@pytest.mark.parametrize("after", range(1, _STEPS_OF_0005 + 1))
def test_0005_stopped_part_way_leaves_0004_and_runs_again(sqlite_url: str, after: int) -> None:
    """Python's sqlite3 opens a transaction before an INSERT, UPDATE or DELETE only: the
    columns 0005 adds first were each committed alone, and an upgrade stopped after one
    (killed, a full disk) left it, every later start failing with "duplicate column
    name". An upgrade is now one transaction on SQLite too: stopped after any of its
    statements, it leaves the database as 0004 left it, and the next start finishes."""
    from sqlalchemy import event, insert, select

    from api.db.models import Job

    engine = make_engine(sqlite_url)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            insert(Job).values(
                id=1, kind="scenario", status="done", name="t", scenario={"name": "t"},
                options={}, schedule={"sessions": [1]}, cancel_requested=False,
                created_at=utcnow(), created_by="t",
            )
        )  # fmt: skip
    before = _jobs_columns(engine)
    sent: list[str] = []

    def stop(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if sent or "scenario_last" in statement:  # 0005's first statement on
            sent.append(statement)
        if len(sent) == after:
            raise _Killed(statement)

    event.listen(engine, "after_cursor_execute", stop)
    with pytest.raises(_Killed):
        upgrade(engine)
    event.remove(engine, "after_cursor_execute", stop)
    assert (_version(engine), _jobs_columns(engine)) == ("0004", before)
    upgrade(engine)
    assert _version(engine) == "0005"
    assert _jobs_columns(engine)[-3:] == ["scenario", "reference", "schedule"]
    with engine.connect() as conn:
        row = conn.execute(select(Job.name, Job.scenario, Job.schedule)).one()
    engine.dispose()
    assert tuple(row) == ("t", {"name": "t"}, {"sessions": [1]})


def test_0005_on_a_sqlite_without_drop_column_leaves_the_order_and_says_why(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``ALTER TABLE ... DROP COLUMN`` is SQLite 3.35 on (Debian 11 ships 3.34): there
    0005 moves nothing, and says so naming the version, instead of failing every start;
    the schema is the models' all the same (only the columns' order differs)."""
    import logging
    import sqlite3

    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.34.1")
    engine = make_engine(sqlite_url)
    with caplog.at_level(logging.WARNING):
        upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    columns = _jobs_columns(engine)
    version = _version(engine)
    engine.dispose()
    assert (diff, version) == ([], "0005")
    assert columns[-3:] != ["scenario", "reference", "schedule"]  # the order 0004 left
    assert any("SQLite 3.34.1 cannot drop a column (3.35 on)" in r.message for r in caplog.records)


def test_the_alembic_command_stopped_part_way_leaves_the_database_as_it_was(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``alembic -c api/alembic.ini -x url=... downgrade`` (docs/api.md, going back) opens
    its own connection: a batch migration's ``CREATE TABLE _alembic_tmp_jobs`` was
    committed alone, and a downgrade stopped after it left the table, every later try
    failing with "table _alembic_tmp_jobs already exists". One transaction there too."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import Engine, event

    engine = make_engine(sqlite_url)
    upgrade(engine)
    before = _jobs_columns(engine)
    ini = Path(__file__).resolve().parents[2] / "api" / "alembic.ini"
    monkeypatch.setenv("TRAINSHARE_DB_URL", sqlite_url)  # what -x url=... gives

    def stop(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if "INSERT INTO _alembic_tmp_jobs" in statement:  # its table made, rows not yet
            raise _Killed(statement)

    event.listen(Engine, "after_cursor_execute", stop)
    try:
        with pytest.raises(_Killed):
            command.downgrade(Config(str(ini)), "0003")
    finally:
        event.remove(Engine, "after_cursor_execute", stop)
    from sqlalchemy import inspect

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert "_alembic_tmp_jobs" not in tables
    assert (_version(engine), _jobs_columns(engine)) == ("0005", before)
    command.downgrade(Config(str(ini)), "0003")
    assert _version(engine) == "0003" and "name" not in _jobs_columns(engine)
    engine.dispose()
