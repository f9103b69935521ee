"""Reports and exports of a schedule the greedy solver returns (checked by the checker)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import icalendar
import pytest

from scheduler.checker import check_schedule
from scheduler.exports import write_csv, write_ics
from scheduler.io import load_scenario
from scheduler.models import Scenario, Schedule
from scheduler.reports import ScheduleContext, write_report
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def solved() -> tuple[Scenario, Schedule]:
    from scheduler.solving.scenario import solve_scenario
    from solver.options import SolveOptions

    scenario = load_scenario(SCENARIOS / "dalian-cnc-consortium.json")
    schedule = solve_scenario(scenario, SolveOptions(solver="greedy", seed=0))
    assert check_schedule(scenario, schedule).ok
    return scenario, schedule


def test_report_numbers_agree_with_the_schedule(
    tmp_path: Path, solved: tuple[Scenario, Schedule]
) -> None:
    scenario, schedule = solved
    m = write_report(scenario, schedule, tmp_path, lang="en", plots=False).metrics
    assert m.summary.sessions_granted == len(schedule.sessions)
    assert m.summary.internship_people_placed == sum(p.headcount for p in schedule.placements)
    parts = sum(len(s.parts) for s in schedule.sessions)
    assert sum(r.sessions for r in m.resources) == parts + len(schedule.placements)
    total = sum(map(sum, m.sharing.total))
    assert total == pytest.approx(sum(r.person_hours for r in m.resources))
    assert total == pytest.approx(m.summary.person_hours_granted)
    for r in m.resources:
        assert 0.0 <= r.utilisation <= 1.0
    shares = schedule.metrics["shares"]  # the pipeline's fulfilled shares (scheduler.evaluate)
    for f in m.institutions:
        assert f.share == pytest.approx(shares[f.institution], abs=1e-9)


def test_exports_have_one_row_per_part(tmp_path: Path, solved: tuple[Scenario, Schedule]) -> None:
    ctx = ScheduleContext.build(*solved)
    schedule = solved[1]
    parts = sum(len(s.parts) for s in schedule.sessions)
    n = write_csv(ctx, tmp_path / "s.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text("utf-8-sig"))))
    assert n == len(rows) == parts + len(schedule.placements)
    write_ics(ctx, tmp_path / "s.ics")
    events = icalendar.Calendar.from_ical((tmp_path / "s.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(schedule.sessions) + len(schedule.placements)
