"""The blank-but-for-an-example workbook that ``trainshare template`` writes.

It is the ordinary writer applied to a small example scenario with one or two rows per
sheet, so every syntax (lists, windows, ``[]``, ``prefer_*``) appears once, and the
template itself imports cleanly (tested). Replace the example rows with your own.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.models import Scenario
from scheduler.spreadsheet.writer import write_workbook

EXAMPLE: dict = {
    "name": "example-consortium-2026-autumn",
    "calendar": {
        "weeks": 18,
        "days_per_week": 5,
        "slots_per_day": 5,
        "slot_minutes": 90,
        "first_monday": "2026-09-07",
        "slot_times": ["08:00", "10:00", "14:00", "16:00", "19:00"],
        "closed": [{"week": 4, "day": 4}, {"week": 4, "day": 5}],
    },
    "sites": [
        {"id": "campus-a", "name": "甲职院主校区"},
        {"id": "park-b", "name": "乙企业产业园"},
    ],
    "travel": [{"from": "campus-a", "to": "park-b", "minutes": 45}],
    "institutions": [
        {"id": "col-a", "name": "甲职业技术学院", "kind": "college", "site": "campus-a"},
        {"id": "ent-b", "name": "乙数控装备有限公司", "kind": "enterprise", "site": "park-b"},
    ],
    "resources": [
        {
            "id": "cnc-lab-1",
            "name": "数控实训室一",
            "kind": "lab",
            "owner": "col-a",
            "site": "campus-a",
            "capacity": 60,
            "features": ["cnc", "safety-cert"],
            "available": [{"weeks": [1, 17]}, {"weeks": [18, 18], "days": [1, 2, 3]}],
            "owner_windows": [{"weeks": [1, 18], "days": [1], "slots": [1, 2]}],
        },
        {
            "id": "post-b-line",
            "name": "乙公司产线实习岗",
            "kind": "internship_post",
            "owner": "ent-b",
            "site": "park-b",
            "capacity": 40,
            "features": ["cnc"],
            "open_to": ["col-a"],
        },
    ],
    "instructors": [
        {
            "id": "t-wang",
            "name": "王老师",
            "institution": "col-a",
            "skills": ["cnc"],
            "site": "campus-a",
            "max_slots_per_week": 16,
        },
        {
            "id": "m-li",
            "name": "李师傅",
            "institution": "ent-b",
            "skills": ["cnc", "mentor"],
            "site": "park-b",
            "available": [{"slots": [5]}, {"weeks": [1, 18], "days": [5]}],
        },
    ],
    "cohorts": [
        {
            "id": "a-cnc-2401",
            "name": "数控2401班",
            "institution": "col-a",
            "kind": "students",
            "size": 38,
            "major": "数控技术",
        },
        {
            "id": "b-staff-1",
            "name": "乙公司新员工班",
            "institution": "ent-b",
            "kind": "trainees",
            "size": 12,
            "available": [{"slots": [5]}],
        },
    ],
    "requests": [
        {
            "id": "r-1",
            "cohort": "a-cnc-2401",
            "title": "五轴数控实训",
            "sessions": 6,
            "duration": 2,
            "needs": ["cnc"],
            "resource_kinds": ["lab", "workshop"],
            "window": [{"weeks": [3, 12]}],
            "pattern": "weekly",
            "instructor_skills": ["cnc"],
            "priority": 3,
            "prefer": {"resources": ["cnc-lab-1"], "windows": [{"slots": [1, 2]}], "weight": 1},
        },
        {
            "id": "r-2",
            "cohorts": ["a-cnc-2401", "b-staff-1"],
            "title": "校企联合安全培训",
            "sessions": 1,
            "duration": 1,
            "needs": ["safety-cert"],
            "window": [{"weeks": [2, 6], "slots": [5]}],
            "instructors": ["m-li"],
            "instructor_skills": ["mentor"],
        },
        {
            "id": "r-3",
            "cohort": "a-cnc-2401",
            "title": "企业顶岗实习",
            "kind": "internship",
            "weeks": 4,
            "needs": ["cnc"],
            "window": [{"weeks": [13, 18]}],
            "after": ["r-1"],
            "priority": 2,
        },
    ],
    "weights": {"fairness": 100},
}


def example_scenario() -> Scenario:
    """The template's example rows as a scenario (type-checked, not validated): what the
    template holds, and what importing it must give back.
    """
    return Scenario.model_validate(EXAMPLE)


def write_template(path: str | Path) -> None:
    """Write the template workbook (README sheet, one sheet per entity, example rows)."""
    write_workbook(example_scenario(), path)
