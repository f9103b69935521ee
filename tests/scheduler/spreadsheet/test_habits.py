"""What a college office types by hand in Excel or WPS, read as meant or refused at the
cell: full-width forms, dates and times as text, weekday names (``habits``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from scheduler.spreadsheet.cells import CellError, Percent, from_cell


@pytest.mark.parametrize(
    "text",
    ["2026/9/7", "2026-9-7", "2026.9.7", "2026年9月7日", "２０２６／９／７", " 2026-09-07\xa0"],
)
def test_a_date_typed_as_text_year_first_is_that_date(text: str) -> None:
    assert from_cell("date", text) == (True, "2026-09-07")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("9/7", "YYYY/9/7"),
        ("9-7", "YYYY-9-7"),
        ("9月7日", "YYYY年9月7日"),
        ("９月７号", "YYYY年9月7日"),
    ],
)
def test_a_date_without_a_year_is_refused_saying_why(text: str, written: str) -> None:
    """'9月7日' was left for validation, which said only 'must be a date'."""
    with pytest.raises(CellError) as info:
        from_cell("date", text)
    assert str(info.value).startswith(
        f"'{text}' has no year, and the calendar has no other date to take one from "
        f"(first_monday is its only date): write the year, as in {written}"
    )


def test_a_date_in_another_order_or_that_does_not_exist_is_not_guessed() -> None:
    assert from_cell("date", "2026/9-7") == (True, "2026/9-7")  # two separators
    with pytest.raises(CellError, match="'2026/2/30' is no date"):
        from_cell("date", "2026/2/30")


@pytest.mark.parametrize(
    ("value", "times"),
    [
        ("08：00；10：00", ["08:00", "10:00"]),  # a Chinese keyboard's colon and semicolon
        ("8:00:00;14:00:00", ["8:00", "14:00"]),  # the model writes 8:00 as 08:00
        ("８:３０", ["8:30"]),
    ],
)
def test_times_typed_full_width_or_with_zero_seconds_are_read(value: str, times: list[str]) -> None:
    assert from_cell("times", value) == (True, times)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("8点;10点;2点", "24-hour clock as HH:MM"),  # 2点 is 14:00 to the clerk, 02:00 here
        ("下午2点", "24-hour clock"),
        ("08:00:30", "whole minutes"),
        (dt.time(8, 0, 30), "whole minutes"),
        (dt.datetime(2026, 8, 10), "stored a date"),  # '8/10' typed as a time
    ],
)
def test_times_that_would_change_meaning_are_refused(value: Any, message: str) -> None:
    with pytest.raises(CellError, match=message):
        from_cell("times", value)


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("weeks＝３－１２", {"weeks": [3, 12]}),
        ("weeks=3~12", {"weeks": [3, 12]}),
        ("weeks=3～12　days=1，2", {"weeks": [3, 12], "days": [1, 2]}),
        ("days=1、2、3 ｜ slots=1", None),
        ("days=周一-周三,星期五", {"days": [1, 2, 3, 5]}),
        ("days=周日,礼拜六", {"days": [7, 6]}),
    ],
)
def test_windows_typed_full_width_or_with_chinese_separators(
    text: str, window: dict[str, Any] | None
) -> None:
    present, windows = from_cell("windows", text)
    assert present
    if window is None:
        assert windows == [{"days": [1, 2, 3]}, {"slots": [1]}]
    else:
        assert windows == [window]


@pytest.mark.parametrize(
    ("value", "meant"),
    [("ＴＲＵＥ", True), ("√", True), ("×", False), ("否", False), (" True\xa0", True)],
)
def test_yes_and_no_as_typed(value: str, meant: bool) -> None:
    assert from_cell("bool", value) == (True, meant)


def test_whole_numbers_typed_as_text_and_kinds_in_capitals() -> None:
    assert from_cell("int", "60.0") == (True, 60)
    assert from_cell("int", "６０\u3000") == (True, 60)
    assert from_cell("int", "60.5") == (True, "60.5")  # left for validation to name
    assert from_cell("int", "6²") == (True, "6²")  # NFKC would read 62: only widths fold
    assert from_cell("enum", "Lab\xa0") == (True, "lab")
    assert from_cell("enum", "ＬＡＢ") == (True, "lab")


@pytest.mark.parametrize(
    ("value", "day"), [("周四", 4), ("星期四", 4), ("星期日", 7), ("周天", 7), (4, 4), ("4", 4)]
)
def test_a_day_is_its_number_or_its_chinese_name(value: Any, day: int) -> None:
    assert from_cell("day", value) == (True, day)


def test_a_day_name_with_more_words_is_left_for_validation() -> None:
    assert from_cell("day", "周四下午") == (True, "周四下午")


def test_a_percentage_is_refused_where_a_count_is_meant_and_shown_as_text() -> None:
    with pytest.raises(CellError, match=r"shows a percentage \(100%\)"):
        from_cell("int", Percent(1.0))
    assert from_cell("str", Percent(0.5)) == (True, "50%")


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [
        ("60人", "people", 60),
        ("６０ 人", "people", 60),
        ("40 people", "people", 40),
        ("18周", "weeks", 18),
        ("4个周", "weeks", 4),
        ("第4周", "week", 4),
        ("4周", "week", 4),
        ("2节", "slots", 2),
        ("90分钟", "minutes", 90),
        ("45 min", "minutes", 45),
        ("12次", "sessions", 12),
        ("2天", "days", 2),
    ],
)
def test_a_number_with_the_unit_its_column_counts_is_that_number(
    text: str, unit: str, number: int
) -> None:
    assert from_cell("int", text, unit) == (True, number)


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("60分钟", "people", "'60分钟' is in minutes (分钟), but this column counts people (人)"),
        ("2节", "minutes", "is in slots (节), but this column counts minutes (分钟)"),
        ("第4周", "weeks", "'第4周' names a week, but this column counts weeks"),
        ("3次", "", "'3次': this column is a plain number, not sessions: write 3"),
    ],
)
def test_a_number_with_a_unit_its_column_does_not_count_is_refused(
    text: str, unit: str, message: str
) -> None:
    with pytest.raises(CellError, match=re.escape(message)):
        from_cell("int", text, unit)


def test_a_number_with_words_that_are_no_unit_is_left_for_validation() -> None:
    assert from_cell("int", "3-12周", "weeks") == (True, "3-12周")
    assert from_cell("int", "60左右", "people") == (True, "60左右")


@pytest.mark.parametrize(
    ("text", "allowed", "value"),
    [
        ("实训室", ("lab", "workshop", "training_base", "internship_post"), "lab"),
        ("车间", ("lab", "workshop", "training_base", "internship_post"), "workshop"),
        ("实训基地", ("lab", "workshop", "training_base", "internship_post"), "training_base"),
        ("实习岗位", ("lab", "workshop", "training_base", "internship_post"), "internship_post"),
        ("学生", ("students", "trainees"), "students"),
        ("培训学员", ("students", "trainees"), "trainees"),
        ("学员", ("students", "trainees"), "trainees"),
        ("院校", ("college", "enterprise", "institute"), "college"),
        ("学院", ("college", "enterprise", "institute"), "college"),
        ("企业", ("college", "enterprise", "institute"), "enterprise"),
        ("研究院", ("college", "enterprise", "institute"), "institute"),
        ("自由", ("free", "weekly", "block"), "free"),
        ("每周", ("free", "weekly", "block"), "weekly"),
        ("集中", ("free", "weekly", "block"), "block"),
        ("实习", ("sessions", "internship"), "internship"),
        ("课程", ("sessions", "internship"), "sessions"),
    ],
)
def test_a_kind_written_in_chinese_is_its_value(
    text: str, allowed: tuple[str, ...], value: str
) -> None:
    assert from_cell("enum", text, allowed=allowed) == (True, value)


def test_an_unknown_kind_is_refused_with_the_words_of_both_languages() -> None:
    with pytest.raises(CellError) as info:
        from_cell("enum", "教室", allowed=("lab", "workshop", "training_base", "internship_post"))
    assert str(info.value) == (
        "'教室' is not a kind this column knows; write one of: lab (实训室, 实验室), "
        "workshop (车间, 实训车间), training_base (实训基地, 基地), "
        "internship_post (实习岗位, 岗位)"
    )
    with pytest.raises(CellError, match="write one of: sessions"):
        from_cell("enum", "实习岗位", allowed=("sessions", "internship"))  # a resource's kind
