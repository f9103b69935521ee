"""A number option given ``nan`` or an infinity is refused naming the option.

``trainshare solve --time-limit nan`` said ``options: time_limit: nan seconds is out
of range (0, 86400]``: NaN is no number at all, and the place was the solver's field,
not the flag typed. Every command's number options are refused the same way before
anything runs (``demo-web`` handed NaN on to the API, which refused it as malformed
JSON in a thread).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from tests.conftest import SCENARIOS

runner = CliRunner()
TINY = str(SCENARIOS / "tiny.json")


def _commands(tmp: Path) -> list[list[str]]:
    """Each command with a float option, its other arguments valid."""
    return [
        ["solve", TINY, "-o", str(tmp / "s.json"), "--solver", "greedy"],
        ["bench", "--tiers", "S", "--seeds", "1", "--out", str(tmp / "bench")],
        ["itc2007", "solve", "toy", "--solver", "greedy"],
        ["demo-web", "--db-url", f"sqlite:///{tmp / 'api.db'}"],
    ]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("nan", 'must be a number (got "nan")'),
        ("NaN", 'must be a number (got "nan")'),  # as read: typer gives the float
        ("inf", 'must be a finite number (got "inf")'),
        ("-inf", 'must be a finite number (got "-inf")'),
        ("1e999", 'must be a finite number (got "inf")'),
    ],
)
@pytest.mark.parametrize("flag", ["--time-limit", "--work-limit"])
def test_a_number_option_that_is_no_finite_number_is_refused_by_name(
    flag: str, value: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: pytest.fail("a server started"))
    for command in _commands(tmp_path):
        if flag == "--work-limit" and command[0] == "demo-web":
            continue  # demo-web has no work limit
        result = runner.invoke(app, [*command, f"{flag}={value}"])
        assert result.exit_code == 2, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"error: {flag}: {said}" in result.output, (command, result.output)
    assert not (tmp_path / "s.json").exists() and not (tmp_path / "bench").exists()
