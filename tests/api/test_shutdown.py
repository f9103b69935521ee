"""The app's stop while its database does not answer (``api.app``, ``api.jobs.runner``)."""

from __future__ import annotations

import threading
import time
import warnings
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event

import api.jobs.runner as runner_module
from api.app import create_app
from api.db import runner_lock
from api.settings import Settings
from tests.api.conftest import BEFORE_TERMS

#: Seconds the lock check hangs in the test (a silent PostgreSQL: a minute or so).
HANG = 8.0


def test_a_stop_during_a_hanging_lock_check_ends_promptly_and_lets_the_lock_go_after(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's stop closed the runner lock's connection while the loop's lock check
    was still using it: the close waited for the check (a minute on a silent network,
    forever with a frozen backend) and SQLAlchemy warned. The stop ends promptly; the
    loop lets the lock go itself once its check returns."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's lock check asks the database (SQLite's is a file)")
    monkeypatch.setattr(runner_module, "STOP_WAIT_SECONDS", 0.5)
    monkeypatch.setattr(runner_module, "LOCK_CHECK_SECONDS", 0.0)
    hang, asked = threading.Event(), threading.Event()

    def slow_engine(*args: Any, **kwargs: Any) -> Engine:
        engine = create_engine(*args, **kwargs)

        @event.listens_for(engine, "before_cursor_execute", retval=True)
        def slow(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> Any:
            if hang.is_set() and "FROM pg_locks" in statement:
                asked.set()  # the check hangs in the database, as on a silent network
                statement = statement.replace("SELECT", f"SELECT pg_sleep({HANG}),", 1)
            return statement, parameters

        return engine

    monkeypatch.setattr(runner_lock, "create_engine", slow_engine)
    settings = Settings(db_url=db_url, today=BEFORE_TERMS)
    client = TestClient(create_app(settings, run_jobs=True))
    client.__enter__()
    hang.set()
    assert asked.wait(timeout=30), "the loop never checked its lock"
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        began = time.monotonic()
        client.__exit__(None, None, None)
        took = time.monotonic() - began
        assert took < HANG / 2, f"the stop took {took:.1f} s"
        deadline = time.monotonic() + 3 * HANG
        while runner_lock.held_elsewhere(db_url) is not None:  # the loop lets it go
            assert time.monotonic() < deadline, "the lock was never let go"
            time.sleep(0.2)
    assert [str(w.message) for w in warned] == []
