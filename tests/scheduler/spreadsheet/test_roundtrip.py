"""JSON -> XLSX -> JSON gives back the same scenario; the template imports cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import BaseModel

from scheduler.generator import generate
from scheduler.io import load_scenario
from scheduler.models import Preference, Scenario
from scheduler.spreadsheet import (
    SpreadsheetError,
    example_scenario,
    import_workbook,
    write_template,
    write_workbook,
)
from scheduler.spreadsheet.columns import SHEETS
from scheduler.spreadsheet.reader import file_checks
from tests.conftest import SCENARIOS


@pytest.mark.parametrize("name", ["tiny.json", "dalian-cnc-consortium.json"])
def test_bundled_scenarios_round_trip(tmp_path: Path, name: str) -> None:
    scenario = load_scenario(SCENARIOS / name)
    path = tmp_path / "s.xlsx"
    write_workbook(scenario, path)
    result = import_workbook(path)
    assert result.scenario == scenario


def test_a_generated_m_term_round_trips(tmp_path: Path) -> None:
    """The M tier (hundreds of rows, Chinese names, every column kind) comes back equal."""
    scenario = generate("M", 1)
    path = tmp_path / "m.xlsx"
    write_workbook(scenario, path)
    assert import_workbook(path).scenario == scenario


def test_a_workbook_without_formulas_is_loaded_once(
    tmp_path: Path, tiny: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second load only finds formulas stored without a value: half the loading time."""
    loads: list[bool] = []

    def counted(path: Path, data_only: bool = False) -> Any:
        loads.append(data_only)
        return openpyxl.load_workbook(path, data_only=data_only)

    monkeypatch.setattr(file_checks, "load_workbook", counted)
    path = tmp_path / "tiny.xlsx"
    write_workbook(tiny, path)
    assert import_workbook(path).scenario == tiny
    assert loads == [True]
    wb = openpyxl.load_workbook(path)
    wb["requests"]["E2"] = "=A2"  # no computed value: named at its cell
    wb.save(path)
    with pytest.raises(SpreadsheetError, match=r"requests!E2 \(title\): a formula without"):
        import_workbook(path)
    assert loads == [True, True, False]


def test_template_has_comments_examples_and_imports(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["README", *(s.name for s in SHEETS)]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]] == [c.name for c in sheet.columns]
        assert all(c.comment is not None for c in ws[1]), sheet.name
        assert ws.max_row >= 2, f"{sheet.name} has no example row"
    readme = "\n".join(str(r[0]) for r in wb["README"].iter_rows(values_only=True) if r[0])
    assert "weeks=3-12 days=1,2,3 slots=1,2" in readme and "cnc;safety-cert" in readme
    assert "Allowed: lab | workshop | training_base | internship_post" in (
        wb["resources"]["C1"].comment.text
    )
    result = import_workbook(path)
    assert result.scenario == example_scenario()
    assert result.warnings == []


def test_empty_list_none_and_default_prefer_survive(tmp_path: Path, tiny: Scenario) -> None:
    """``[]`` (owner only / never) differs from absent (everyone / always)."""
    resources = list(tiny.resources)
    resources[0] = resources[0].model_copy(update={"open_to": [], "available": None})
    resources[1] = resources[1].model_copy(update={"open_to": ["col-a"], "features": []})
    requests = list(tiny.requests)
    requests[0] = requests[0].model_copy(update={"prefer": Preference()})
    requests[1] = requests[1].model_copy(update={"title": "数控体验; 第1阶段"})
    scenario = tiny.model_copy(update={"resources": resources, "requests": requests})
    path = tmp_path / "s.xlsx"
    write_workbook(scenario, path)
    assert import_workbook(path).scenario == scenario


def test_a_control_character_is_written_as_a_replacement_not_a_crash(
    tmp_path: Path, tiny: Scenario
) -> None:
    requests = list(tiny.requests)
    requests[0] = requests[0].model_copy(update={"title": "CNC\x07basics"})
    path = tmp_path / "s.xlsx"
    write_workbook(tiny.model_copy(update={"requests": requests}), path)
    assert import_workbook(path).scenario.requests[0].title == "CNC\ufffdbasics"


def test_an_id_with_spaces_around_it_imports_stripped_everywhere(
    tmp_path: Path, tiny: Scenario
) -> None:
    """An id cell is read stripped; so are ids in a list the writer had to write as JSON
    (to keep the spaces), so the workbook the project wrote imports again."""
    cohorts = list(tiny.cohorts)
    cohorts[0] = cohorts[0].model_copy(update={"id": "a-cnc-1 "})
    joint = tiny.requests[0].model_copy(
        update={"id": "joint", "cohort": None, "cohorts": ["a-cnc-1 ", "b-weld-1"]}
    )
    requests = [r.model_copy(update={"cohort": "a-cnc-1 "}) if r.cohort == "a-cnc-1" else r
                for r in tiny.requests]  # fmt: skip
    scenario = tiny.model_copy(update={"cohorts": cohorts, "requests": [*requests, joint]})
    path = tmp_path / "s.xlsx"
    write_workbook(scenario, path)
    imported = import_workbook(path).scenario
    assert imported.cohorts[0].id == "a-cnc-1"
    assert imported.requests[-1].cohorts == ["a-cnc-1", "b-weld-1"]
    assert [r.cohort for r in imported.requests[:-1]] == [r.cohort for r in tiny.requests]


def test_a_text_longer_than_a_cell_is_refused_not_cut(tmp_path: Path, tiny: Scenario) -> None:
    from scheduler.issues import ScenarioError

    requests = list(tiny.requests)
    requests[1] = requests[1].model_copy(update={"title": "x" * 40_000})
    with pytest.raises(ScenarioError) as info:
        write_workbook(tiny.model_copy(update={"requests": requests}), tmp_path / "s.xlsx")
    [issue] = info.value.issues
    assert issue.path == "requests[1].title" and "at most 32,767" in issue.message
    assert not (tmp_path / "s.xlsx").exists()


def test_every_model_field_has_a_column() -> None:
    """A field added to the models must get a column, or exports would lose it."""
    from scheduler.models import (
        Calendar,
        ClosedDay,
        Cohort,
        Institution,
        Instructor,
        Preference,
        Request,
        Resource,
        Site,
        TravelEdge,
        Weights,
    )

    def keys(model: type[BaseModel], prefix: str = "") -> set[str]:
        return {prefix + (f.alias or name) for name, f in model.model_fields.items()}

    expected = {
        "calendar": keys(Calendar, "calendar.") - {"calendar.closed"} | {"name"},
        "closed": keys(ClosedDay),
        "sites": keys(Site),
        "travel": keys(TravelEdge),
        "institutions": keys(Institution),
        "resources": keys(Resource),
        "instructors": keys(Instructor),
        "cohorts": keys(Cohort),
        "requests": keys(Request) - {"prefer"} | keys(Preference, "prefer."),
        "weights": keys(Weights),
    }
    assert {s.name: {c.key for c in s.columns} for s in SHEETS} == expected
    assert set(Scenario.model_fields) == {
        "format",
        "name",
        "calendar",
        "sites",
        "travel",
        "institutions",
        "resources",
        "instructors",
        "cohorts",
        "requests",
        "weights",
    }


@pytest.mark.parametrize("title", ['=HYPERLINK("http://x","CNC")', "#N/A", "#REF!", "#DIV/0!"])
def test_text_a_spreadsheet_would_read_otherwise_stays_text(
    tmp_path: Path, tiny: Scenario, title: str
) -> None:
    """A title like ``=HYPERLINK(...)`` is written as text, not a formula, and one like
    ``#N/A`` as text, not the error cell its own import refused; both read back."""
    requests = list(tiny.requests)
    requests[0] = requests[0].model_copy(update={"title": title})
    scenario = tiny.model_copy(update={"requests": requests})
    path = tmp_path / "s.xlsx"
    write_workbook(scenario, path)
    ws = openpyxl.load_workbook(path)["requests"]
    assert ws["E2"].value == title and ws["E2"].data_type == "s"
    assert import_workbook(path).scenario == scenario


def test_texts_that_xml_or_excel_would_change_come_back_as_written(
    tmp_path: Path, tiny: Scenario
) -> None:
    """A carriage return (XML reads it back as a line feed), text that looks like Excel's
    _x000D_ escape, and a feature with spaces kept in JSON all round trip (audit findings)."""
    titles = ["a\rb", "line1\r\nline2", "_x0031_ lit", "_x005F_x0031_"]
    requests = [
        r.model_copy(update={"title": t, "needs": [" cnc "] if k == 0 else r.needs})
        for k, (r, t) in enumerate(zip(tiny.requests, titles, strict=False))
    ]
    scenario = tiny.model_copy(update={"requests": [*requests, *tiny.requests[len(titles) :]]})
    path = tmp_path / "s.xlsx"
    write_workbook(scenario, path)
    back = import_workbook(path).scenario
    assert [r.title for r in back.requests[: len(titles)]] == titles
    assert back.requests[0].needs == [" cnc "]
