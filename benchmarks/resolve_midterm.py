"""Re-solves after the term changed: from greedy, from the published timetable, mid-term.

    python -m benchmarks.resolve_midterm [--tier M --seed 1 --time-limit 60 --workers 2]
                                         [--keep-week 9] [--out out/bench]

1. Generates the tier's term and solves it with CP-SAT: the published timetable.
2. The term changes: every third session request asks one session more.
3. Re-solves the changed term three ways, each with the same time limit, in one run:
   ``greedy start`` (CP-SAT from greedy's schedule, as re-solves started before),
   ``published start`` (from the published timetable fitted to the changed term, the
   whole term free to change) and ``mid-term`` (the same, with nothing before week
   ``--keep-week``'s Wednesday allowed to change, as the API does after that date).

Reports each answer's objective, the published sessions it moves, what it changes
before the mid-term day, the required requests it leaves short and the checker's word,
next to the published timetable's own objective on the changed term. Writes
``resolve_midterm.json`` and ``resolve_midterm.md`` to ``--out``.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import time
from typing import Any

from benchmarks.output import solve_parser, write_results
from scheduler.build import build_schedule
from scheduler.calendar import day_of_date, term_day
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.generator import generate
from scheduler.io import schedule_to_json
from scheduler.models import Scenario, Schedule
from solver.options import SolveOptions


def grown(scenario: Scenario) -> Scenario:
    """The term a few weeks on: every third session request asks one session more."""
    requests = [
        r.model_copy(update={"sessions": r.sessions + 1}) if n % 3 == 0 and r.sessions else r
        for n, r in enumerate(scenario.requests)
    ]
    return scenario.model_copy(update={"requests": requests})


def _day(cal: Any, s: Any) -> int:
    return term_day(cal.days_per_week, s.week, s.day)


def _row(
    name: str, scenario: Scenario, published: Schedule, answer: Schedule, day: int, wall: float
) -> dict[str, Any]:
    cal = scenario.calendar
    before = {(s.request, s.index): s for s in published.sessions}
    now = {(s.request, s.index): s for s in answer.sessions}
    past = {k: s for k, s in before.items() if _day(cal, s) < day}
    required = {r.id for r in scenario.requests if r.required}
    return {
        "run": name,
        "objective": answer.objective,
        "moved": sum(now.get(k) != s for k, s in before.items()),
        "past_changed": sum(now.get(k) != s for k, s in past.items()),
        "past_added": sum(_day(cal, s) < day and k not in past for k, s in now.items()),
        "teacher_changed": _teacher_changes(published, answer),
        "required_short": sum(u.request in required for u in answer.unmet),
        "checker": "ok" if check_schedule(scenario, answer).ok else "violations",
        "wall_s": round(wall, 1),
    }


def _teacher_changes(published: Schedule, answer: Schedule) -> int:
    """Published sessions the answer holds at the same place with other instructors,
    as the API's ``moved`` lists them (``kind: "teacher"``)."""
    from api.diff import moved_items

    moved = moved_items(published.model_dump(mode="json"), answer.model_dump(mode="json"))
    return sum(item["kind"] == "teacher" for item in moved)


def run(tier: str, seed: int, time_limit: float, workers: int, keep_week: int) -> dict[str, Any]:
    """Solve the generated term, grow it, and re-solve it the three ways of the module
    docstring with the same limits, measuring each answer against the published one.
    """
    from scheduler.solving.resolve import published_solution, resolve_with_reference
    from scheduler.solving.scenario import solve_scenario
    from solver.cpsat import solve_cpsat
    from solver.pipeline import complete_unmet, solution_metrics
    from solver.scoring import objective_of

    options = SolveOptions(time_limit=time_limit, workers=workers, seed=0)
    scenario = generate(tier, seed)
    published = solve_scenario(scenario, options)
    reference = json.loads(schedule_to_json(published))
    changed = grown(scenario)
    problem = compile_scenario(changed)
    ref = published_solution(problem, published)
    penalty = 21_000  # the API's default: one priority-slot of the default demand weight
    keep = changed.calendar.first_monday + dt.timedelta(days=(keep_week - 1) * 7 + 2)
    day = day_of_date(changed.calendar, keep)
    rows = []

    began = time.perf_counter()
    sol = solve_cpsat(problem, options, reference=ref, move_penalty=penalty)
    complete_unmet(problem, sol)
    sol.metrics.update(solution_metrics(problem, sol))
    wall = time.perf_counter() - began
    rows.append(_row("greedy start", changed, published, build_schedule(problem, sol), day, wall))
    for name, date in (("published start", None), ("mid-term", keep)):
        began = time.perf_counter()
        answer = resolve_with_reference(changed, options, reference, penalty, keep_before=date)
        wall = time.perf_counter() - began
        rows.append(_row(name, changed, published, answer, day, wall))
    as_is, _ = objective_of(problem, ref)
    return {
        "tier": tier,
        "seed": seed,
        "time_limit": time_limit,
        "workers": workers,
        "keep_before": keep.isoformat(),
        "published_objective_on_changed_term": as_is,
        "published_objective": published.objective,
        "rows": rows,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": platform.machine(),
    }


def markdown(result: dict[str, Any]) -> str:
    """The result as the Markdown table written beside the JSON."""
    lines = [
        "# Re-solves after the term changed",
        "",
        f"- tier {result['tier']}, seed {result['seed']}, {result['time_limit']} s a run, "
        f"{result['workers']} workers, {result['date']}",
        f"- published timetable: {result['published_objective']:,.0f}; on the changed term "
        f"(every third session request one session more): "
        f"{result['published_objective_on_changed_term']:,.0f}",
        f"- mid-term: nothing before {result['keep_before']} may change",
        "",
        "| run | objective | moved | changed before the day | added before the day "
        "| teacher changed | required short | checker | wall (s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['run']} | {r['objective']:,.0f} | {r['moved']} | {r['past_changed']} "
            f"| {r['past_added']} | {r.get('teacher_changed', '')} | {r['required_short']} "
            f"| {r['checker']} | {r['wall_s']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """``python -m benchmarks.resolve_midterm``: options as in the module docstring."""
    parser = solve_parser(__doc__ or "", 60.0)
    parser.add_argument("--tier", default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep-week", type=int, default=9)
    args = parser.parse_args()
    result = run(args.tier, args.seed, args.time_limit, args.workers, args.keep_week)
    write_results(args.out, "resolve_midterm", result, markdown(result))


if __name__ == "__main__":
    main()
