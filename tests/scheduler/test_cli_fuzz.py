"""The commands that read files, each given a malformed one: exit 2 with a message that
names the file and the place, never a traceback (README: "No command prints a
traceback"; 2 is unusable input).

Each input is broken in one way: cut short, in another encoding, a folder, empty,
binary, a number of thousands of digits, NaN, nested deeper than any reader goes, or a
valid document with one value made wrong (which may still be valid: then the command
does its work, and a schedule it writes passes the independent checker).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from scheduler.checker import check_schedule
from scheduler.cli import app
from scheduler.models import Scenario, Schedule
from tests.conftest import SCENARIOS, SHARED
from tests.strategies import FUZZ, ODD_JSON

runner = CliRunner()
ITC2007 = SHARED / "benchmarks" / "itc2007"
#: A command that hangs on a file (a pipe, say) fails the test, not the run.
pytestmark = pytest.mark.timeout(300)

#: Where a message says the problem is: a line and column, a file's line (``x.sol:3:``)
#: or a byte offset, a path in the document (``requests[0].sessions: ``, not the
#: ``error: `` or ``cannot read: `` a message opens with), a sheet's cell, or the file as
#: a whole.
_PLACE = re.compile(
    r"line \d+,? column \d+|:\d+: |(offset|position) \d+|\((document|workbook)\)|"
    r"(?-i:(\b(?!(?:error|warning|read)\b)[a-z_]\w*|\[\d+\])(\[\d+\]|\.\w+)*: )|"
    r"![A-Z]+\d+\b|"
    r"is a (directory|folder)|\bempty\b|not a regular file|must be an object \(got|"
    r"must be a (list of key entries|key entry)|"
    r"should be a valid (array|list|object)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Breakage:
    """One way to break an input file: ``make(valid bytes, path)`` leaves the broken file
    (or folder) at ``path``; ``always`` when no command can accept the result."""

    name: str
    make: Callable[[bytes, Path], object]
    always: bool = True


def _write(data: bytes) -> Callable[[bytes, Path], object]:
    return lambda _, path: path.write_bytes(data)


def _recoded(encoding: str) -> Callable[[bytes, Path], object]:
    """The document with a Chinese name, saved in another encoding than UTF-8."""

    def make(valid: bytes, path: Path) -> None:
        doc = json.loads(valid)
        doc["name"] = "大连实训基地（一）"
        path.write_bytes(json.dumps(doc, ensure_ascii=False).encode(encoding))

    return make


#: Breakages of any file, whatever it held.
FILE_BREAKAGES = (
    Breakage("folder", lambda _, path: path.mkdir()),
    Breakage("pipe", lambda _, path: os.mkfifo(path)),  # reading it waits for a writer
    Breakage("empty", _write(b"")),
    Breakage("blank", _write(b" \n\t\n")),
    Breakage("binary", _write(bytes(range(256)) * 4)),
    Breakage("nul bytes", _write(b"\x00" * 64)),
    Breakage("huge number", _write(b'{"format": ' + b"9" * 5000 + b"}")),
    Breakage("nan", _write(b'{"format": NaN}')),
    Breakage("deep", _write(b"[" * 100_000 + b"]" * 100_000)),
    Breakage("list", _write(b"[]")),
    Breakage("string", _write(b'"scenario"')),
)
#: Breakages of a JSON document.
BREAKAGES = (
    *FILE_BREAKAGES,
    Breakage("gbk", _recoded("gbk")),
    Breakage("utf-16", _recoded("utf-16")),
    Breakage("latin-1", lambda valid, path: path.write_bytes(valid.replace(b'"', b'"\xe9', 1))),
    Breakage("duplicate keys", lambda valid, path: path.write_bytes(b'{"name": "x", ' + valid[1:])),
)


def _cut(at: float) -> Breakage:
    """The valid document cut short at a fraction of its length (a copy that stopped)."""
    return Breakage(
        f"cut at {at:.2f}", lambda valid, path: path.write_bytes(valid[: int(len(valid) * at)])
    )


def _changed(at: tuple[str | int, ...], value: Any) -> Breakage:
    """The valid document with the value at ``at`` replaced (it may stay valid)."""

    def make(valid: bytes, path: Path) -> None:
        doc = json.loads(valid)
        node = doc
        for part in at[:-1]:
            node = node[part]
        node[at[-1]] = value
        text = json.dumps(doc, ensure_ascii=False)
        path.write_bytes(text.encode("utf-8", "backslashreplace"))  # half pairs as JSON escapes

    return Breakage(f"{'.'.join(map(str, at))} = {str(value)[:40]!r}", make, always=False)


def _places(doc: Any, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a document below its root."""
    inner: list[tuple[str | int, ...]] = []
    items = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    )
    for key, value in items:
        inner += [(*at, key), *_places(value, (*at, key))]
    return inner


def breakages(valid: bytes) -> st.SearchStrategy[Breakage]:
    places = _places(json.loads(valid))
    return st.one_of(
        st.sampled_from(BREAKAGES),
        st.floats(0.01, 0.99).map(_cut),
        st.builds(_changed, st.sampled_from(places), st.sampled_from(ODD_JSON)),
    )


@dataclass(frozen=True)
class Command:
    """A command line reading a scenario and maybe a schedule, writing under ``out``."""

    name: str
    args: Callable[[Path, Path | None, Path], list[str]]
    reads_schedule: bool
    #: the exit code of valid input (``check``: 1 when the schedule breaks a rule)
    done: tuple[int, ...] = (0,)


COMMANDS = (
    Command("validate", lambda sc, _, out: ["validate", str(sc)], False),
    Command(
        "solve",
        lambda sc, _, out: ["solve", str(sc), "-o", str(out / "s.json"), "--solver", "greedy"],
        False,
    ),
    Command("check", lambda sc, sd, out: ["check", str(sc), str(sd)], True, (0, 1)),
    Command(
        "report",
        lambda sc, sd, out: ["report", str(sc), str(sd), "-o", str(out), "--no-plots"],
        True,
    ),
    Command(
        "export",
        lambda sc, sd, out: ["export", "csv", str(sc), str(sd), "-o", str(out / "t.csv")],
        True,
    ),
    Command(
        "solve --published",
        lambda sc, sd, out: [
            *("solve", str(sc), "-o", str(out / "s.json"), "--published", str(sd)),
            *("--time-limit", "2", "--workers", "1", "-q"),
        ],
        True,
    ),
    Command(
        "export-scenario",
        lambda sc, _, out: ["export-scenario", "xlsx", str(sc), "-o", str(out / "s.xlsx")],
        False,
    ),
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """The tiny scenario and its greedy schedule (checked), as bytes."""
    folder = tmp_path_factory.mktemp("inputs")
    scenario = (SCENARIOS / "tiny.json").read_bytes()
    out = folder / "schedule.json"
    result = runner.invoke(
        app, ["solve", str(SCENARIOS / "tiny.json"), "-o", str(out), "--solver", "greedy", "-q"]
    )
    assert result.exit_code == 0, result.output
    _assert_checked(scenario, out)
    return scenario, out.read_bytes()


def _assert_checked(scenario: bytes, schedule_path: Path) -> None:
    report = check_schedule(
        Scenario.model_validate_json(scenario),
        Schedule.model_validate_json(schedule_path.read_bytes()),
    )
    assert report.ok, [f"{v.rule} {v.path}: {v.message}" for v in report.violations]


def assert_refused_in_words(result: Result, broken: Path) -> None:
    """Exit 2, the broken file named with a place, no traceback."""
    output = result.output
    assert result.exit_code == 2, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output, output
    assert broken.name in output, f"the file is not named: {output}"
    assert _PLACE.search(output.replace(str(broken), "").replace(broken.name, "")), (
        f"no place is named: {output}"
    )


@given(
    command=st.sampled_from(COMMANDS),
    in_schedule=st.booleans(),
    data=st.data(),
)
@settings(FUZZ, max_examples=120)
def test_a_broken_input_file_is_refused_in_words(
    command: Command,
    in_schedule: bool,
    data: st.DataObject,
    inputs: tuple[bytes, bytes],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    scenario, schedule = inputs
    folder = tmp_path_factory.mktemp("run")
    broken_schedule = command.reads_schedule and in_schedule
    valid = schedule if broken_schedule else scenario
    breakage = data.draw(breakages(valid), label="breakage")
    broken = folder / ("schedule.json" if broken_schedule else "scenario.json")
    breakage.make(valid, broken)
    scenario_path = broken if not broken_schedule else folder / "scenario.json"
    schedule_path = broken if broken_schedule else folder / "schedule.json"
    for path, content in ((scenario_path, scenario), (schedule_path, schedule)):
        if path != broken:
            path.write_bytes(content)
    out = folder / "out"
    result = runner.invoke(app, command.args(scenario_path, schedule_path, out))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        breakage.name,
        result.exception,
    )
    if breakage.always or result.exit_code not in command.done:
        assert_refused_in_words(result, broken)
    elif command.name.startswith("solve"):
        _assert_checked(scenario_path.read_bytes(), out / "s.json")


@pytest.mark.parametrize("value", ["\ud800", ["x\udc00"], {"a": "\ud83d"}])
def test_half_a_character_pair_is_shown_by_its_code(value: Any, tmp_path: Path) -> None:
    """A number given as text holding half a surrogate pair (valid JSON: ``"\\ud800"``)
    was echoed into the message as is, which no terminal encoding can write: ``validate``
    ended in a traceback, exit 1."""
    doc = json.loads((SCENARIOS / "tiny.json").read_bytes())
    doc["requests"][0]["sessions"] = value
    broken = tmp_path / "scenario.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(broken)])
    assert_refused_in_words(result, broken)
    assert "requests[0].sessions: must be an integer (got " in result.output
    assert "\\ud" in result.output or "\\udc00" in result.output


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "args",
    [
        lambda pipe, _: ["import", str(pipe), "-o", str(pipe.parent / "out.json")],
        lambda pipe, itc: ["itc2007", "cost", str(pipe), str(itc / "solutions" / "toy.sol")],
        lambda pipe, itc: ["itc2007", "cost", str(itc / "toy.ectt"), str(pipe)],
    ],
    ids=["import", "itc2007 instance", "itc2007 solution"],
)
def test_a_pipe_is_refused_not_waited_on(
    args: Callable[[Path, Path], list[str]], tmp_path: Path
) -> None:
    """A named pipe given as the workbook or an ITC-2007 file was read, waiting for a
    writer that never came: the command hung (JSON documents were refused already)."""
    if "itc2007" in args(tmp_path, tmp_path) and not (ITC2007 / "toy.ectt").exists():
        pytest.skip("../shared is not there")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = runner.invoke(app, args(pipe, ITC2007))
    assert_refused_in_words(result, pipe)
    assert "not a regular file (a pipe or a device)" in result.output


# ------------------------------------------------------------------- workbooks (import)

#: Cell values a person might type (or a program write) where another was expected.
ODD_CELLS: tuple[Any, ...] = (
    "=1/0",
    "=A1+1",
    1e308,
    -1,
    0,
    10**20,
    "NaN",
    "  ",
    True,
    "数控（1）班\u202e",
    "x" * 5000,
    "2026-02-30",
    "1;2;;3",
)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny scenario as a workbook (``export-scenario``)."""
    out = tmp_path_factory.mktemp("workbook") / "tiny.xlsx"
    result = runner.invoke(
        app, ["export-scenario", "xlsx", str(SCENARIOS / "tiny.json"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def _cell_changed(cell: tuple[str, int, int], value: Any) -> Breakage:
    """The workbook with one cell (sheet, row, column) holding ``value`` (it may stay
    valid)."""
    sheet, row, column = cell

    def make(valid: bytes, path: Path) -> None:
        book = openpyxl.load_workbook(io.BytesIO(valid))
        book[sheet].cell(row=row, column=column).value = value
        book.save(path)

    return Breakage(f"{sheet}!R{row}C{column} = {str(value)[:30]!r}", make, always=False)


def workbook_breakages(valid: bytes) -> st.SearchStrategy[Breakage]:
    book = openpyxl.load_workbook(io.BytesIO(valid))
    cells = [
        (sheet.title, row, column)
        for sheet in book.worksheets[1:]  # the README sheet is read by people only
        for row in range(1, sheet.max_row + 1)
        for column in range(1, sheet.max_column + 1)
    ]
    json_file = _write((SCENARIOS / "tiny.json").read_bytes())
    return st.one_of(
        st.sampled_from([*FILE_BREAKAGES, Breakage("a JSON scenario", json_file)]),
        st.floats(0.01, 0.99).map(_cut),
        st.builds(_cell_changed, st.sampled_from(cells), st.sampled_from(ODD_CELLS)),
    )


@given(data=st.data())
@settings(FUZZ, max_examples=60)
def test_a_broken_workbook_is_refused_in_words(
    data: st.DataObject, workbook: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("import")
    valid = workbook.read_bytes()
    breakage = data.draw(workbook_breakages(valid), label="breakage")
    broken = folder / "scenario.xlsx"
    breakage.make(valid, broken)
    result = runner.invoke(app, ["import", str(broken), "-o", str(folder / "out.json")])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        breakage.name,
        result.exception,
    )
    if breakage.always or result.exit_code != 0:
        assert_refused_in_words(result, broken)


# ------------------------------------------------------------------ ITC-2007 (cost)

#: Tokens put in place of one of an instance's or a solution's.
ODD_TOKENS = ("-1", "0", "9" * 30, "NaN", "1.5", "x", "", "数控", "\x00", "\u202e")


def _token_changed(line: int, token: int, value: str) -> Breakage:
    """The text with one whitespace-separated token of one line replaced (it may stay
    valid, or become a timetable that breaks a rule: exit 1)."""

    def make(valid: bytes, path: Path) -> None:
        lines = valid.decode().splitlines()
        words = lines[line % len(lines)].split(" ")
        words[token % len(words)] = value
        lines[line % len(lines)] = " ".join(words)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return Breakage(f"line {line} token {token} = {value!r}", make, always=False)


def text_breakages() -> st.SearchStrategy[Breakage]:
    return st.one_of(
        st.sampled_from(FILE_BREAKAGES),
        st.floats(0.01, 0.99).map(_cut),
        st.builds(
            _token_changed,
            st.integers(0, 60),
            st.integers(0, 6),
            st.sampled_from(ODD_TOKENS),
        ),
    )


@pytest.mark.skipif(not (ITC2007 / "toy.ectt").exists(), reason="../shared is not there")
@given(in_solution=st.booleans(), breakage=text_breakages())
@settings(FUZZ, max_examples=60)
def test_a_broken_itc2007_file_is_refused_in_words(
    in_solution: bool, breakage: Breakage, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("itc")
    instance, solution = folder / "toy.ectt", folder / "toy.sol"
    valid = {instance: ITC2007 / "toy.ectt", solution: ITC2007 / "solutions" / "toy.sol"}
    broken = solution if in_solution else instance
    for path, source in valid.items():
        if path == broken:
            breakage.make(source.read_bytes(), path)
        else:
            path.write_bytes(source.read_bytes())
    result = runner.invoke(app, ["itc2007", "cost", str(instance), str(solution)])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        breakage.name,
        result.exception,
    )
    # an empty solution places nothing, one cut at a line's end places less: both are
    # timetables, whose hard violations say what is missing (exit 1)
    shorter = in_solution and breakage.name.startswith(("empty", "blank", "cut"))
    if (breakage.always and not shorter) or result.exit_code not in (0, 1):
        assert_refused_in_words(result, broken)
