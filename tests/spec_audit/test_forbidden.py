"""What the spec forbids, the solver leaves out and says why: tiny terms where exactly one
booking is too many under one rule (travel half a minute short, sites with no path, an
instructor on two parts, a cohort away on internship, ...). Both checkers pass each
answer, and the shortfall is one ``unmet`` entry with the documented code."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from tests.spec_audit.solving import solved
from tests.spec_audit.test_permitted import LAB_B, POST, term

Doc = dict[str, Any]

ONE_DAY = {"days_per_week": 1, "slot_times": ["08:00", "09:30"]}
TWO_SITES = [term()["resources"][0], LAB_B]
AT_A_THEN_B = [
    {"id": "a", "cohort": "c", "resources": ["lab"], "window": [{"slots": [1]}], "priority": 2},
    {"id": "b", "cohort": "c", "resources": ["labB"], "window": [{"slots": [2]}]},
]

#: name -> (scenario, request left short, sessions or people missing, codes that fit)
PROBES: dict[str, tuple[Doc, str, int, set[str]]] = {
    "travel half a minute short": (
        term(
            calendar=ONE_DAY,
            travel=[{"from": "A", "to": "B", "minutes": 30.5}],
            resources=TWO_SITES,
            requests=AT_A_THEN_B,
        ),
        "b",
        1,
        {"travel"},
    ),
    "sites with no path never share a day": (
        term(calendar=ONE_DAY, travel=[], resources=TWO_SITES, requests=AT_A_THEN_B),
        "b",
        1,
        {"travel"},
    ),
    "weekly does not skip an open week": (
        term(
            calendar={"weeks": 3},
            requests=[
                {
                    "id": "r",
                    "cohort": "c",
                    "sessions": 3,
                    "pattern": "weekly",
                    "window": [{"weeks": [1, 1], "days": [1]}, {"weeks": [3, 3], "days": [1]}],
                }
            ],
        ),
        "r",
        2,
        {"pattern", "window"},
    ),
    "one instructor, two parts": (
        term(
            calendar={"days_per_week": 1, "slots_per_day": 1},
            resources=[
                {**LAB_B, "id": "l1", "site": "A", "capacity": 10},
                {**LAB_B, "id": "l2", "site": "A", "capacity": 10},
            ],
            instructors=[{"id": "t", "institution": "col", "skills": ["cnc"], "site": "A"}],
            requests=[{"id": "r", "cohort": "c", "split": True, "instructor_skills": ["cnc"]}],
        ),
        "r",
        1,
        {"instructor"},
    ),
    "a cohort on internship has no sessions": (
        term(
            resources=[term()["resources"][0], POST],
            cohorts=[{"id": "c", "institution": "col", "size": 12}],
            requests=[
                {"id": "p", "cohort": "c", "kind": "internship", "weeks": 1, "priority": 9},
                {"id": "r", "cohort": "c"},
            ],
        ),
        "r",
        1,
        {"conflict", "capacity", "window"},
    ),
    "owner window kept from others": (
        term(
            calendar={"days_per_week": 1, "slots_per_day": 1},
            institutions=[
                {"id": "col", "kind": "college", "site": "A"},
                {"id": "ent", "kind": "enterprise", "site": "A"},
            ],
            resources=[{**term()["resources"][0], "owner_windows": [{"slots": [1]}]}],
            cohorts=[{"id": "c", "institution": "ent", "size": 20}],
            requests=[{"id": "r", "cohort": "c"}],
        ),
        "r",
        1,
        {"window", "no_resource"},
    ),
    "weekly load of an instructor": (
        term(
            instructors=[
                {
                    "id": "t",
                    "institution": "col",
                    "skills": ["cnc"],
                    "site": "A",
                    "max_slots_per_week": 3,
                }
            ],
            requests=[
                {"id": "r", "cohort": "c", "sessions": 2, "duration": 2, "instructors": ["t"]}
            ],
        ),
        "r",
        1,
        {"instructor"},
    ),
    "post capacity per week": (
        term(
            resources=[{**POST, "capacity": 10, "overflow": 1}],
            cohorts=[{"id": "c", "institution": "col", "size": 12}],
            requests=[{"id": "p", "cohort": "c", "kind": "internship", "weeks": 1}],
        ),
        "p",
        12,
        {"no_resource", "capacity"},
    ),
}


@functools.cache
def _solved(name: str) -> str:
    """The probe's schedule as JSON text: solved once, for this module and the next."""
    return json.dumps(solved(PROBES[name][0]))


def solved_probe(name: str) -> Doc:
    """A fresh copy of the schedule of probe ``name`` (checked both ways when solved)."""
    loaded: Doc = json.loads(_solved(name))
    return loaded


@pytest.mark.parametrize("name", PROBES)
def test_what_the_spec_forbids_is_left_out_and_explained(name: str) -> None:
    _, request, missing, codes = PROBES[name]
    schedule = solved_probe(name)
    [entry] = schedule["unmet"]
    assert (entry["request"], entry["missing"]) == (request, missing), entry
    assert entry["reason"] in codes, entry
