"""CSV and XLSX exports: one row per session part plus internship rows; filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from scheduler.exports import (
    Scope,
    Selection,
    SelectionError,
    selection_from_options,
    write_csv,
    write_xlsx,
)
from scheduler.exports.csv_export import CSV_COLUMNS
from scheduler.exports.rows import SESSION_COLUMNS, internship_rows, session_rows
from scheduler.models import Scenario
from scheduler.reports import ScheduleContext
from tests.scheduler.reports.sample import tiny_schedule


def test_csv_has_a_bom_and_one_row_per_part(tmp_path: Path, split_ctx: ScheduleContext) -> None:
    path = tmp_path / "s.csv"
    n = write_csv(split_ctx, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert n == len(rows) == 8 + 1
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["kind"] for r in rows].count("session") == 8
    first = rows[0]
    assert (first["request"], first["date"], first["start"], first["end"]) == (
        "r-a-cnc",
        "2026-09-07",
        "08:00",
        "11:00",
    )
    assert {first["resource"], rows[1]["resource"]} == {"cnc-lab", "weld-shop"}
    intern = rows[-1]
    assert (intern["kind"], intern["week"], intern["weeks"], intern["until"]) == (
        "internship",
        "2",
        "1",
        "2026-09-18",
    )


def test_csv_keeps_chinese_text(tmp_path: Path, tiny: Scenario) -> None:
    cohorts = [
        c.model_copy(update={"name": "数控一班"}) if c.id == "a-cnc-1" else c for c in tiny.cohorts
    ]
    resources = [
        r.model_copy(update={"name": "数控实训室"}) if r.id == "cnc-lab" else r
        for r in tiny.resources
    ]
    scenario = tiny.model_copy(update={"cohorts": cohorts, "resources": resources})
    path = tmp_path / "zh.csv"
    write_csv(ScheduleContext.build(scenario, tiny_schedule()), path)
    assert "数控实训室" in path.read_text(encoding="utf-8-sig")


def test_xlsx_sheets_rows_and_cell_types(tmp_path: Path, split_ctx: ScheduleContext) -> None:
    path = tmp_path / "s.xlsx"
    assert write_xlsx(split_ctx, path) == 9
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["sessions", "internships"]
    ws = wb["sessions"]
    assert [c.value for c in ws[1]] == list(SESSION_COLUMNS)
    assert ws.max_row - 1 == 8
    header = {c.value: k for k, c in enumerate(ws[1])}
    row = [c.value for c in ws[2]]
    assert row[header["date"]] == dt.datetime(2026, 9, 7)  # a real date cell
    assert row[header["start"]] == dt.time(8, 0)
    assert wb["internships"].max_row - 1 == 1


def test_a_session_past_midnight_gives_its_end_date(tmp_path: Path, tiny: Scenario) -> None:
    doc = tiny.model_dump(mode="json", by_alias=True, exclude_none=True)
    doc["calendar"]["slot_times"] = ["08:00", "10:00", "14:00", "23:00"]
    late = ScheduleContext.build(Scenario.model_validate(doc), tiny_schedule())
    path = tmp_path / "late.csv"
    write_csv(late, path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    staff = next(r for r in rows if r["request"] == "r-x-weld" and r["session"] == "1")
    # week 1, Tuesday, slot 4: 23:00 for 90 minutes
    assert (staff["date"], staff["start"], staff["end"], staff["end_date"]) == (
        "2026-09-08",
        "23:00",
        "00:30",
        "2026-09-09",
    )
    day_session = next(r for r in rows if r["kind"] == "session" and r["start"] == "08:00")
    assert day_session["end_date"] == day_session["date"]
    assert next(r for r in rows if r["kind"] == "internship")["end_date"] == ""
    write_xlsx(late, tmp_path / "late.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "late.xlsx")["sessions"]
    header = {c.value: k for k, c in enumerate(ws[1])}
    cells = next(
        [c.value for c in row]
        for row in ws.iter_rows(min_row=2)
        if row[header["request"]].value == "r-x-weld" and row[header["session"]].value == 1
    )
    assert cells[header["end"]] == dt.time(0, 30)
    assert cells[header["end_date"]] == dt.datetime(2026, 9, 9)


def test_institution_selection_covers_its_cohorts_rooms_and_teachers(
    split_ctx: ScheduleContext,
) -> None:
    sel = Selection(Scope.INSTITUTION, "ent-x")
    rows = session_rows(split_ctx, sel)
    # its trainees' two sessions, and the welding session its mentor teaches for col-b
    assert sorted((r.request, r.session) for r in rows) == [
        ("r-b-weld", 1),
        ("r-x-weld", 1),
        ("r-x-weld", 2),
    ]
    assert [r.resource for r in internship_rows(split_ctx, sel)] == ["post-x"]  # its post


def test_cohort_selection_keeps_whole_sessions(split_ctx: ScheduleContext) -> None:
    rows = session_rows(split_ctx, Selection(Scope.COHORT, "a-cnc-1"))
    assert len(rows) == 3  # session 1 in two parts, session 2 in one
    assert len(internship_rows(split_ctx, Selection(Scope.COHORT, "a-cnc-1"))) == 1
    assert internship_rows(split_ctx, Selection(Scope.COHORT, "b-weld-1")) == []


def test_bad_selections(split_ctx: ScheduleContext) -> None:
    with pytest.raises(SelectionError, match="--cohort: unknown cohort 'nope'$"):
        Selection(Scope.COHORT, "nope").check(split_ctx)
    with pytest.raises(
        SelectionError, match=r"unknown resource 'cnc-lb' \(did you mean 'cnc-lab'\?\)"
    ):
        Selection(Scope.RESOURCE, "cnc-lb").check(split_ctx)
    with pytest.raises(SelectionError, match="at most one"):
        selection_from_options(cohort="a-cnc-1", resource="cnc-lab")
    assert selection_from_options() == Selection()


def _titled_ctx(tiny: Scenario, title: str) -> ScheduleContext:
    requests = list(tiny.requests)
    requests[0] = requests[0].model_copy(update={"title": title})
    return ScheduleContext.build(tiny.model_copy(update={"requests": requests}), tiny_schedule())


def _equals_title_ctx(tiny: Scenario) -> ScheduleContext:
    return _titled_ctx(tiny, '=HYPERLINK("http://x","CNC")')


def test_a_control_character_in_a_title_is_shown_not_a_crash(
    tmp_path: Path, tiny: Scenario
) -> None:
    """JSON carries U+0001; a workbook cell and an iCalendar text cannot."""
    from scheduler.exports import write_ics

    ctx = _titled_ctx(tiny, "CNC\x01basics")
    write_xlsx(ctx, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["sessions"]
    assert "CNC\ufffdbasics" in {c.value for c in ws["C"][1:]}
    write_ics(ctx, tmp_path / "s.ics")
    text = (tmp_path / "s.ics").read_text(encoding="utf-8")
    assert "CNC\ufffdbasics" in text and "\x01" not in text


def test_xlsx_writes_text_beginning_with_equals_as_text(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "s.xlsx"
    write_xlsx(_equals_title_ctx(tiny), path)
    ws = openpyxl.load_workbook(path)["sessions"]
    titles = [c for c in ws["C"][1:] if str(c.value).startswith("=")]
    assert titles and all(c.data_type == "s" for c in titles)


def test_xlsx_refuses_text_longer_than_a_cell_holds(tmp_path: Path, tiny: Scenario) -> None:
    """openpyxl cut it to 32,767 characters without a word (found by an audit)."""
    from scheduler.exports import CellTooLong

    path = tmp_path / "s.xlsx"
    with pytest.raises(CellTooLong, match=r"sheet 'sessions', row 2, column 'title': 40,000"):
        write_xlsx(_titled_ctx(tiny, "x" * 40_000), path)
    assert not path.exists()
    write_xlsx(_titled_ctx(tiny, "x" * 32_767), path)
    assert "x" * 32_767 in {c.value for c in openpyxl.load_workbook(path)["sessions"]["C"]}


def test_xlsx_writes_dates_before_1900_as_text(tmp_path: Path, tiny: Scenario) -> None:
    """Spreadsheets count dates from 1900: an earlier one was a negative number."""
    calendar = tiny.calendar.model_copy(update={"first_monday": dt.date(1, 1, 1)})
    old = tiny.model_copy(update={"calendar": calendar})
    write_xlsx(ScheduleContext.build(old, tiny_schedule()), tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["sessions"]
    column = [c.value for c in ws[1]].index("date")
    dates = [row[column].value for row in ws.iter_rows(min_row=2)]
    assert dates and all(isinstance(d, str) and d.startswith("0001-01-") for d in dates)


def test_csv_counts_rows_not_line_breaks(tmp_path: Path, tiny: Scenario) -> None:
    """A title with a Windows line break spans two lines of the file, in one row."""
    plain = write_csv(ScheduleContext.build(tiny, tiny_schedule()), tmp_path / "a.csv")
    assert write_csv(_titled_ctx(tiny, "CNC\r\nbasics"), tmp_path / "b.csv") == plain
    rows = list(csv.reader(io.StringIO((tmp_path / "b.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) - 1 == plain


def test_csv_counts_the_rows_of_a_title_longer_than_a_reader_field(
    tmp_path: Path, tiny: Scenario
) -> None:
    """A title over the csv module's field limit (131,072 characters) is written and counted:
    counting the rows by reading the text back raised ``_csv.Error`` (a size audit)."""
    plain = write_csv(ScheduleContext.build(tiny, tiny_schedule()), tmp_path / "a.csv")
    assert write_csv(_titled_ctx(tiny, "x" * 200_000), tmp_path / "b.csv") == plain


def test_csv_prefixes_text_that_a_spreadsheet_would_run(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "s.csv"
    write_csv(_equals_title_ctx(tiny), path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    titles = {r["title"] for r in rows}
    assert '\'=HYPERLINK("http://x","CNC")' in titles
    assert not any(t.startswith("=") for t in titles)


def test_a_plain_id_in_a_term_scenario_is_pointed_to_its_qualified_id(tiny: Scenario) -> None:
    """A term's scenario qualifies ids (``ent-x/x-staff``); an enterprise asking for its
    staff's calendar by the id it knows got only "unknown cohort" (an enterprise-user
    audit)."""
    cohorts = [c.model_copy(update={"id": f"{c.institution}/{c.id}"}) for c in tiny.cohorts]
    renamed = {c.id.split("/", 1)[1]: c.id for c in cohorts}
    requests = [
        r.model_copy(update={"cohort": renamed[r.cohort]}) if r.cohort else r for r in tiny.requests
    ]
    term = tiny.model_copy(update={"cohorts": cohorts, "requests": requests})
    ctx = ScheduleContext.build(term, tiny_schedule().model_copy(update={"sessions": []}))
    Selection(Scope.COHORT, "ent-x/x-staff").check(ctx)
    with pytest.raises(
        SelectionError, match=r"unknown cohort 'x-staff' \(did you mean 'ent-x/x-staff'\?\)"
    ):
        Selection(Scope.COHORT, "x-staff").check(ctx)
