"""The re-solve benchmark's own readings of what an answer changed."""

from __future__ import annotations

from typing import Any

from benchmarks.resolve_midterm import _teacher_changes, markdown
from scheduler.models import Schedule


def _schedule(*sessions: tuple[int, str, str]) -> Schedule:
    """Sessions of r1 as (slot, resource, instructor)."""
    return Schedule.model_validate(
        {
            "format": "trainshare/schedule@1",
            "scenario": "micro",
            "status": "feasible",
            "sessions": [
                {
                    "request": "r1",
                    "index": n,
                    "week": 1,
                    "day": 1,
                    "slot": slot,
                    "duration": 1,
                    "parts": [{"resource": res, "headcount": 20, "instructor": who}],
                }
                for n, (slot, res, who) in enumerate(sessions, start=1)
            ],
        }
    )


def test_teacher_changes_count_sessions_kept_in_place_with_another_teacher() -> None:
    published = _schedule((1, "lab1", "t1"), (2, "lab1", "t1"), (3, "lab1", "t1"))
    # slot 1 kept as it was, slot 2 kept with t2, slot 3 moved to lab2 (a move, not this)
    answer = _schedule((1, "lab1", "t1"), (2, "lab1", "t2"), (3, "lab2", "t2"))
    assert _teacher_changes(published, answer) == 1
    assert _teacher_changes(published, published) == 0


def test_markdown_has_a_column_per_reading() -> None:
    row: dict[str, Any] = {
        "run": "mid-term",
        "objective": 1000.0,
        "moved": 2,
        "past_changed": 0,
        "past_added": 0,
        "teacher_changed": 1,
        "required_short": 0,
        "checker": "ok",
        "wall_s": 1.0,
    }
    result = {
        "tier": "S",
        "seed": 1,
        "time_limit": 1.0,
        "workers": 1,
        "date": "2026-12-07",
        "published_objective": 1000.0,
        "published_objective_on_changed_term": 900.0,
        "keep_before": "2026-11-04",
        "rows": [row],
    }
    table = [line for line in markdown(result).splitlines() if line.startswith("|")]
    header, _, body = table
    assert header.count("|") == body.count("|")
    assert "teacher changed" in header and "| 1 | 0 | ok |" in body
