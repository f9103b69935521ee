"""``trainshare demo-web``: publishes the Dalian term and removes its database on stop."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.api.test_live import CLI, _free_port

pytestmark = pytest.mark.timeout(240)


def _wait_for(lines: list[str], proc: subprocess.Popen[str], text: str) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        lines.append(line)
        if text in line:
            return line
    raise AssertionError(f"no {text!r} in the output: {''.join(lines)}")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_throw_away_database_is_removed_on_stop(stop: signal.Signals) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*CLI, "demo-web", "--port", str(_free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    try:
        db = Path(_wait_for(lines, proc, "database: sqlite:///").split("sqlite:///", 1)[1].strip())
        _wait_for(lines, proc, "Web timetable:")  # published: the server is serving
        assert db.is_file()
        proc.send_signal(stop)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not db.parent.exists(), "".join(lines)


def test_a_database_another_server_runs_is_refused_in_words(tmp_path: Path) -> None:
    """``--db-url`` of a database a server runs: the demo wrote its keys into it, then
    the app's start failed with a traceback, and the command said nothing and exited 0."""
    from typer.testing import CliRunner

    from api.db import runner_lock
    from scheduler.cli import app

    url = f"sqlite:///{tmp_path / 'served.db'}"
    lock = runner_lock.take(url)  # the running server's
    assert lock is not None
    try:
        result = CliRunner().invoke(app, ["demo-web", "--db-url", url, "--port", "1"])
    finally:
        lock.release()
    assert result.exit_code == 2, result.output
    assert "another trainshare server runs the jobs of this database" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "served.db").exists()
