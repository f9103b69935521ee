"""The scenario generator: deterministic, sized to its tier, complete, valid, feasible."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from scheduler.checker import check_schedule
from scheduler.cli import app
from scheduler.generator import (
    TIERS,
    capacity_report,
    demand_ratio,
    generate,
    generate_with_witness,
)
from scheduler.io import load_scenario, scenario_to_json
from scheduler.models import Request, Scenario
from scheduler.sites import site_graph
from scheduler.validation import validate


@pytest.fixture(scope="module")
def small() -> Scenario:
    return generate("S", 1)


@pytest.fixture(scope="module")
def medium() -> Scenario:
    return generate("M", 1)


def sessions(s: Scenario) -> int:
    return sum(r.sessions or 0 for r in s.requests if r.kind.value == "sessions")


# ----------------------------------------------------------------------------- determinism


def test_same_seed_same_document(small: Scenario) -> None:
    assert scenario_to_json(generate("S", 1)) == scenario_to_json(small)


def test_other_seed_other_document(small: Scenario) -> None:
    assert scenario_to_json(generate("S", 2)) != scenario_to_json(small)


def test_medium_is_deterministic(medium: Scenario) -> None:
    assert scenario_to_json(generate("m", 1)) == scenario_to_json(medium)


def test_same_seed_same_document_in_any_process() -> None:
    """Nothing depends on Python's per-process string hashing (set order)."""
    code = (
        "import hashlib; from scheduler.generator import generate; "
        "from scheduler.io import scenario_to_json; "
        "print(hashlib.sha256(scenario_to_json(generate('S', 1)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for hash_seed in (1, 2)
    }
    here = hashlib.sha256(scenario_to_json(generate("S", 1)).encode()).hexdigest()
    assert digests == {here}


def test_unknown_tier_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown tier 'XL'"):
        generate("XL", 0)


# ----------------------------------------------------------------------------- sizes


def assert_size(actual: float, target: float, what: str) -> None:
    assert 0.75 * target <= actual <= 1.25 * target, f"{what}: {actual} vs target {target}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_small_sizes(seed: int) -> None:
    s = generate("S", seed)
    spec = TIERS["S"]
    assert_size(len(s.institutions), spec.colleges + spec.enterprises + spec.institutes, "inst")
    assert_size(len(s.resources), spec.resources, "resources")
    assert_size(len(s.cohorts), spec.cohorts, "cohorts")
    assert_size(sessions(s), spec.sessions, "sessions")


def test_medium_sizes_and_tightness(medium: Scenario) -> None:
    spec = TIERS["M"]
    assert len([i for i in medium.institutions if i.kind.value == "college"]) == spec.colleges
    assert len([i for i in medium.institutions if i.kind.value == "enterprise"]) == 20
    assert_size(len(medium.resources), 80, "resources")
    assert_size(len(medium.cohorts), 400, "cohorts")
    assert_size(sessions(medium), 5000, "sessions")
    assert 0.85 <= demand_ratio(medium) <= 0.95


@pytest.mark.slow
def test_large_sizes_tightness_and_speed() -> None:
    began = time.perf_counter()
    large, witness = generate_with_witness("L", 1)
    assert time.perf_counter() - began < 60  # "seconds"; generous for a loaded CI machine
    assert len([i for i in large.institutions if i.kind.value == "college"]) == 50
    assert_size(sessions(large), 25000, "sessions")
    assert_size(len(large.cohorts), 2000, "cohorts")
    assert_size(len(large.resources), TIERS["L"].resources, "resources")
    assert 1.0 <= demand_ratio(large) <= 1.1  # slightly over-subscribed
    missing = [name for name, check in FEATURES.items() if not check(large)]
    assert missing == []
    assert not validate(large).errors
    assert check_schedule(large, witness).violations == []


# ----------------------------------------------------------------------------- the ratio


def test_demand_ratio_counts_room_slots_by_hand() -> None:
    """One week, Mon-Fri x 4 slots. A lab open all week and a 60-seat shareable hall.

    Demand: 4 sessions x 2 slots (lab only: it needs cnc) + 3 sessions x 1 slot (either)
    = 11 room-slots. Supply: the lab's 20 usable slots; the hall is usable where its only
    candidate request may come (Monday, 4 slots) with 60 / 20 people = 3 rooms: 12.
    """
    doc = {
        "name": "ratio-by-hand",
        "calendar": {
            "weeks": 1,
            "days_per_week": 5,
            "slots_per_day": 4,
            "slot_minutes": 90,
            "first_monday": "2026-09-07",
        },
        "sites": [{"id": "a"}],
        "institutions": [{"id": "c", "kind": "college", "site": "a"}],
        "resources": [
            {"id": "lab", "kind": "lab", "owner": "c", "site": "a", "capacity": 30,
             "features": ["cnc", "x"]},
            {"id": "hall", "kind": "training_base", "owner": "c", "site": "a", "capacity": 60,
             "shareable": True, "features": ["x"]},
        ],
        "cohorts": [{"id": "k", "institution": "c", "size": 20}],
        "requests": [
            {"id": "r1", "cohort": "k", "sessions": 4, "duration": 2, "needs": ["cnc"]},
            {"id": "r2", "cohort": "k", "sessions": 3, "needs": ["x"],
             "window": [{"days": [1]}]},
        ],
    }  # fmt: skip
    report = capacity_report(Scenario.model_validate(doc))
    assert report.demand == 11
    assert report.supply == 20 + 4 * 3
    assert report.overall == pytest.approx(11 / 32)
    assert report.by_feature["cnc"] == pytest.approx(8 / 20)
    assert report.by_feature["x"] == pytest.approx(3 / 32)  # only r2 needs x
    assert report.max_feature == "cnc"


# ----------------------------------------------------------------------------- every feature


def _graph_has_relay(s: Scenario) -> bool:
    """Some site is reached only through another (a leaf of the site graph)."""
    g = site_graph(s)
    return any(g.degree(n) == 1 for n in g.nodes) and nx.is_connected(g)


def _joint_with_staff(s: Scenario) -> bool:
    kind = {c.id: c.kind.value for c in s.cohorts}
    inst = {c.id: c.institution for c in s.cohorts}
    return any(
        r.cohorts
        and len({inst[c] for c in r.cohorts}) >= 2
        and "students" in {kind[c] for c in r.cohorts}
        for r in s.requests
    ) and any(r.cohorts and "trainees" in {kind[c] for c in r.cohorts} for r in s.requests)


def _evening_or_weekend_trainees(s: Scenario) -> bool:
    slot_times = s.calendar.slot_times or []
    evening = {k + 1 for k, t in enumerate(slot_times) if t >= "18:00"}
    found = set()
    for c in s.cohorts:
        if c.kind.value != "trainees" or not c.available:
            continue
        for w in c.available:
            if w.slots and set(w.slots) <= evening:
                found.add("evening")
            if w.days and set(w.days) <= {6, 7}:
                found.add("weekend")
    return found == {"evening", "weekend"}


def _acyclic_after(s: Scenario) -> bool:
    g = nx.DiGraph((r.id, a) for r in s.requests for a in r.after)
    return g.number_of_edges() > 0 and nx.is_directed_acyclic_graph(g)


def _sessions(s: Scenario) -> list[Request]:
    return [r for r in s.requests if r.kind.value == "sessions"]


FEATURES: dict[str, Callable[[Scenario], bool]] = {
    "institution kinds": lambda s: (
        {i.kind.value for i in s.institutions} == {"college", "enterprise", "institute"}
    ),
    "resource kinds": lambda s: (
        {r.kind.value for r in s.resources}
        == {"lab", "workshop", "training_base", "internship_post"}
    ),
    "cohort kinds": lambda s: {c.kind.value for c in s.cohorts} == {"students", "trainees"},
    "shareable training base": lambda s: any(
        r.shareable and r.kind.value == "training_base" for r in s.resources
    ),
    "capacity overflow": lambda s: any(r.overflow > 0 for r in s.resources),
    "features and needs": lambda s: (
        all(r.needs for r in s.requests) and len({f for r in s.resources for f in r.features}) >= 5
    ),
    "resource_kinds filter": lambda s: any(r.resource_kinds for r in s.requests),
    "explicit resources list": lambda s: any(r.resources for r in s.requests),
    "open_to list": lambda s: any(r.open_to for r in s.resources),
    "open_to owner only []": lambda s: any(r.open_to == [] for r in s.resources),
    "owner_windows": lambda s: any(r.owner_windows for r in s.resources),
    "resource availability": lambda s: any(r.available for r in s.resources),
    "closed days": lambda s: len(s.calendar.closed) > 0,
    "slot_times with an evening slot": lambda s: (
        s.calendar.slot_times is not None and s.calendar.slot_times[-1] >= "18:00"
    ),
    "weekly pattern": lambda s: any(r.pattern.value == "weekly" for r in _sessions(s)),
    "block pattern": lambda s: any(r.pattern.value == "block" for r in _sessions(s)),
    "free pattern": lambda s: any(r.pattern.value == "free" for r in _sessions(s)),
    "max_per_week": lambda s: any(r.max_per_week for r in s.requests),
    "min_days_apart": lambda s: any(r.min_days_apart for r in s.requests),
    "min_days": lambda s: any(r.min_days for r in s.requests) and s.weights.min_days > 0,
    "split": lambda s: any(r.split for r in s.requests),
    "instructor_skills": lambda s: any(r.instructor_skills for r in s.requests),
    "instructors list": lambda s: any(r.instructors for r in s.requests),
    "max_slots_per_week": lambda s: all(t.max_slots_per_week for t in s.instructors),
    "enterprise mentors": lambda s: any(
        t.institution in {i.id for i in s.institutions if i.kind.value == "enterprise"}
        for t in s.instructors
    ),
    "joint cohorts with enterprise staff": _joint_with_staff,
    "evening and weekend trainees": _evening_or_weekend_trainees,
    "internships with windows": lambda s: any(
        r.kind.value == "internship" and r.weeks and r.window for r in s.requests
    ),
    "after chains, acyclic": _acyclic_after,
    "chain into an internship": lambda s: any(
        r.kind.value == "internship" and r.after for r in s.requests
    ),
    "priorities 1-5": lambda s: {r.priority for r in s.requests} == {1, 2, 3, 4, 5},
    "required": lambda s: any(r.required for r in s.requests),
    "required internship": lambda s: any(
        r.required and r.kind.value == "internship" for r in s.requests
    ),
    "prefer resources": lambda s: any(r.prefer and r.prefer.resources for r in s.requests),
    "prefer windows": lambda s: any(r.prefer and r.prefer.windows for r in s.requests),
    "prefer weights": lambda s: len({r.prefer.weight for r in s.requests if r.prefer}) > 1,
    "several sites, one reached via another": _graph_has_relay,
    "travel edges": lambda s: len(s.travel) >= len(s.sites) - 1,
    "first Monday": lambda s: s.calendar.first_monday == dt.date(2026, 9, 7),
}


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_every_spec_feature_appears_in_medium(medium: Scenario, feature: str) -> None:
    assert FEATURES[feature](medium), feature


def test_feature_checks_can_fail(small: Scenario) -> None:
    """The checks above are not vacuous: a bare scenario fails most of them."""
    bare = small.model_copy(update={"requests": [], "travel": []})
    failing = [name for name, check in FEATURES.items() if not check(bare)]
    assert len(failing) >= 15


# ----------------------------------------------------------------------------- validity


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_small_validates_without_errors_or_warnings(seed: int) -> None:
    report = validate(generate("S", seed))
    assert report.errors == [] and report.warnings == []


def test_medium_validates_without_errors_or_warnings(medium: Scenario) -> None:
    """No warning either: an explicit resource list never names a room lacking a need
    added after it was drawn (M/1 listed two)."""
    report = validate(medium)
    assert report.errors == [] and report.warnings == []


@pytest.mark.parametrize(("tier", "seed"), [("S", 1), ("S", 2), ("S", 3), ("M", 2)])
def test_required_requests_fit_together(tier: str, seed: int) -> None:
    """The generator's booking witness meets every required request; the checker agrees."""
    scenario, witness = generate_with_witness(tier, seed)
    required = {r.id for r in scenario.requests if r.required}
    assert required
    met = {s.request for s in witness.sessions} | {p.request for p in witness.placements}
    assert met == required
    report = check_schedule(scenario, witness)
    assert report.violations == []


def test_json_round_trip(small: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(scenario_to_json(small), encoding="utf-8")
    assert load_scenario(path) == small


# ----------------------------------------------------------------------------- CLI


def test_cli_writes_the_scenario_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "s1.json"
    result = CliRunner().invoke(app, ["generate", "--tier", "S", "--seed", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(out)
    assert scenario_to_json(scenario) == scenario_to_json(generate("S", 1))
    for word in ("institutions", "resources", "cohorts", "requests", "sessions", "demand ratio"):
        assert word in result.output
    assert str(sessions(scenario)) in result.output


def test_cli_reports_an_unwritable_path(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    out = tmp_path / "a-file" / "s.json"
    result = CliRunner().invoke(app, ["generate", "--tier", "S", "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot write" in result.output and "is a file where a folder is needed" in result.output


def test_cli_makes_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "folder" / "s.json"
    result = CliRunner().invoke(app, ["generate", "--tier", "S", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_scenario(out).name
