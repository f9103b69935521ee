"""The runner lock when the database fails while it is taken (``api.db.runner_lock``)."""

from __future__ import annotations

import errno
import gc
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from api.db import runner_lock


def _sessions(url: str) -> int:
    """Sessions open on the database, the one asking left out."""
    probe = create_engine(url)
    try:
        with probe.connect() as c:
            n = c.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
    finally:
        probe.dispose()
    return int(n or 0)


@pytest.mark.parametrize(
    "failing", ["SET tcp_keepalives_idle", "SHOW server_version_num", "pg_try_advisory_lock"]
)
def test_a_lock_that_fails_once_connected_leaves_no_session_open(
    db_url: str, failing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement that failed after ``take`` connected (the database restarting under
    it, say) left the session open until the garbage collector found the error's
    frames: one more at every retry of a runner that lost its lock. It is closed."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's advisory lock (SQLite's is a file)")
    made: list[Engine] = []

    def failing_engine(*args: Any, **kwargs: Any) -> Engine:
        engine = create_engine(*args, **kwargs)

        @event.listens_for(engine, "before_cursor_execute")
        def refuse(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if failing in statement:
                raise OperationalError(statement, parameters, Exception("the server restarts"))

        made.append(engine)
        return engine

    monkeypatch.setattr(runner_lock, "create_engine", failing_engine)
    gc.collect()  # sessions left to the collector by earlier tests
    before = _sessions(db_url)
    with pytest.raises(OperationalError) as raised:
        runner_lock.take(db_url)
    assert made, "take made no engine"
    assert _sessions(db_url) == before, "the failed lock's session is still open"
    assert raised.value is not None  # the error (its frames) lives until here
    monkeypatch.undo()
    assert runner_lock.held_elsewhere(db_url) is None  # nothing holds the lock


def test_a_lock_file_that_cannot_be_locked_is_closed_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``flock`` failing otherwise than "already locked" (no locks on a network file
    system, say) left the lock file open, and the start failed with the bare OS error.
    The file is closed and the error names it and says why."""
    locked: list[Any] = []

    def no_locks(handle: Any, _how: int) -> None:
        locked.append(handle)
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(runner_lock.fcntl, "flock", no_locks)
    with pytest.raises(OSError) as raised:
        runner_lock.take(f"sqlite:///{tmp_path / 'api.db'}")
    assert locked and locked[0].closed, "the lock file is still open"
    said = str(raised.value)
    assert "api.db.runner-lock" in said and os.strerror(errno.ENOLCK) in said, said
