import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from scheduler.cli import app
from tests.conftest import ROOT, SCENARIOS

INVALID = Path(__file__).resolve().parent.parent / "fixtures" / "invalid"
runner = CliRunner()


def _run(*args: str) -> Result:
    return runner.invoke(app, ["validate", *args])


def test_valid_scenario_exits_0() -> None:
    result = _run(str(SCENARIOS / "tiny.json"))
    assert result.exit_code == 0, result.output
    assert "valid (0 errors, 0 warnings)" in result.output


def test_errors_exit_2_and_print_every_path() -> None:
    result = _run(str(INVALID / "several_problems.json"))
    assert result.exit_code == 2
    for path in ("calendar.closed[1]", "resources[3].id", "cohorts[2].institution"):
        assert f"{path}: " in result.output
    assert "invalid (4 errors, 1 warning)" in result.output
    assert "Traceback" not in result.output


def test_warnings_are_printed_but_exit_0(tmp_path: Path) -> None:
    d = json.loads((INVALID / "no_candidate_resource_required.json").read_text())
    d["requests"][0]["required"] = False
    f = tmp_path / "warn.json"
    f.write_text(json.dumps(d))
    result = _run(str(f))
    assert result.exit_code == 0, result.output
    assert "warning requests[0]: no candidate resource" in result.output
    assert "valid (0 errors, 1 warning)" in result.output


def test_json_output() -> None:
    result = _run(str(INVALID / "unknown_cohort.json"), "--json")
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["ok"] is False
    assert data["errors"] == [
        {
            "path": "requests[1].cohort",
            "message": "unknown cohort 'b-weld-9' (did you mean 'b-weld-1'?)",
        }
    ]
    assert data["warnings"] == []
    ok = json.loads(_run(str(SCENARIOS / "tiny.json"), "--json").output)
    assert ok == {"ok": True, "errors": [], "warnings": []}


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda d: d / "missing.json", "file not found"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "bin.json", bytes(range(256))), "not UTF-8"),
        (lambda d: _write(d / "bad.json", b'{"name": '), "malformed JSON at line 1, column 10"),
        (lambda d: _write(d / "list.json", b"[]"), "must be an object"),
        (lambda d: _write(d / "empty.json", b" \n"), "the document is empty"),
        (lambda d: INVALID / "wrong_type.json", "resources[0].capacity: must be an integer"),
        # a bad-input audit: each of these read without a place, or hung
        (lambda d: _write(d / "nan.json", b'{\n  "a": "NaN",\n  "b": NaN}'),
         "malformed JSON at line 3, column 8: NaN is not a JSON number"),
        (lambda d: _write(d / "big.json", b'{"a": ' + b"9" * 4301 + b"}"),
         "malformed JSON at line 1, column 7: a number of 4301 digits"),
        (lambda d: _write(d / "utf16.json", '{"a": 1}'.encode("utf-16-le")),
         "not UTF-8 text (a NUL byte at offset 1: saved as UTF-16?)"),
        (lambda d: _fifo(d / "pipe.json"), "is not a regular file (a pipe or a device)"),
        (lambda d: "", "no file given: the path is empty"),
    ],
)  # fmt: skip
def test_bad_files_exit_2_with_a_message(
    tmp_path: Path, make: Callable[[Path], Path | str], phrase: str
) -> None:
    result = _run(str(make(tmp_path)))
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert phrase in result.output


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)  # reading it would wait for a writer that never comes
    return path


def _trainshare() -> list[str]:
    exe = shutil.which("trainshare", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-c", "from scheduler.cli import main; main()"]


def test_real_subprocess_has_no_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\xffnot json at all")
    env = dict(os.environ, COLUMNS="200")
    for path, code in (
        (INVALID / "wrong_type.json", 2),
        (garbage, 2),
        (SCENARIOS / "tiny.json", 0),
    ):
        proc = subprocess.run(
            [*_trainshare(), "validate", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )
        assert proc.returncode == code, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
    assert "valid (0 errors, 0 warnings)" in proc.stdout


@pytest.mark.parametrize(
    ("where", "path"), [((), ""), (("calendar",), "calendar"), (("resources", 0), "resources[0]")]
)
def test_an_unknown_key_holding_half_a_character_pair_is_named(
    where: tuple[str | int, ...], path: str, tmp_path: Path
) -> None:
    """``{"\\ud800x": 1}`` (valid JSON, half a surrogate pair in a key) was reported at its
    object as "must be a valid string, unable to parse raw data...": not which key, nor
    that the object has no such field."""
    doc = json.loads((SCENARIOS / "tiny.json").read_bytes())
    node: Any = doc
    for part in where:
        node = node[part]
    node["\ud800x"] = 1
    broken = tmp_path / "scenario.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    result = _run(str(broken), "--json")
    assert result.exit_code == 2, result.output
    assert json.loads(result.output)["errors"] == [
        {"path": path, "message": 'unknown key "\\ud800x": not a field of this object'}
    ]


def _many_duplicates(tmp_path: Path) -> Path:
    """tiny with 2,000 copies of one closed day, 1,000 repeats in one ``after`` and two
    duplicate travel edges: thousands of warnings of a few kinds."""
    d = json.loads((SCENARIOS / "tiny.json").read_text())
    d["calendar"]["closed"] = [{"week": 1, "day": 1}] * 2_000
    first = d["requests"][0]["id"]
    d["requests"][1]["after"] = [first] * 1_000
    f = tmp_path / "dups.json"
    f.write_text(json.dumps(d))
    return f


def test_repeated_warnings_are_counted_not_printed_one_by_one(tmp_path: Path) -> None:
    result = _run(str(_many_duplicates(tmp_path)))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) < 40, result.output
    assert "calendar.closed[1]: week 1 day 1 is already closed by closed[0]" in result.output
    assert "calendar.closed: and 1,994 more of the same kind, from calendar.closed[6] to " in (
        result.output
    )
    assert "calendar.closed[1999]" in result.output
    assert "requests[1].after: and 994 more of the same kind" in result.output
    # the count is of every warning, not of the lines shown
    assert "valid (0 errors, 2998 warnings)" in result.output
    assert "--json lists every warning" in result.output


def test_json_output_keeps_every_repeated_warning(tmp_path: Path) -> None:
    data = json.loads(_run(str(_many_duplicates(tmp_path)), "--json").output)
    assert len(data["warnings"]) == 1_999 + 999
