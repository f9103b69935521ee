"""Database access: engine per URL, sessions, and migrations to the newest schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

#: Seconds a new PostgreSQL connection may take (libpq's ``connect_timeout``).
CONNECT_TIMEOUT = 10
#: Seconds of silence before a keepalive probe, seconds between probes, and probes
#: unanswered before the connection ends (libpq's side here; the runner lock's session
#: asks the server for the same, :mod:`api.db.runner_lock`).
KEEPALIVE = (30, 10, 3)
#: libpq's keepalive probes (:data:`KEEPALIVE`) and a minute at most for data sent to go
#: unacknowledged (milliseconds): a server gone silent fails within a minute or so
#: instead of after the system's TCP timeouts (a quarter of an hour with data in
#: flight, hours without).
PG_KEEPALIVE = {
    "keepalives": 1,
    "keepalives_idle": KEEPALIVE[0],
    "keepalives_interval": KEEPALIVE[1],
    "keepalives_count": KEEPALIVE[2],
    "tcp_user_timeout": 60_000,
}


def pg_connect_args(url: str) -> dict[str, Any]:
    """Bounds for a PostgreSQL host that stops answering, a URL's own settings kept.

    Without them a connection, or a statement waiting for its answer, waited until the
    system's TCP timeouts gave up (a quarter of an hour with data in flight, hours
    without): the job runner's progress and end writes, and requests, hung that long.
    These bound the network, not the statement: a silent host fails within a minute or
    so, while a long statement (a large term's documents) runs on, its server's system
    acknowledging the connection meanwhile. No ``statement_timeout`` for that reason.
    """
    query = make_url(url).query
    bounds = {"connect_timeout": CONNECT_TIMEOUT, **PG_KEEPALIVE}
    return {k: v for k, v in bounds.items() if k not in query}


def make_engine(url: str) -> Engine:
    """An engine that is safe to share between the request threads and the job runner.

    SQLite gets WAL (readers do not block the writer) and a busy timeout, so that the job
    runner's progress updates and request writes wait for each other instead of failing.
    PostgreSQL gets bounds for a host that stops answering (:func:`pg_connect_args`).
    """
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    elif make_url(url).get_backend_name() == "postgresql":
        kwargs["connect_args"] = pg_connect_args(url)
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
