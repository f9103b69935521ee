"""A workbook filled in Excel or WPS: cells are read as the spreadsheet shows them (a
Chinese built-in date format, a day count, zeros of a format, a percentage), headers
as a clerk edits them (a note column, a unit in brackets)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.workbook import Workbook

from scheduler.spreadsheet import (
    SpreadsheetError,
    example_scenario,
    import_workbook,
)


def _edit(path: Path, edit: Callable[[Workbook], object]) -> Path:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _rewrite(path: Path, part: str, change: Callable[[str], str]) -> None:
    """Rewrite one XML part of the workbook, as another program would have written it."""
    parts = {}
    with zipfile.ZipFile(path) as src:
        for info in src.infolist():
            parts[info] = src.read(info.filename)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts.items():
            dst.writestr(info, change(data.decode()).encode() if info.filename == part else data)


def test_a_date_in_excels_chinese_built_in_format_is_that_date(template: Path) -> None:
    """Excel and WPS in Chinese name 'yyyy"年"m"月"d"日"' by its number (31) only; openpyxl,
    which does not know it, read 2026-09-07 as 46272 and the import refused it."""
    _edit(template, lambda wb: setattr(wb["calendar"]["F2"], "number_format", "yyyy年m月d日"))

    def built_in(styles: str) -> str:
        m = re.search(r'<numFmt numFmtId="(\d+)" formatCode="yyyy年m月d日"\s*/>', styles)
        assert m is not None
        return styles.replace(m.group(0), "").replace(f'numFmtId="{m.group(1)}"', 'numFmtId="31"')

    _rewrite(template, "xl/styles.xml", built_in)
    assert openpyxl.load_workbook(template)["calendar"]["F2"].value == 46272  # the quirk
    result = import_workbook(template)
    assert result.scenario == example_scenario() and result.warnings == []


@pytest.mark.parametrize(("epoch", "count"), [(None, 46272), (CALENDAR_MAC_1904, 44810)])
def test_a_date_shown_as_its_day_count_is_read_with_a_warning(
    template: Path, epoch: object, count: int
) -> None:
    """A date cell formatted as a number (or pasted as a value) shows 46272; in a workbook
    of the 1904 date system the same day is 44810."""

    def edit(wb: Workbook) -> None:
        if epoch is not None:
            wb.epoch = epoch
        wb["calendar"]["F2"] = count
        wb["calendar"]["F2"].number_format = "General"

    _edit(template, edit)
    result = import_workbook(template)
    assert result.scenario == example_scenario()
    assert [str(w) for w in result.warnings] == [
        f"calendar!F2 (first_monday): the number {count} is read as the date 2026-09-07 "
        "(the spreadsheet's day count); format the cell as a date to see it so"
    ]


def test_a_small_number_in_a_date_column_is_not_taken_for_a_date(template: Path) -> None:
    _edit(template, lambda wb: wb["calendar"].__setitem__("F2", 7))
    _edit(template, lambda wb: setattr(wb["calendar"]["F2"], "number_format", "General"))
    with pytest.raises(SpreadsheetError, match=r"calendar!F2 \(first_monday\): must be a date"):
        import_workbook(template)


def test_a_number_shown_as_a_percentage_is_refused_not_read_as_a_hundredth(
    template: Path,
) -> None:
    """priority typed as 100% was read as 1, fairness 100% as 1, without a word."""

    def edit(wb: Workbook) -> None:
        wb["requests"]["V2"] = 1
        wb["requests"]["V2"].number_format = "0%"

    _edit(template, edit)
    with pytest.raises(SpreadsheetError) as info:
        import_workbook(template)
    assert [str(i) for i in info.value.issues] == [
        "requests!V2 (priority): the cell shows a percentage (100%); type the number itself, "
        "without %, in a cell formatted as a number"
    ]


@pytest.mark.parametrize("fmt", ['0"%"', "0\\%"])
def test_a_percent_sign_written_after_the_number_is_no_percentage(template: Path, fmt: str) -> None:
    """A cell formatted 0"%" shows 85 as 85%: its number is 85, not 0.85. It was refused
    as a percentage in a count column, and a text column read it as 8500%."""

    def edit(wb: Workbook) -> None:
        wb["requests"]["V2"] = 5
        wb["requests"]["V2"].number_format = fmt
        wb["requests"]["E2"] = 5
        wb["requests"]["E2"].number_format = fmt

    _edit(template, edit)
    request = import_workbook(template).scenario.requests[0]
    assert (request.priority, request.title) == (5, "5")


def test_a_number_keeps_the_leading_zeros_its_format_shows(template: Path) -> None:
    """A class code 0701 typed into a cell formatted 0000 is stored as 701."""

    def edit(wb: Workbook) -> None:
        wb["requests"]["E2"] = 701
        wb["requests"]["E2"].number_format = "0000"

    _edit(template, edit)
    assert import_workbook(template).scenario.requests[0].title == "0701"


def test_a_notes_column_is_warned_and_left_out(template: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["resources"]["M1"] = "备注"
        wb["resources"]["M2"] = "周末不开放，需提前一周预约"

    _edit(template, edit)
    result = import_workbook(template)
    assert result.scenario == example_scenario()
    assert [str(w) for w in result.warnings] == [
        "resources!M1 (备注): a column of notes: not read into the scenario"
    ]


def test_an_unknown_column_says_how_to_head_a_notes_column(template: Path) -> None:
    _edit(template, lambda wb: wb["resources"].__setitem__("M1", "联系人"))
    with pytest.raises(SpreadsheetError, match="a column of notes is headed 备注 or notes"):
        import_workbook(template)


@pytest.mark.parametrize(
    "header", ["容量（人）", "capacity (people)", "ＣＡＰＡＣＩＴＹ", "容量\xa0"]
)
def test_a_header_with_a_unit_in_brackets_or_full_width_is_its_column(
    template: Path, header: str
) -> None:
    _edit(template, lambda wb: wb["resources"].__setitem__("F1", header))
    assert import_workbook(template).scenario == example_scenario()


@pytest.mark.parametrize(
    ("sheet", "cell", "header", "message"),
    [
        (
            "requests",
            "G1",
            "sessions (per week)",
            "'per week' in brackets is not a unit of 'sessions', which counts sessions (次)",
        ),
        (
            "resources",
            "F1",
            "容量（分钟）",
            "'分钟' in brackets is not a unit of 'capacity', which counts people (人)",
        ),
        ("resources", "A1", "编号（旧）", "'旧' in brackets is not a unit of 'id'"),
    ],
)
def test_a_header_with_other_words_in_brackets_is_not_its_column(
    template: Path, sheet: str, cell: str, header: str, message: str
) -> None:
    """'sessions (per week)' read as sessions: a weekly count taken for the term's."""
    _edit(template, lambda wb: wb[sheet].__setitem__(cell, header))
    with pytest.raises(SpreadsheetError) as info:
        import_workbook(template)
    assert str(info.value.issues[0]).startswith(f"{sheet}!{cell} ({header}): {message}")


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("编号（必填）", "A1"),
        ("size (people)", "E1"),
        ("人数（人）", "E1"),
        ("人数（size）", "E1"),  # both languages: the other one in brackets
        ("size (人数)", "E1"),
    ],
)
def test_a_header_marked_required_or_with_its_unit_is_its_column(
    template: Path, header: str, column: str
) -> None:
    _edit(template, lambda wb: wb["cohorts"].__setitem__(column, header))
    assert import_workbook(template).scenario == example_scenario()


def test_the_scenario_name_loses_surrounding_spaces_as_ids_do(template: Path) -> None:
    name = example_scenario().name
    _edit(template, lambda wb: wb["calendar"].__setitem__("A2", f"\u3000{name}\xa0"))
    assert import_workbook(template).scenario.name == name


@pytest.mark.parametrize("comma", ["、", "，", ","])
def test_a_list_separated_by_commas_reads_when_its_items_are_plain(
    template: Path, comma: str
) -> None:
    """'a-cnc-2401、b-staff-1' was refused: every piece is a cohort, so the list is meant;
    features and kinds (no id of the format) split on a comma always."""

    def edit(wb: Workbook) -> None:
        wb["requests"]["C3"] = f"a-cnc-2401{comma} b-staff-1"  # cohorts of r-2
        wb["resources"]["G2"] = f"cnc{comma}safety-cert"  # features
        wb["requests"]["K2"] = f"lab{comma}workshop"  # resource_kinds

    _edit(template, edit)
    assert import_workbook(template).scenario == example_scenario()


def test_an_id_holding_a_comma_is_read_whole_where_it_is_an_id(template: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["cohorts"]["A3"] = "b-staff、1"  # b-staff-1, renamed
        wb["requests"]["C3"] = "a-cnc-2401;b-staff、1"

    _edit(template, edit)
    scenario = import_workbook(template).scenario
    assert scenario.requests[1].cohorts == ["a-cnc-2401", "b-staff、1"]


def test_ids_separated_by_commas_are_refused_when_a_piece_is_no_id(template: Path) -> None:
    _edit(template, lambda wb: wb["requests"].__setitem__("C3", "a-cnc-2401、b-staff-9"))
    with pytest.raises(SpreadsheetError) as info:
        import_workbook(template)
    assert [str(i) for i in info.value.issues] == [
        "requests!C3 (cohorts): 'a-cnc-2401、b-staff-9' is no cohort, and not every piece "
        "is one (unknown: b-staff-9): separate cohorts with ';' (a-cnc-2401; b-staff-9); "
        "a cohort id holding '、' is written as JSON: [\"a-cnc-2401、b-staff-9\"]"
    ]


def test_kinds_written_in_chinese_read_as_their_values(template: Path) -> None:
    """'实训室' was refused: a clerk writes the kinds in Chinese."""

    def edit(wb: Workbook) -> None:
        wb["institutions"]["C2"] = "院校"
        wb["institutions"]["C3"] = "企业"
        wb["resources"]["C2"] = "实训室"
        wb["resources"]["C3"] = "实习岗位"
        wb["requests"]["K2"] = "实训室；车间"

    _edit(template, edit)
    assert import_workbook(template).scenario == example_scenario()


def test_an_unknown_kind_is_refused_at_its_cell_with_the_accepted_words(
    template: Path,
) -> None:
    _edit(template, lambda wb: wb["resources"].__setitem__("C2", "教室"))
    with pytest.raises(SpreadsheetError) as info:
        import_workbook(template)
    assert [str(i) for i in info.value.issues] == [
        "resources!C2 (kind): '教室' is not a kind this column knows; write one of: "
        "lab (实训室, 实验室), workshop (车间, 实训车间), training_base (实训基地, 基地), "
        "internship_post (实习岗位, 岗位)"
    ]


def test_resource_kinds_and_closed_days_as_a_clerk_types_them(template: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["requests"]["K2"] = "Lab；Workshop"
        wb["closed"]["B2"] = "周四"
        wb["closed"]["B3"] = "星期五"

    _edit(template, edit)
    assert import_workbook(template).scenario == example_scenario()


def test_a_title_row_above_the_header_is_one_clear_error(template: Path) -> None:
    """A title typed above the column names was named as an unknown column, and each name
    under it as a value under no header: 27 messages, none saying what to do."""

    def edit(wb: Workbook) -> None:
        wb["requests"].insert_rows(1)
        wb["requests"]["A1"] = "2026年秋季实训需求表"
        wb["requests"].merge_cells("A1:Z1")

    _edit(template, edit)
    with pytest.raises(SpreadsheetError) as info:
        import_workbook(template)
    assert [str(i) for i in info.value.issues] == [
        "requests row 1: the column names are in row 2; they must be in row 1: delete the "
        "rows above them (a title goes in the sheet name or a note)"
    ]


def test_shared_strings_with_rich_text_and_phonetic_guides_read_as_shown(template: Path) -> None:
    """Excel and WPS store text in a shared table, in runs, with the phonetic guide a
    Chinese IME adds (``rPh``): the id is the runs' text, without the guide."""
    inline = '<c r="A2" t="inlineStr"><is><t>campus-a</t></is></c>'

    def shared(xml: str) -> str:
        assert inline in xml
        return xml.replace(inline, '<c r="A2" t="s"><v>0</v></c>')

    _rewrite(template, "xl/worksheets/sheet4.xml", shared)  # sites
    _rewrite(
        template,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    )
    _rewrite(
        template,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            "</Relationships>",
            '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
    )
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            'uniqueCount="1"><si><r><t>campus</t></r><r><rPr><b/></rPr><t>-a</t></r>'
            '<rPh sb="0" eb="1"><t>KYANPASU</t></rPh><phoneticPr fontId="1"/></si></sst>',
        )
    assert openpyxl.load_workbook(template)["sites"]["A2"].value == "campus-a"
    assert import_workbook(template).scenario == example_scenario()
