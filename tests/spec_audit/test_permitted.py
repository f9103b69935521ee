"""What the spec permits, the solver must use: tiny terms where a request fits in full
only under the spec's reading of one rule (a closed week skipped by ``weekly``, travel
exactly covered, days apart counted over the weekend, ...). A solver that reads the rule
more strictly leaves something unmet while claiming ``optimal``; both checkers pass
every answer."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.spec_audit.solving import solved

Doc = dict[str, Any]


def term(**changes: Any) -> Doc:
    """One week of five days with two 60-minute slots, sites A and B 30 minutes apart, one
    college, one lab of 30 at A and a cohort of 20; session requests default to one
    session; ``changes`` replace top-level keys (``calendar`` merged)."""
    doc: Doc = {
        "format": "trainshare/scenario@1",
        "name": "probe",
        "calendar": {
            "weeks": 1,
            "days_per_week": 5,
            "slots_per_day": 2,
            "slot_minutes": 60,
            "first_monday": "2026-09-07",
        },
        "sites": [{"id": "A"}, {"id": "B"}],
        "travel": [{"from": "A", "to": "B", "minutes": 30}],
        "institutions": [{"id": "col", "kind": "college", "site": "A"}],
        "resources": [{"id": "lab", "kind": "lab", "owner": "col", "site": "A", "capacity": 30}],
        "instructors": [],
        "cohorts": [{"id": "c", "institution": "col", "size": 20}],
        "requests": [],
    }
    for key, value in changes.items():
        doc[key] = {**doc[key], **value} if key == "calendar" else copy.deepcopy(value)
    for q in doc["requests"]:
        if q.get("kind") != "internship":
            q.setdefault("sessions", 1)
    return doc


LAB_B = {"id": "labB", "kind": "lab", "owner": "col", "site": "B", "capacity": 30}
#: The cohort's two sessions back to back on day 1, the first at site A, the second at B.
ACROSS_SITES = [
    {"id": "a", "cohort": "c", "resources": ["lab"], "window": [{"days": [1], "slots": [1]}]},
    {"id": "b", "cohort": "c", "resources": ["labB"], "window": [{"days": [1], "slots": [2]}]},
]
POST = {"id": "post", "kind": "internship_post", "owner": "col", "site": "A", "capacity": 15}

PROBES: dict[str, Doc] = {
    # weekly: a week whose pattern day is closed is skipped without breaking the run
    "weekly skips a closed week": term(
        calendar={"weeks": 4, "closed": [{"week": 2, "day": 1}]},
        requests=[
            {
                "id": "r",
                "cohort": "c",
                "sessions": 3,
                "pattern": "weekly",
                "window": [{"days": [1], "slots": [1]}],
            }
        ],
    ),
    # block: consecutive *open* days, a closed day in between does not break it
    "block over a closed day": term(
        calendar={"closed": [{"week": 1, "day": 3}]},
        requests=[
            {
                "id": "r",
                "cohort": "c",
                "sessions": 3,
                "pattern": "block",
                "window": [{"days": [2, 3, 4, 5], "slots": [1]}, {"days": [2], "slots": [2]}],
            }
        ],
    ),
    # days apart are calendar days, 7 a week: Friday to Monday is 3
    "min_days_apart over the weekend": term(
        calendar={"weeks": 2},
        requests=[
            {
                "id": "r",
                "cohort": "c",
                "sessions": 2,
                "min_days_apart": 3,
                "window": [{"weeks": [1, 1], "days": [5]}, {"weeks": [2, 2], "days": [1]}],
            }
        ],
    ),
    # free minutes between slots covering the travel time exactly suffice
    "travel exactly covered": term(
        calendar={"slot_times": ["08:00", "09:30"]},
        requests=ACROSS_SITES,
        resources=[term()["resources"][0], LAB_B],
    ),
    # ... and fractional minutes are compared as they are
    "fractional travel under the gap": term(
        calendar={"slot_times": ["08:00", "09:30"]},
        travel=[{"from": "A", "to": "B", "minutes": 29.5}],
        requests=ACROSS_SITES,
        resources=[term()["resources"][0], LAB_B],
    ),
    # `after`: a later slot of the same day counts as after
    "after on the same day": term(
        requests=[
            {"id": "p", "cohort": "c", "window": [{"days": [1]}]},
            {"id": "r", "cohort": "c", "after": ["p"], "window": [{"days": [1]}]},
        ],
    ),
    # an internship spans its whole weeks; a session after it starts the next week
    "after an internship": term(
        calendar={"weeks": 2},
        resources=[term()["resources"][0], POST],
        cohorts=[{"id": "c", "institution": "col", "size": 12}],
        requests=[
            {"id": "p", "cohort": "c", "kind": "internship", "weeks": 1},
            {"id": "r", "cohort": "c", "after": ["p"], "window": [{"weeks": [2, 2]}]},
        ],
    ),
    # window and post availability are read by week: one open slot makes the week
    "internship window read by week": term(
        calendar={"weeks": 2},
        resources=[{**POST, "available": [{"days": [2], "slots": [1]}]}],
        cohorts=[{"id": "c", "institution": "col", "size": 12}],
        requests=[
            {
                "id": "p",
                "cohort": "c",
                "kind": "internship",
                "weeks": 1,
                "window": [{"weeks": [2, 2], "days": [4]}],
            }
        ],
    ),
    # post capacity plus overflow bounds the interns, spread over posts by headcount
    "internship over two posts with overflow": term(
        resources=[{**POST, "capacity": 8, "overflow": 2}, {**POST, "id": "post2", "capacity": 9}],
        cohorts=[{"id": "c", "institution": "col", "size": 19}],
        requests=[{"id": "p", "cohort": "c", "kind": "internship", "weeks": 1}],
    ),
    # split: sub-groups in several resources at once, each fitting its own
    "split over two small labs": term(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[
            {**LAB_B, "site": "A", "id": "l1", "capacity": 12},
            {**LAB_B, "site": "A", "id": "l2", "capacity": 9},
        ],
        requests=[{"id": "r", "cohort": "c", "split": True}],
    ),
    # a shareable base holds several sessions while their headcounts fit
    "shareable base holds two cohorts": term(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[
            {
                **LAB_B,
                "site": "A",
                "id": "base",
                "kind": "training_base",
                "capacity": 40,
                "shareable": True,
            }
        ],
        cohorts=[
            {"id": "c", "institution": "col", "size": 20},
            {"id": "d", "institution": "col", "size": 20},
        ],
        requests=[{"id": "r", "cohort": "c"}, {"id": "s", "cohort": "d"}],
    ),
    # owner windows keep time for the owner's cohorts, who may use it
    "owner uses its owner window": term(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[{**term()["resources"][0], "owner_windows": [{"slots": [1]}], "open_to": []}],
        requests=[{"id": "r", "cohort": "c"}],
    ),
    # a session may fill the whole day, last slot included
    "whole-day session": term(
        calendar={"days_per_week": 1, "slots_per_day": 4},
        requests=[{"id": "r", "cohort": "c", "duration": 4}],
    ),
    # an instructor travels between sites when the gap allows it
    "instructor crosses sites": term(
        calendar={"days_per_week": 1, "slot_times": ["08:00", "09:30"]},
        resources=[term()["resources"][0], LAB_B],
        instructors=[{"id": "t", "institution": "col", "skills": ["cnc"], "site": "A"}],
        cohorts=[
            {"id": "c", "institution": "col", "size": 20},
            {"id": "d", "institution": "col", "size": 20},
        ],
        requests=[
            {"id": "a", "cohort": "c", "resources": ["lab"], "instructor_skills": ["cnc"]},
            {"id": "b", "cohort": "d", "resources": ["labB"], "instructors": ["t"]},
        ],
    ),
    # no max_per_week and no min_days_apart: every slot of one day
    "free without limits": term(
        calendar={"days_per_week": 1, "slots_per_day": 3},
        requests=[{"id": "r", "cohort": "c", "sessions": 3}],
    ),
}


@pytest.mark.parametrize("name", PROBES)
def test_what_the_spec_permits_is_used_in_full(name: str) -> None:
    schedule = solved(PROBES[name])
    assert schedule["unmet"] == [], schedule["unmet"]
    assert schedule["status"] == "optimal"
