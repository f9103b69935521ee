"""Import errors name the sheet, the cell and the column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pytest
from pytest import MonkeyPatch

from scheduler.spreadsheet import (
    SpreadsheetError,
    example_scenario,
    import_workbook,
)


def _edit(path: Path, edits: dict[str, dict[str, object]], new_sheets: Iterable[str] = ()) -> Path:
    wb = openpyxl.load_workbook(path)
    for sheet, cells in edits.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    for name in new_sheets:
        wb.create_sheet(name)
    wb.save(path)
    return path


def _merged_down(path: Path, sheet: str, small: str, ref: str) -> Path:
    """``path`` with ``ref`` merged in ``sheet``, as Excel stores it: only the range.

    Merged as ``small`` by openpyxl, which writes the merge where the format puts it, then
    widened in the file: openpyxl itself makes (and writes) a cell per covered cell, and
    a merge down to the last row took 70 s of the test before the import saw it.
    """
    import zipfile

    wb = openpyxl.load_workbook(path)
    wb[sheet].merge_cells(small)
    wb.save(path)
    with zipfile.ZipFile(path) as src:
        parts = [(item, src.read(item.filename)) for item in src.infolist()]
    old, new = f'ref="{small}"'.encode(), f'ref="{ref}"'.encode()
    assert sum(data.count(old) for _, data in parts) == 1  # the merge, nothing else
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, data in parts:
            dst.writestr(item, data.replace(old, new))
    return path


def _problems(path: Path) -> tuple[list[str], list[str]]:
    with pytest.raises(SpreadsheetError) as info:
        import_workbook(path)
    return [str(i) for i in info.value.issues], [str(w) for w in info.value.warnings]


def test_unknown_reference_is_named_at_its_cell(template: Path) -> None:
    # requests row 2 is r-1; column B is cohort, column U is after
    _edit(template, {"requests": {"B2": "x", "U4": "r-1;r-9"}})
    issues, _ = _problems(template)
    assert "requests!B2 (cohort): unknown cohort 'x'" in issues
    assert "requests!U4 (after): unknown request 'r-9'" in issues


def test_cell_syntax_and_type_errors_come_together(template: Path) -> None:
    _edit(
        template,
        {
            "requests": {"M2": "weeks=3-x", "G4": "many", "AB1": "colour"},
            "resources": {"F2": "big"},
        },
        new_sheets=["notes"],
    )
    issues, warnings = _problems(template)
    assert "requests!M2 (window): weeks=3-x: expected a week or a range like 3-12" in issues
    assert 'requests!G4 (sessions): must be an integer (got "many")' in issues
    assert 'resources!F2 (capacity): must be an integer (got "big")' in issues
    assert any(i.startswith("requests!AB1 (colour): unknown column 'colour'") for i in issues)
    assert warnings == ["notes: not a scenario sheet; it is not read"]


def test_errors_of_a_pair_of_fields_name_the_cell_of_one(template: Path) -> None:
    _edit(template, {"requests": {"B3": "a-cnc-2401"}})  # r-2 has cohorts already
    issues, _ = _problems(template)
    assert issues == ["requests!C3 (cohorts): give exactly one of 'cohort' and 'cohorts', not both"]


def test_missing_sheet_and_stray_values(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    del wb["sites"]
    wb["cohorts"]["J2"] = "stray"
    wb.save(template)
    issues, _ = _problems(template)
    assert "(workbook): sheet 'sites' is missing" in issues
    assert "cohorts!J2 (?): a value under no column header" in issues


def test_an_empty_calendar_sheet_is_named_for_what_it_lacks(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb["calendar"].delete_rows(2, wb["calendar"].max_row)
    wb.save(template)
    issues, _ = _problems(template)
    assert issues[0] == "calendar: the sheet has no data row (row 2)"
    assert "calendar (weeks): missing required key 'weeks'" in issues
    assert not any(i.startswith("(workbook)") for i in issues)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_text("id,name\n")
    issues, _ = _problems(path)
    assert len(issues) == 1 and "is not an .xlsx workbook" in issues[0]


def test_empty_window_piece_is_an_error_not_the_whole_calendar(template: Path) -> None:
    _edit(template, {"requests": {"M2": "weeks=1-2 |", "M3": "weeks=1 || weeks=2"}})
    issues, _ = _problems(template)
    assert any(
        i.startswith("requests!M2 (window): window 'weeks=1-2 |' has an empty") for i in issues
    )
    assert any(i.startswith("requests!M3 (window):") and "'all'" in i for i in issues)


def test_merged_cells_read_their_value_in_every_row(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb["requests"]
    ws["V2"] = 3  # column V is priority
    ws.merge_cells("V2:V4")
    wb.save(template)
    priorities = [r.priority for r in import_workbook(template).scenario.requests[:3]]
    assert priorities == [3, 3, 3]


def test_formula_without_computed_value_is_named_at_its_cell(template: Path) -> None:
    _edit(template, {"requests": {"V2": "=1+2", "E2": '="a"&"b"'}})
    issues, _ = _problems(template)
    message = "a formula without a computed value; open and save the workbook in Excel or WPS"
    assert any(i.startswith(f"requests!V2 (priority): {message}") for i in issues)
    assert any(i.startswith(f"requests!E2 (title): {message}") for i in issues)


def test_a_header_formula_without_computed_value_is_named_as_such(template: Path) -> None:
    """It read as an unknown column named '<a formula without a computed value; ...>'."""
    _edit(template, {"requests": {"E1": '="ti"&"tle"'}})
    issues, _ = _problems(template)
    assert issues == [
        "requests!E1: a column header that is a formula without a computed value; open and "
        "save the workbook in Excel or WPS, or type the value (a formula whose value is "
        'empty, like IF(...,""), reads the same: leave such a cell empty instead)'
    ]


def test_chinese_sheet_names_of_the_readme_are_read(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb["requests"].title = "实训需求"
    wb["cohorts"].title = "班级／培训班组"
    wb.save(template)
    result = import_workbook(template)
    assert len(result.scenario.requests) == len(example_scenario().requests)
    assert not result.warnings


def test_sheet_under_both_names_is_an_error(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb.create_sheet("实训需求")
    wb.save(template)
    issues, _ = _problems(template)
    assert any(i.startswith("实训需求: sheet 'requests' is already read") for i in issues)


def test_missing_requests_sheet_is_warned(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    del wb["requests"]
    wb.save(template)
    result = import_workbook(template)
    assert not result.scenario.requests
    assert any("sheet 'requests' (实训需求) is missing" in str(w) for w in result.warnings)


def test_id_cells_lose_surrounding_spaces(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    cohort = wb["cohorts"]["A2"].value
    wb["cohorts"]["A2"] = f" {cohort} "
    wb.save(template)
    scenario = import_workbook(template).scenario
    assert scenario.cohorts[0].id == cohort


def test_issues_name_a_chinese_named_sheet_as_the_workbook_does(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb["requests"]["B2"] = "x"
    wb["requests"].title = "实训需求"
    wb.save(template)
    issues, _ = _problems(template)
    assert "实训需求!B2 (cohort): unknown cohort 'x'" in issues


def test_formula_with_a_computed_value_reads_the_value(template: Path, tmp_path: Path) -> None:
    """A workbook saved by Excel or WPS stores each formula's result: that value counts."""
    import zipfile

    _edit(template, {"requests": {"V2": "=1+2"}})
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(cached, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if b"<f>1+2</f><v />" in data:
                data = data.replace(b"<f>1+2</f><v />", b"<f>1+2</f><v>3</v>")
            dst.writestr(info, data)
    assert import_workbook(cached).scenario.requests[0].priority == 3


def test_a_folder_or_a_json_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    issues, _ = _problems(tmp_path)
    assert issues == [f"(workbook): {tmp_path} is a folder, not a workbook"]
    scenario = tmp_path / "s.json"
    scenario.write_text("{}")
    issues, _ = _problems(scenario)
    assert len(issues) == 1 and "a JSON document, which needs no import" in issues[0]
    assert "openpyxl" not in issues[0]


@pytest.mark.parametrize(
    ("name", "content", "told"),
    [
        ("s.csv", b"id,name\nr1,x\n", "a text file (CSV?): open it in Excel or WPS and save it"),
        ("s.xlsx", b"id,name\nr1,x\n", "a text file (CSV?)"),
        ("s.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "an old .xls workbook"),
        ("s.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "protected by a password"),
        ("s.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "a WPS .et file"),
        ("s.xlsx", b"", "the file is empty"),
    ],
)
def test_a_file_that_is_no_workbook_is_named_for_what_it_is(
    tmp_path: Path, name: str, content: bytes, told: str
) -> None:
    """Renaming a CSV or an old .xls to .xlsx, as the message once advised, did not help."""
    path = tmp_path / name
    path.write_bytes(content)
    issues, _ = _problems(path)
    assert len(issues) == 1 and told in issues[0]


def test_a_value_far_to_the_right_is_an_error_naming_its_cell(template: Path) -> None:
    """A stray value in column XFD made a 16,384-wide table of every row (13 GB)."""
    _edit(template, {"requests": {"XFD7": "x"}})
    issues, _ = _problems(template)
    assert issues == [
        "requests!XFD7: the sheet reaches column XFD; at most 200 columns are read "
        "(clear what lies right of the data)"
    ]


def test_merged_ranges_are_capped_in_all_not_one_by_one(
    template: Path, monkeypatch: MonkeyPatch
) -> None:
    """Six ranges each under the cap took 94 s and 4 GB to load."""
    import scheduler.spreadsheet.reader.file_checks as file_checks

    monkeypatch.setattr(file_checks, "MAX_MERGED_CELLS", 1000)
    wb = openpyxl.load_workbook(template)
    for col in ("AB", "AC"):
        wb["requests"].merge_cells(f"{col}2:{col}601")
    wb.save(template)
    issues, _ = _problems(template)
    assert len(issues) == 2
    assert all(
        "covers 600 cells" in i and "1,000 cells in all, these cover 1,200" in i for i in issues
    )


def test_a_copy_of_a_scenario_sheet_with_rows_is_an_error_not_a_drop(template: Path) -> None:
    """Excel's copy 'requests (2)' held the requests while 'requests' kept its header
    only: the import gave a scenario without requests and a warning."""
    wb = openpyxl.load_workbook(template)
    wb.copy_worksheet(wb["requests"]).title = "requests (2)"
    wb["requests"].delete_rows(2, wb["requests"].max_row)
    wb.save(template)
    issues, _ = _problems(template)
    assert issues == [
        "requests (2): not a scenario sheet, but it has the columns of 'requests' (实训需求) "
        "and rows under them, which would not be read: move them to 'requests', or delete "
        "this sheet"
    ]


def test_an_empty_copy_of_a_scenario_sheet_is_only_warned(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb.copy_worksheet(wb["requests"]).title = "requests (2)"
    wb["requests (2)"].delete_rows(2, wb["requests (2)"].max_row)
    wb.save(template)
    result = import_workbook(template)
    assert "requests (2): not a scenario sheet; it is not read" in map(str, result.warnings)


def test_a_tag_that_reads_like_several_is_warned_at_its_cell(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb["resources"]
    column = next(c.column for c in ws[1] if c.value == "features")
    ws.cell(row=2, column=column).value = "cnc welding; safety/first-aid"
    wb.save(template)
    warnings = [str(w) for w in import_workbook(template).warnings]
    joined = [w for w in warnings if "is read as one item" in w]
    assert len(joined) == 2
    assert joined[0].endswith(
        "'cnc welding' is read as one item; if it is several, separate them with ';' (cnc; welding)"
    )
    assert joined[1].endswith("(safety; first-aid)")


def test_a_stray_cell_far_below_the_data_is_not_walked_to(template: Path) -> None:
    """A space in row 100,000 cost 14 s and 1.2 GB (every position up to it was made a
    cell); a styled last row never ended. Only stored cells are read now."""
    wb = openpyxl.load_workbook(template)
    wb["requests"]["A100000"] = " "
    wb["requests"]["B1048576"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    wb.save(template)
    result = import_workbook(template)
    assert [r.id for r in result.scenario.requests] == [r.id for r in example_scenario().requests]


def test_data_below_the_rows_read_is_an_error_naming_the_row(template: Path) -> None:
    _edit(template, {"requests": {"A100001": "r-far"}})
    issues, _ = _problems(template)
    assert issues == [
        "requests row 100001: the sheet reaches row 100,001; at most 100,000 rows are read "
        "(clear what lies below the data)"
    ]


def test_a_merged_range_down_to_the_last_row_is_refused_before_loading(template: Path) -> None:
    """openpyxl makes an object per merged cell while loading: 24 s and 830 MB."""
    _merged_down(template, "requests", "AB2:AB3", "AB2:AB1048576")
    issues, _ = _problems(template)
    assert len(issues) == 1
    assert "a merged range (AB2:AB1048576" in issues[0] and "covers 1,048,575 cells" in issues[0]


def test_a_damaged_workbook_is_an_error_not_a_traceback(template: Path, tmp_path: Path) -> None:
    import zipfile

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<styleSheet" if item.filename == "xl/styles.xml" else data)
    issues, _ = _problems(broken)
    assert len(issues) == 1
    assert "is damaged and cannot be read (ParseError" in issues[0]
    assert "save it again" in issues[0]


def test_a_sheet_named_otherwise_with_a_scenario_sheets_columns_is_an_error(template: Path) -> None:
    """All requests in a sheet named 'reqs' were dropped with a warning only."""
    wb = openpyxl.load_workbook(template)
    wb["requests"].title = "reqs"
    wb.save(template)
    issues, _ = _problems(template)
    assert issues == [
        "reqs: not a scenario sheet, but it has the columns of 'requests' (实训需求), "
        "which is missing; rename it 'requests'"
    ]


def test_a_header_typo_is_named_once_with_the_nearest_column(template: Path) -> None:
    """'sesions' was named at the header and again under it in every row."""
    _edit(template, {"requests": {"G1": "sesions"}})
    issues, _ = _problems(template)
    assert issues[0].startswith(
        "requests!G1 (sesions): unknown column 'sesions' (did you mean 'sessions'? columns:"
    )
    assert not any("under no column header" in i for i in issues)


def test_chinese_column_headers_are_read(template: Path) -> None:
    """The template's header comments give each column's Chinese name: it is accepted."""
    _edit(template, {"requests": {"G1": "课次"}})
    result = import_workbook(template)
    assert [r.sessions for r in result.scenario.requests] == [
        r.sessions for r in example_scenario().requests
    ]


def test_a_merged_range_across_the_header_is_an_error(template: Path) -> None:
    """calendar A1:A2 merged made 'name' the scenario's name, silently."""
    wb = openpyxl.load_workbook(template)
    wb["calendar"].merge_cells("A1:A2")
    wb.save(template)
    issues, _ = _problems(template)
    assert "calendar!A1 (name): merged range A1:A2 crosses the header row; unmerge it" in issues


def test_hidden_columns_are_read_with_a_warning(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb["requests"].column_dimensions["E"].hidden = True
    wb.save(template)
    warnings = [str(w) for w in import_workbook(template).warnings]
    assert "requests: hidden columns (E) are read like the others" in warnings


def test_hidden_sheets_and_rows_are_read_with_a_warning(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb["requests"].row_dimensions[3].hidden = True
    wb["closed"].sheet_state = "hidden"
    wb.save(template)
    result = import_workbook(template)
    assert len(result.scenario.requests) == len(example_scenario().requests)  # still read
    warnings = [str(w) for w in result.warnings]
    assert "requests: hidden rows (3) are read like the others" in warnings
    assert "closed: a hidden sheet; it is read" in warnings


def _column(path: Path, sheet: str, header: str) -> str:
    """The letter of ``sheet``'s column named ``header``."""
    ws = openpyxl.load_workbook(path)[sheet]
    (cell,) = [c for c in ws[1] if c.value == header]
    return str(cell.column_letter)


def test_spreadsheet_error_values_and_dates_in_lists_are_refused_at_their_cells(
    template: Path,
) -> None:
    """A failed lookup (#N/A) read as a title or feature, and '3-4' that Excel stored as a
    date in a features cell, imported as text without a word (an audit finding)."""
    import datetime as dt

    title = _column(template, "requests", "title")
    features = _column(template, "resources", "features")
    skills = _column(template, "instructors", "skills")
    _edit(
        template,
        {
            "requests": {f"{title}2": "#N/A"},
            "resources": {f"{features}2": dt.datetime(2026, 3, 4), f"{features}3": "#REF!"},
            "instructors": {f"{skills}2": True},
        },
    )
    issues, _ = _problems(template)
    assert f"requests!{title}2 (title): the cell holds the spreadsheet error #N/A" in "\n".join(
        issues
    )
    assert any(i.startswith(f"resources!{features}3 (features): the cell holds") for i in issues)
    assert any(
        i.startswith(f"resources!{features}2 (features): the spreadsheet stored a date")
        for i in issues
    )
    assert any(
        i.startswith(f"instructors!{skills}2 (skills): the spreadsheet stored a true/false")
        for i in issues
    )


def test_excel_line_breaks_in_a_list_cell_separate_items(template: Path) -> None:
    """Excel writes a carriage return in a cell as _x000D_: 'welding' + line break +
    'cnc' was read as the feature 'welding_x000D_' (an audit finding)."""
    features = _column(template, "resources", "features")
    _edit(template, {"resources": {f"{features}2": "welding_x000D_\ncnc"}})
    scenario = import_workbook(template).scenario
    assert scenario.resources[0].features == ["welding", "cnc"]


def test_an_error_in_a_merged_range_says_the_cells_are_merged(template: Path) -> None:
    """'requests!V3 (priority): must be an integer' pointed at a cell holding nothing."""
    wb = openpyxl.load_workbook(template)
    ws = wb["requests"]
    ws["V2"] = "high"  # column V is priority
    ws.merge_cells("V2:V4")
    wb.save(template)
    issues, _ = _problems(template)
    merged = "(a cell of merged range V2:V4, which reads V2's value in each of its cells)"
    for row in (2, 3, 4):
        assert f'requests!V{row} (priority): must be an integer (got "high") {merged}' in issues


def test_a_date_with_a_time_of_day_is_refused_where_a_date_is_meant(template: Path) -> None:
    """2026-09-07 08:30 read as 2026-09-07, the 08:30 dropped without a word."""
    _edit(template, {"calendar": {"F2": dt.datetime(2026, 9, 7, 8, 30)}})
    issues, _ = _problems(template)
    assert issues == [
        "calendar!F2 (first_monday): the cell holds a date and a time (2026-09-07 08:30); "
        "this column is a date: type the date alone (2026-09-07)"
    ]
    _edit(template, {"calendar": {"F2": dt.datetime(2026, 9, 7)}})  # midnight: the date
    assert str(import_workbook(template).scenario.calendar.first_monday) == "2026-09-07"


def test_numbers_with_units_read_where_the_unit_fits_the_column(template: Path) -> None:
    """'60人' under capacity was refused as no integer; '60分钟' there must stay refused."""
    _edit(
        template,
        {
            "resources": {"F2": "60人"},
            "closed": {"A2": "第4周"},
            "travel": {"C2": "45分钟"},
            "requests": {"H2": "2节"},
        },
    )
    scenario = import_workbook(template).scenario
    assert scenario.resources[0].capacity == 60
    assert scenario.calendar.closed[0].week == 4
    assert scenario.travel[0].minutes == 45
    assert scenario.requests[0].duration == 2
    _edit(template, {"resources": {"F2": "60分钟"}})
    issues, _ = _problems(template)
    assert issues == [
        "resources!F2 (capacity): '60分钟' is in minutes (分钟), but this column counts "
        "people (人): write the number of people (60 if that is it)"
    ]


def _sheets_moved(path: Path, moved: Path) -> Path:
    """``path`` with its sheets stored under xl/tables/ (a package may put a part where
    it likes: the workbook's relationships say where each sheet is)."""
    import zipfile

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(moved, "w") as dst:
        for name in src.namelist():
            data = src.read(name).replace(b"/xl/worksheets/", b"/xl/tables/")
            dst.writestr(name.replace("xl/worksheets/", "xl/tables/"), data)
    return moved


def test_formulas_are_found_in_sheets_stored_anywhere_in_the_package(
    template: Path, tmp_path: Path
) -> None:
    """Only parts under xl/worksheets/ were searched: a formula elsewhere read as empty."""
    _edit(template, {"requests": {"V2": "=1+2"}})
    moved = _sheets_moved(template, tmp_path / "moved.xlsx")
    issues, _ = _problems(moved)
    assert any(i.startswith("requests!V2 (priority): a formula without a computed") for i in issues)


def test_huge_merges_are_found_in_sheets_stored_anywhere_in_the_package(
    template: Path, tmp_path: Path
) -> None:
    _merged_down(template, "requests", "AB2:AB3", "AB2:AB1048576")
    issues, _ = _problems(_sheets_moved(template, tmp_path / "moved.xlsx"))
    assert len(issues) == 1 and "a merged range (AB2:AB1048576, in sheet" in issues[0]
