"""Scenario -> workbook: one sheet per entity, header comments, a README sheet.

The template (``trainshare template``) is this writer applied to a small example
scenario, so the template always imports cleanly and shows every syntax in use.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.issues import Issue, ScenarioError, format_path
from scheduler.models import Scenario
from scheduler.spreadsheet.cells import cell_text, keep_text, to_cell
from scheduler.spreadsheet.columns import README_SHEET, SHEETS, Column, SheetSpec
from scheduler.spreadsheet.habits import KIND_WORDS
from scheduler.spreadsheet.saving import save_workbook

HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="F8D7A8")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDE7F6")
MAX_VALIDATED_ROW = 2000

README_LINES: tuple[str, ...] = (
    "trainshare scenario workbook / 实训资源共享场景表",
    "",
    "Fill one sheet per entity, one row per item. Row 1 holds the column names (JSON keys); "
    "hover over a header for its meaning and allowed values. Orange headers are required.",
    "每个工作表对应一类对象，每行一条记录。第一行为列名，鼠标悬停可查看说明；橙色列为必填。",
    "",
    "Import:  trainshare import scenario.xlsx -o scenario.json",
    "Export:  trainshare export-scenario xlsx scenario.json -o scenario.xlsx",
    "Errors name the sheet, cell and column, e.g.  requests!B7 (cohort): unknown cohort 'x'",
    "",
    "Cell syntax / 填写格式",
    "- Empty cell: the key is absent and takes its default. 空单元格 = 默认值。",
    "- [] : an explicit empty list (open_to [] = owner only; available [] = never). "
    "[] 表示空列表。",
    "- Lists: items separated by ';', e.g.  cnc;safety-cert   (JSON text like "
    '["a","b"] also works); a full-width ； or a line break (Alt+Enter) also separates items. '
    "列表用分号（; 或 ；）或换行分隔。",
    "- 、 or a comma also separates features, skills and kinds, and ids when every piece is "
    'an id (an id may hold one: write it as JSON, ["a、b"]). 特性、技能、类型也可用顿号或逗号分隔；'
    "编号仅当每段都是已有编号时才按顿号分开。",
    "- Kinds may be written in Chinese (实训室, 车间, 实训基地, 实习岗位, 学生, 学员, 院校, 企业, "
    "研究院, 课程, 实习, 自由, 每周, 集中). 类型可填中文。",
    "- Numbers may carry the unit of their column (60人, 4周, 第4周 on the closed sheet, 2节, "
    "90分钟); another unit is an error. 数字可带本列单位（人、周、节、分钟、天、次）。",
    "- Windows: windows separated by '|', each with optional keys "
    "weeks=FROM-TO days=1,2,3 slots=1,2 ; e.g.  weeks=3-12 days=1,2,3 slots=1,2 | weeks=14-16 "
    "days=5 . 'weeks=5' is one week, 'days=1-5' a range, 'all' a window without limits. "
    "JSON text also works. 时间窗口：多个窗口用 | 分隔。",
    "- slot_times: start times separated by ';', e.g.  08:00;10:00;14:00;16:00",
    "- A window cell must not hold an empty piece: 'weeks=1-2 |' is an error; write 'all' "
    "for a window without limits. 窗口不可留空段，不限时间请写 all。",
    "- TRUE / FALSE for yes-no columns (shareable, split, required).",
    "- Merged cells: the value of a merged range counts in every cell of it. "
    "合并单元格的值适用于合并区域内每个单元格。",
    "- Formulas are read by their computed value; a formula the file stores without a value "
    "(written by a script) is an error: open and save the file in Excel/WPS, or type the value. "
    "公式按计算结果读取；无计算结果的公式会报错。",
    "- A sheet may be named in English or in Chinese as listed below (requests or 实训需求). "
    "工作表可用英文名或下列中文名。",
    "- Weeks, days and slots count from 1; day 1 is Monday (周一 ... 周日 also read in "
    "days= and on the closed sheet). 周次、星期、节次从 1 开始。",
    "- Dates year first (2026-09-07, 2026/9/7, 2026年9月7日); times on a 24-hour clock as "
    "HH:MM (14:00, not 2点). 日期年份在前；时间用 24 小时制 HH:MM。",
    "- Notes: a column headed 备注 or notes is not read (a warning says so). 备注列不导入。",
    "- A request names exactly one of cohort (one class) or cohorts (a joint session).",
    "- prefer_resources / prefer_windows / prefer_weight together form the request's prefer.",
    "",
    "Sheets / 工作表",
)


def _rows(dumped: dict[str, Any], sheet: SheetSpec) -> list[dict[str, Any]]:
    if sheet.path == "":
        return [dumped]
    node: Any = dumped
    for key in sheet.path.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    if node is None:
        return []
    return [node] if sheet.single else list(node)


def _get(obj: dict[str, Any], dotted: str) -> Any:
    node: Any = obj
    for key in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _comment(column: Column) -> Comment:
    lines = [f"{column.name} / {column.zh}", column.help]
    if column.allowed:
        lines.append("Allowed: " + " | ".join(column.allowed))
        words = [f"{KIND_WORDS[v][0]} = {v}" for v in column.allowed if v in KIND_WORDS]
        if words:  # what a clerk may type instead, read by the import
            lines.append("中文: " + "; ".join(words))
    lines.append("Required." if column.required else "Optional.")
    text = "\n".join(lines)
    comment = Comment(text, "trainshare")
    comment.width = 320
    comment.height = 40 + 18 * (len(text) // 45 + len(lines))
    return comment


def _header(ws: Worksheet, sheet: SheetSpec) -> None:
    ws.append([c.name for c in sheet.columns])
    for k, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=k)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.comment = _comment(column)
        letter = get_column_letter(k)
        if column.kind == "bool" or (column.kind == "enum" and column.allowed):
            values = ("TRUE", "FALSE") if column.kind == "bool" else column.allowed
            # Excel refuses a value not in the drop-down: 实训室, read by the import, too
            values += tuple(KIND_WORDS[v][0] for v in values if v in KIND_WORDS)
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.name,
                error="Allowed: " + ", ".join(values),
            )
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{MAX_VALIDATED_ROW}")
    ws.freeze_panes = "A2"


def _fit_widths(ws: Worksheet, sheet: SheetSpec) -> None:
    for k, column in enumerate(sheet.columns, start=1):
        values = [column.name] + [
            str(ws.cell(row=r, column=k).value or "") for r in range(2, min(ws.max_row, 200) + 1)
        ]
        ws.column_dimensions[get_column_letter(k)].width = min(50, max(map(len, values)) + 2)


def _readme(ws: Worksheet) -> None:
    for line in README_LINES:
        ws.append([line])
    for sheet in SHEETS:
        ws.append([f"- {sheet.name} ({sheet.zh}): {sheet.help}"])
    ws.column_dimensions["A"].width = 140
    ws["A1"].font = Font(bold=True, size=14)
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _row_cells(sheet: SheetSpec, sparse: dict[str, Any], full: dict[str, Any]) -> list[Any]:
    """Cells of one item: only values that differ from the defaults, so a sheet shows
    what the planner set. A nested object that is present with nothing but defaults
    (``prefer: {}``) keeps its values, or it would read back as absent."""
    cells = [to_cell(c.kind, _get(sparse, c.key)) for c in sheet.columns]
    groups = {c.key.split(".")[0] for c in sheet.columns if "." in c.key}
    for group in groups:
        members = [k for k, c in enumerate(sheet.columns) if c.key.startswith(group + ".")]
        if full.get(group) is not None and all(cells[k] is None for k in members):
            for k in members:
                column = sheet.columns[k]
                cells[k] = to_cell(column.kind, _get(full, column.key))
    return cells


#: The most characters a spreadsheet cell holds (Excel cuts the rest without a word).
CELL_LIMIT = 32_767


def _too_long(value: Any, loc: tuple[str | int, ...] = ()) -> list[Issue]:
    if isinstance(value, str):
        if len(value) <= CELL_LIMIT:
            return []
        why = f"{len(value):,} characters; a spreadsheet cell holds at most {CELL_LIMIT:,}"
        return [Issue(format_path(loc), why)]
    if isinstance(value, dict):
        items: Iterable[tuple[str | int, Any]] = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    return [issue for k, v in items for issue in _too_long(v, (*loc, k))]


def build_workbook(scenario: Scenario) -> Workbook:
    """The workbook of ``scenario`` (a README sheet first, then one sheet per entity).

    Raises
    ------
    scheduler.issues.ScenarioError
        When a text is longer than a cell holds (it would come back cut short).
    """
    full = scenario.model_dump(mode="json", by_alias=True)
    if issues := _too_long(full):
        raise ScenarioError(issues)
    sparse = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    wb = Workbook()
    _readme(wb.active)
    wb.active.title = README_SHEET
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        _header(ws, sheet)
        full_rows = _rows(full, sheet)
        sparse_rows = _rows(sparse, sheet)
        if sheet.single and not sparse_rows:  # e.g. default weights: leave the row out
            full_rows = []
        first = ws.max_row + 1  # once: max_row scans every cell written so far
        for k, obj in enumerate(full_rows):
            sparse_obj = sparse_rows[k] if k < len(sparse_rows) else {}
            values = [cell_text(v) for v in _row_cells(sheet, sparse_obj, obj)]
            ws.append(values)
            keep_text(ws.cell(row=first + k, column=c) for c in range(1, len(values) + 1))
        for k, column in enumerate(sheet.columns, start=1):
            if column.kind == "date":
                for (cell,) in ws.iter_rows(min_row=2, min_col=k, max_col=k):
                    cell.number_format = "yyyy-mm-dd"
        _fit_widths(ws, sheet)
    return wb


def write_workbook(scenario: Scenario, path: str | Path) -> None:
    """Write ``scenario`` as an XLSX workbook (``trainshare export-scenario xlsx``)."""
    save_workbook(build_workbook(scenario), path)
