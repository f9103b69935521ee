"""One job runner per database: a lock held for as long as a server runs its jobs.

A server that starts marks every ``running`` job ``interrupted`` (their process died
with the server that ran them). A second server on the same database did the same to
the first one's jobs while they ran: their progress was no longer recorded, their
schedules were thrown away when they ended, and a cancel sent to the second server never
reached them. So a server that runs jobs holds this lock, and another one refuses to
start while it is held; the operating system (SQLite: a lock on a file beside the
database) or PostgreSQL (a session advisory lock) lets it go when the holder dies,
killed or not.

PostgreSQL also lets it go when the holder's session ends under it: the server
restarted, a failover to a standby, a terminated backend. Nothing told the holder, and a
second server could then start and run the same database's jobs beside it. A SQLite
lock file removed under its server (tidied up as stale) did the same: the next server
locked a new file. The job runner asks :meth:`RunnerLock.alive` every few seconds and
stops running jobs while it does not hold the lock (:mod:`api.jobs.runner`).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO, Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from api.db import KEEPALIVE, pg_connect_args

#: PostgreSQL advisory lock key of the job runner (any fixed 64-bit number).
PG_KEY = 0x7472_6169_6E73_6861  # "trainsha"

HELD = (
    "another trainshare server runs the jobs of this database ({where}): stop it first "
    "(one server per database; a second one would take over its running jobs)"
)


class RunnerLock:
    """The database's job-runner lock, held until :meth:`release`."""

    def __init__(self, handle: IO[bytes] | Any, where: str) -> None:
        self._handle = handle
        self.where = where

    def alive(self) -> bool:
        """Whether the lock is still held: a SQLite file's lock lasts as long as its open
        file, while its path names that file (not one made after it was removed);
        PostgreSQL's as long as its session, which is asked (a session that failed, as
        after a restart, does not hold it)."""
        alive = getattr(self._handle, "alive", None)
        return True if alive is None else bool(alive())

    def release(self) -> None:
        """Let the lock go (the next server may start)."""
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        handle.close()  # a file's lock or the advisory lock's session ends with it


def lock_file(url: str) -> Path | None:
    """The lock file of a SQLite database at ``url``; None for other databases and for
    SQLite in memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(f"{parsed.database}.runner-lock")


def take(url: str) -> RunnerLock | None:
    """The lock of the database at ``url``, or None while another server holds it."""
    path = lock_file(url)
    if path is not None:
        handle = open(path, "ab")  # noqa: SIM115 -- held open for as long as the lock
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return None
        except OSError as e:  # no locks here (a network file system, say): not held
            handle.close()
            raise OSError(
                e.errno, f"cannot lock the job runner's lock file {path}: {e.strerror}"
            ) from e
        return RunnerLock(_FileHolder(handle, path), str(path))
    if make_url(url).get_backend_name() == "postgresql":
        return _take_pg(url)
    return RunnerLock(None, "")  # SQLite in memory: one process only


def _take_pg(url: str) -> RunnerLock | None:
    """PostgreSQL's advisory lock, or None while another session holds it.

    The session is closed whenever the lock is not kept: a statement that fails once
    connected (the database restarting under it) left it open until the garbage
    collector found the error's frames, one more at every retry of a runner that lost
    its lock.
    """
    # a silent host fails (the URL's own settings kept), as the app's connections do
    engine = create_engine(url, poolclass=NullPool, connect_args=pg_connect_args(url))
    holder = _PgHolder(engine, None)
    try:
        holder.connection = engine.connect()
        _outlive_nothing(holder.connection)
        got = holder.connection.execute(
            text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_KEY}
        ).scalar()
        holder.connection.commit()
    except BaseException:
        holder.close()
        raise
    if not got:
        holder.close()
        return None
    return RunnerLock(holder, f"PostgreSQL advisory lock {PG_KEY}")


def _outlive_nothing(connection: Any) -> None:
    """Make the lock's session end soon after its server's machine is gone, and not before.

    A server killed lets its connection go at once; a machine that crashes or loses the
    network says nothing, and PostgreSQL kept the session, so the lock, until the
    system's TCP keepalive gave up (over two hours by default): the restarted server was
    refused all that time. Its own keepalive probes end it within a minute or so. An
    ``idle_session_timeout`` set for the database would end the idle lock session while
    its server runs (PostgreSQL 14 on): it is turned off for this session.
    """
    idle, interval, count = KEEPALIVE
    connection.execute(text(f"SET tcp_keepalives_idle = {idle}"))
    connection.execute(text(f"SET tcp_keepalives_interval = {interval}"))
    connection.execute(text(f"SET tcp_keepalives_count = {count}"))
    version = connection.execute(text("SHOW server_version_num")).scalar()
    if int(version or 0) >= 140000:
        connection.execute(text("SET idle_session_timeout = 0"))


def held_elsewhere(url: str) -> str | None:
    """Where the lock is, when another server holds it; None when it is free (or the
    database cannot be reached: opening it says why)."""
    try:
        lock = take(url)
    except (OSError, SQLAlchemyError):
        return None
    if lock is None:
        path = lock_file(url)
        return str(path) if path is not None else f"PostgreSQL advisory lock {PG_KEY}"
    lock.release()
    return None


class _FileHolder:
    """The open lock file, locked."""

    def __init__(self, handle: IO[bytes], path: Path) -> None:
        self.handle, self.path = handle, path.absolute()  # the file locked, wherever cwd goes

    def alive(self) -> bool:
        """Whether the lock file at its path is still the one locked: removed or replaced
        (tidied up as a stale lock, say), a second server would lock the new one."""
        try:
            return os.path.samestat(os.fstat(self.handle.fileno()), os.stat(self.path))
        except OSError:
            return False

    def close(self) -> None:
        self.handle.close()


class _PgHolder:
    """The session that holds the advisory lock, with its engine."""

    def __init__(self, engine: Any, connection: Any) -> None:
        self.engine, self.connection = engine, connection

    def alive(self) -> bool:
        """Whether this session still holds the advisory lock ``PG_KEY``; False when the
        session failed (the server restarted, or the connection broke). The key is asked
        for, not any advisory lock: another one taken on the session would hide its loss.
        A bigint key shows in ``pg_locks`` as its high and low halves, ``objsubid`` 1."""
        try:
            held = self.connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND pid = pg_backend_pid() AND granted AND objsubid = 1 "
                    "AND classid::bigint = :high AND objid::bigint = :low"
                ),
                {"high": PG_KEY >> 32, "low": PG_KEY & 0xFFFF_FFFF},
            ).scalar()
            self.connection.commit()
        except SQLAlchemyError:
            return False
        return bool(held)

    def close(self) -> None:
        try:
            if self.connection is not None:
                self.connection.close()
        finally:
            self.engine.dispose()


__all__ = ["HELD", "RunnerLock", "held_elsewhere", "lock_file", "take"]
