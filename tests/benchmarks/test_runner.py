"""benchmarks.runner: one solve in a child process."""

from __future__ import annotations


def test_stopping_a_solve_stops_the_processes_under_it() -> None:
    """The solve's CP-SAT runs in a fork of the solve's process: a bare terminate left
    it running (an analyst's audit)."""
    import subprocess
    import sys
    import time

    import psutil

    from benchmarks.runner import _stop_tree

    sleeper = "import time; time.sleep(60)"
    code = (
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {sleeper!r}])\n"
        "time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 20
        while not psutil.Process(parent.pid).children() and time.monotonic() < deadline:
            time.sleep(0.05)
        (child,) = psutil.Process(parent.pid).children()
        _stop_tree(parent.pid)
        parent.wait(timeout=10)
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
    finally:
        if parent.poll() is None:
            parent.kill()
