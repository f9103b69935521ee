"""Cell syntax: lists, windows, times, numbers typed into text columns."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.spreadsheet.cells import CellError, from_cell, read_window, to_cell


def test_windows_text_both_ways() -> None:
    windows = [{"weeks": [3, 12], "days": [1, 2, 3], "slots": [1, 2]}, {"weeks": [14, 14]}, {}]
    text = to_cell("windows", windows)
    assert text == "weeks=3-12 days=1,2,3 slots=1,2 | weeks=14 | all"
    assert from_cell("windows", text) == (True, windows)
    assert to_cell("windows", []) == "[]" and from_cell("windows", "[]") == (True, [])
    assert read_window("days=1-3 slots=2") == {"days": [1, 2, 3], "slots": [2]}
    assert read_window("days=[]") == {"days": []}
    assert from_cell("windows", '[{"weeks": [1, 2]}]') == (True, [{"weeks": [1, 2]}])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weeks=3-x", "expected a week or a range"),
        ("hours=1", "expected weeks=, days= or slots="),
        ("days=1 days=2", "gives days twice"),
        ("days=5-2", "runs backwards"),
        ("[{", "not valid JSON"),
    ],
)
def test_bad_windows(text: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        from_cell("windows", text)


def test_lists_and_absent_cells() -> None:
    assert from_cell("list", "cnc; safety-cert;") == (True, ["cnc", "safety-cert"])
    assert from_cell("list", "[]") == (True, [])
    assert from_cell("list", "  ") == (False, None)
    assert from_cell("list", 101) == (True, ["101"])
    assert to_cell("list", ["a;b", "c"]) == '["a;b", "c"]'
    assert from_cell("list", '["a;b", "c"]') == (True, ["a;b", "c"])


def test_typed_values() -> None:
    assert from_cell("str", 2401) == (True, "2401")
    assert from_cell("int", 3.0) == (True, 3) and from_cell("int", "7") == (True, 7)
    assert from_cell("int", "many") == (True, "many")  # left for validation to name
    assert from_cell("bool", "是") == (True, True) and from_cell("bool", "FALSE") == (True, False)
    assert from_cell("date", dt.datetime(2026, 9, 7)) == (True, "2026-09-07")
    assert from_cell("times", dt.time(8, 0)) == (True, ["08:00"])
    assert from_cell("times", "08:00;10:00") == (True, ["08:00", "10:00"])


def test_list_separators_include_full_width_semicolon_and_line_breaks() -> None:
    assert from_cell("list", "safety；cnc") == (True, ["safety", "cnc"])
    assert from_cell("list", "cnc\nsafety") == (True, ["cnc", "safety"])
    assert from_cell("list", "a;b\r\nc") == (True, ["a", "b", "c"])
    # an item holding a separator is written as JSON, so it reads back whole
    for items in (["数控；一"], ["a\nb"]):
        assert from_cell("list", to_cell("list", items)) == (True, items)


@pytest.mark.parametrize("comma", [",", "，", "、"])
def test_a_comma_between_list_items_is_an_error_that_shows_the_list(comma: str) -> None:
    """'cnc-3axis,safety-cert' was read as one feature, and the rooms lost silently."""
    with pytest.raises(CellError, match=f"not '{comma}'; write cnc-3axis; safety-cert"):
        from_cell("list", f"cnc-3axis{comma}safety-cert")
    # an item that really holds one is written as JSON and reads back whole
    assert from_cell("list", to_cell("list", [f"a{comma}b", "c"])) == (True, [f"a{comma}b", "c"])


def test_a_formula_float_a_hair_off_an_integer_is_that_integer() -> None:
    assert from_cell("int", 8.000000000000002) == (True, 8)
    assert from_cell("int", 8.5) == (True, 8.5)  # left for validation to name


def test_a_window_range_past_any_calendar_is_an_error_not_a_list_in_memory() -> None:
    with pytest.raises(CellError, match="100000 is beyond any calendar's days"):
        from_cell("windows", "days=1-100000")


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("int", "9" * 5000, r"^9{40}\.\.\. \(5,000 characters\) is beyond every limit"),
        ("int", float("inf"), "inf is not a number a count can be"),
        ("int", float("nan"), "nan is not a number a count can be"),
        ("windows", "days=" + "9" * 5000, r"^days: 9{40}\.\.\. \(5,000 characters\)"),
        ("windows", "weeks=1-" + "9" * 5000, r"^weeks: 9{40}"),
        ("list", "[" + "9" * 5000 + "]", "holds a number too long or lists nested too deep"),
        ("list", "[" * 100_000, "holds a number too long or lists nested too deep"),
    ],
)
def test_numbers_no_limit_can_hold_are_errors_at_the_cell(
    kind: str, value: object, message: str
) -> None:
    """int() refuses over 4,300 digits and round(inf) overflows: both were tracebacks."""
    with pytest.raises(CellError, match=message):
        from_cell(kind, value)


def test_a_long_but_readable_number_is_left_for_validation_to_name() -> None:
    assert from_cell("int", " -" + "9" * 18) == (True, -int("9" * 18))
    assert from_cell("int", "１２") == (True, 12)  # full-width digits, as typed in Chinese
