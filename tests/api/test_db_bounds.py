"""The app engine's bounds on a PostgreSQL host that stops answering (``api.db``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import api.db as db
from api.db import make_engine, runner_lock


@pytest.fixture
def silent_host() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word (a frozen server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


def test_a_connection_to_a_silent_host_fails_within_the_connect_timeout(
    silent_host: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine set no ``connect_timeout``: a connection to a host that stopped
    answering (a progress or end write, a request) waited until the system gave up,
    forever here. It fails after the timeout, in words."""
    pytest.importorskip("psycopg")
    monkeypatch.setattr(db, "CONNECT_TIMEOUT", 2)  # the runner lock's too (pg_connect_args)
    url = f"postgresql+psycopg://u@127.0.0.1:{silent_host}/d"
    engine = make_engine(url)
    failed: list[BaseException] = []

    def connect() -> None:
        try:
            with engine.connect():
                pass
        except OperationalError as e:
            failed.append(e)
        try:  # the runner lock's own connection, at start and when taken again
            runner_lock.take(url)
        except OperationalError as e:
            failed.append(e)

    began = time.monotonic()
    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the connection still waits for the silent host"
    assert len(failed) == 2 and time.monotonic() - began < 12
    assert all("timeout" in str(e).lower() for e in failed), failed
    engine.dispose()


def test_postgresql_connections_probe_a_silent_peer_and_keep_long_statements(
    db_url: str,
) -> None:
    """Keepalive probes and a bound on unacknowledged data end a connection whose host
    went silent mid-statement within a minute or so; no statement timeout (a large
    term's documents may take long to write), and a URL's own setting is kept."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's connection options")
    engine = make_engine(f"{db_url}?keepalives_idle=45")
    try:
        with engine.connect() as c:
            params = c.connection.driver_connection.info.get_parameters()  # type: ignore[union-attr]
            assert params["connect_timeout"] == str(db.CONNECT_TIMEOUT)
            assert params["keepalives"] == "1" and params["keepalives_idle"] == "45"
            assert params["tcp_user_timeout"] == "60000"
            assert c.execute(text("SHOW statement_timeout")).scalar() == "0"
    finally:
        engine.dispose()
