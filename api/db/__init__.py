"""Database access: engine per URL, sessions, and migrations to the newest schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    """An engine that is safe to share between the request threads and the job runner.

    SQLite gets WAL (readers do not block the writer) and a busy timeout, so that the job
    runner's progress updates and request writes wait for each other instead of failing.
    """
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose rows stay readable after commit (``expire_on_commit=False``): routes commit
    before they build their answer from the same rows.
    """
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (for non-request code)."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run ``alembic upgrade head`` on ``engine`` (the app does this at every start); tests
    stop at an older ``revision`` to see a later one migrate the rows it finds."""
    from alembic import command
    from alembic.config import Config

    package = Path(__file__).resolve().parent.parent
    cfg = Config(str(package / "alembic.ini"))
    cfg.set_main_option("script_location", str(package / "migrations"))
    from alembic.util.exc import CommandError

    try:
        with engine.connect() as connection, one_transaction(connection):
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except CommandError as e:
        # a revision this release does not know: a newer release migrated the database,
        # and alembic's own words ("Can't locate revision...") tell an operator nothing
        raise ValueError(
            f"the database's schema ({e}) is newer than this release knows: run the "
            "release that migrated it, or restore the copy taken before the upgrade"
        ) from None


@contextmanager
def one_transaction(connection: Connection) -> Iterator[None]:
    """The whole upgrade in one transaction, committed or rolled back as one, on SQLite too.

    Python's sqlite3 opens a transaction before an INSERT, UPDATE or DELETE only: the
    ``ALTER TABLE`` and ``CREATE TABLE`` statements before a migration's first such one
    were each committed alone, and an upgrade stopped between them (killed, a full disk)
    left them behind (0005's first added column failed every later start with "duplicate
    column name"). On SQLite the upgrade's connection sends its own ``BEGIN IMMEDIATE``,
    with the driver's implicit transactions off: IMMEDIATE takes the write lock first, so
    that two servers starting together migrate one after the other. Inside it a
    migration cannot turn foreign keys off (``PRAGMA foreign_keys`` does nothing in a
    transaction); ``PRAGMA defer_foreign_keys = ON`` checks them at the commit instead.
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    driver: Any = connection.connection.driver_connection
    implicit = driver.isolation_level
    driver.isolation_level = None  # no transaction is open yet: this commits nothing
    try:
        with connection.begin():
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield  # the driver's commit and rollback end the transaction BEGIN opened
    finally:
        driver.isolation_level = implicit
