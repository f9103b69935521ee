"""``trainshare serve`` with a broken ``TRAINSHARE_TOKENS_FILE`` (the operator's key file):
it stops before serving, exit 2, naming the file and the place, never a traceback or a
hang. The server itself is never started (``uvicorn.run`` is replaced)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.cli import app
from tests.scheduler.test_cli_fuzz import (
    FILE_BREAKAGES,
    Breakage,
    _changed,
    _cut,
    _places,
    assert_refused_in_words,
    runner,
)
from tests.strategies import FUZZ

pytestmark = pytest.mark.timeout(120)

VALID = json.dumps(
    [
        {"name": "ops", "role": "planner", "key": "k" * 40},
        {"name": "a", "role": "institution", "institution": "col-a", "sha256": "ab" * 32},
    ]
).encode()


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """``uvicorn.run`` replaced: the apps it would have served."""
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    yield served


def key_file_breakages() -> st.SearchStrategy[Breakage]:
    # an empty list is a valid key file (no keys in it)
    whole = [b for b in FILE_BREAKAGES if b.name != "list"]
    return st.one_of(
        st.sampled_from(whole),
        st.floats(0.01, 0.99).map(_cut),
        st.builds(
            _changed,
            st.sampled_from(_places(json.loads(VALID))),
            st.sampled_from((None, "", "admin", 1, [], {}, "x" * 5000, "\ud800")),
        ),
    )


@pytest.mark.timeout(20)
def test_a_pipe_as_the_key_file_is_refused_not_waited_on(
    no_server: list[object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named pipe as the key file was read at the start, waiting for a writer: the
    server never came up and said nothing."""
    pipe = tmp_path / "keys.json"
    os.mkfifo(pipe)
    monkeypatch.setenv("TRAINSHARE_TOKENS_FILE", str(pipe))
    result = runner.invoke(app, ["serve", "--db-url", f"sqlite:///{tmp_path / 'api.db'}"])
    assert_refused_in_words(result, pipe)
    assert "not a regular file (a pipe or a device)" in result.output
    assert no_server == []


@given(breakage=key_file_breakages())
@settings(FUZZ, max_examples=40)
def test_a_broken_key_file_stops_the_start_in_words(
    breakage: Breakage,
    no_server: list[object],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("serve")
    tokens = folder / "keys.json"
    breakage.make(VALID, tokens)
    monkeypatch.setenv("TRAINSHARE_TOKENS_FILE", str(tokens))
    started = len(no_server)  # the fixture is shared by every example
    result = runner.invoke(app, ["serve", "--db-url", f"sqlite:///{folder / 'api.db'}"])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        breakage.name,
        result.exception,
    )
    if breakage.always or result.exit_code != 0:
        assert_refused_in_words(result, tokens)
        assert len(no_server) == started, "a server started on a broken key file"


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("TRAINSHARE_MAX_BODY_BYTES", "abc", 'must be an integer (got "abc")'),
        ("TRAINSHARE_TODAY", "2026-02-30", 'must be a date YYYY-MM-DD (got "2026-02-30")'),
        ("TRAINSHARE_WORKERS", "0", 'must be at least 1 (got "0")'),
        ("TRAINSHARE_JOB_TIME_LIMIT", "nan", 'must be a number (got "nan")'),
        ("TRAINSHARE_MAX_TIME_LIMIT", "NaN", 'must be a number (got "NaN")'),
        # an infinite time limit or grace was taken: jobs never ended, nor a shutdown
        ("TRAINSHARE_MAX_TIME_LIMIT", "inf", 'must be a finite number (got "inf")'),
        ("TRAINSHARE_JOB_GRACE_SECONDS", "infinity", 'must be a finite number (got "infinity")'),
        ("TRAINSHARE_SHUTDOWN_GRACE_SECONDS", "-inf", 'must be a finite number (got "-inf")'),
    ],
)
@pytest.mark.parametrize("command", [["serve"], ["api-key", "list"], ["demo-web"]])
def test_a_setting_of_the_wrong_kind_stops_the_command_in_words(
    variable: str,
    value: str,
    said: str,
    command: list[str],
    no_server: list[object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ``TRAINSHARE_*`` variable holding a value of the wrong kind ended ``serve`` and
    the key commands in pydantic's traceback, exit 1; then in pydantic's words ("Input
    should be a valid integer, unable to parse string as an integer"); now as a
    scenario's problems are said."""
    monkeypatch.setenv(variable, value)
    result = runner.invoke(app, [*command, "--db-url", f"sqlite:///{tmp_path / 'api.db'}"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert f"error: {variable}: " in result.output and said in result.output, result.output
    assert "Input should" not in result.output
    assert no_server == []


@pytest.mark.timeout(20)
def test_a_pipe_as_the_demo_scenario_is_refused_not_waited_on(
    no_server: list[object], tmp_path: Path
) -> None:
    """``demo-web --scenario PIPE`` read the pipe, waiting for a writer that never came."""
    pipe = tmp_path / "scenario.json"
    os.mkfifo(pipe)
    result = runner.invoke(app, ["demo-web", "--scenario", str(pipe)])
    assert_refused_in_words(result, pipe)
    assert "not a regular file (a pipe or a device)" in result.output
