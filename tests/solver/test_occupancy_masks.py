"""The compiled start masks (solver.occupancy.scan_kernels.py) equal a plain numpy reading
of the same rules, on random scenarios, partial schedules and rule sets."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from hypothesis import given, settings

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import CSessionRequest, Problem, Solution
from solver.greedy import solve_greedy
from solver.occupancy import Occupancy
from solver.occupancy.families import Rules
from solver.occupancy.scan_kernels import weekly_run_lengths
from tests.conftest import load_scenario
from tests.strategies import RANDOM_TERMS, scenarios


def _span_all(mask: np.ndarray, duration: int) -> np.ndarray:
    out = mask.copy()
    for k in range(1, duration):
        out[..., :-k] &= mask[..., k:]
        out[..., -k:] = False
    return out


def _reference(occ: Occupancy, req: CSessionRequest, rules: Rules) -> tuple[np.ndarray, ...]:
    """single, free, free_cap, any_start, instructors, one numpy expression per rule."""
    n, dur, spw = occ.n_slots, req.duration, occ.spw
    cohorts_free = np.ones(n, dtype=bool)
    for c in req.cohorts:
        cohorts_free &= occ.cohort_busy[c] == 0
        cohorts_free &= np.repeat(occ.cohort_intern[c] == 0, spw)
    base = req.starts & _span_all(cohorts_free, dur)
    if rules.precedence:
        lo, hi = occ.precedence_bounds(req.index)
        t = np.arange(n)
        base &= (t >= lo) & (t + dur <= hi)
    instructors = np.zeros((0, 0), dtype=bool)
    if rules.instructors and req.needs_instructor:
        ins = req.instructors
        ok = _span_all(occ.instr_available[ins] & (occ.instr_busy[ins] == 0), dur)
        load_ok = occ.instr_load[ins] + dur <= occ.instr_max[ins][:, None]
        instructors = ok & np.repeat(load_ok, spw, axis=1)
        base &= instructors.any(axis=0)
    free = np.zeros((len(req.resources), n), dtype=np.int64)
    free_cap = np.zeros_like(free)
    for k, r in enumerate(req.resources):
        for start in np.flatnonzero(base):
            if start + dur <= n and req.resource_starts[k, start]:
                free[k, start] = occ.res_room[r, start : start + dur].min()
                free_cap[k, start] = occ.res_room_cap[r, start : start + dur].min()
    single = (free >= req.headcount) & base[None, :]
    any_start = single.any(axis=0)
    if req.split:
        any_start |= base & (free.sum(axis=0) >= req.headcount)
    return single, free, free_cap, any_start, instructors


def _partial(problem: Problem, share: float, seed: int) -> Occupancy:
    """The occupancy of greedy's schedule with a random ``share`` of requests kept."""
    full = solve_greedy(problem, explain=False)
    rnd = random.Random(seed)
    kept = {r for r in range(len(problem.requests)) if rnd.random() < share}
    partial = Solution(
        status="feasible",
        sessions=[s for s in full.sessions if s.request in kept],
        placements=[p for p in full.placements if p.request in kept],
    )
    return Occupancy.from_solution(problem, partial)


def _assert_same(occ: Occupancy, req: CSessionRequest, rules: Rules) -> None:
    masks = occ.start_masks(req, rules)
    single, free, free_cap, any_start, instructors = _reference(occ, req, rules)
    assert np.array_equal(masks.single, single)
    assert np.array_equal(masks.free, free)
    assert np.array_equal(masks.free_within_capacity, free_cap)
    assert np.array_equal(masks.any_start, any_start)
    if rules.instructors and req.needs_instructor:
        assert masks.instructors is not None
        assert np.array_equal(masks.instructors, instructors)
    else:
        assert masks.instructors is None


@settings(RANDOM_TERMS, max_examples=40)
@given(scenarios())
def test_compiled_masks_equal_the_numpy_reading(sc: Scenario) -> None:
    problem = compile_scenario(sc)
    occ = _partial(problem, 0.6, 0)
    checked = 0
    for req in problem.requests:
        if not isinstance(req, CSessionRequest):
            continue
        for rules in (Rules(), Rules(precedence=False), Rules(instructors=False)):
            _assert_same(occ, req, rules)
            checked += 1
    assert checked == 3 * sum(isinstance(r, CSessionRequest) for r in problem.requests)


@pytest.mark.parametrize("seed", [1, 2])
def test_compiled_masks_on_the_dalian_term_with_and_without_split(seed: int) -> None:
    """A real term: two-slot sessions, ``after`` chains, shared bases half booked."""
    problem = compile_scenario(load_scenario("dalian-cnc-consortium.json"))
    occ = _partial(problem, 0.5, seed)
    binding = 0
    for req in problem.requests:
        if not isinstance(req, CSessionRequest):
            continue
        for variant in (req, dataclasses.replace(req, split=not req.split)):
            _assert_same(occ, variant, Rules())
        lo, hi = occ.precedence_bounds(req.index)
        binding += lo > 0 or hi < occ.n_slots
    assert binding > 0  # some precedence bound cuts the term


def test_compiled_masks_at_precedence_bounds_on_either_side_of_each_start() -> None:
    """``after`` bounds set a slot before, at and after sampled starts of a request."""
    problem = compile_scenario(load_scenario("dalian-cnc-consortium.json"))
    occ = _partial(problem, 0.3, 3)
    sessions = [r for r in problem.requests if isinstance(r, CSessionRequest)]
    late = next(r for r in sessions if r.after)
    early = next(r for r in sessions if occ.successors[r.index])
    for req, bound in ((late, "lo"), (early, "hi")):
        other = req.after[0] if bound == "lo" else occ.successors[req.index][0]
        starts = np.flatnonzero(req.starts)
        changed = 0
        for t in starts[:: max(1, len(starts) // 15)]:
            for edge in (int(t) - 1, int(t), int(t) + 1, int(t) + req.duration):
                occ._span[other] = (0, edge) if bound == "lo" else (edge, edge + 1)
                before = occ.start_masks(req, Rules(precedence=False)).any_start
                _assert_same(occ, req, Rules())
                changed += not np.array_equal(before, occ.start_masks(req, Rules()).any_start)
        assert changed > 0  # the bound did cut starts


def _weekly_reference(ok: np.ndarray, open_day: np.ndarray, n_weeks: int, spd: int) -> np.ndarray:
    spw = len(ok) // n_weeks
    ok_w = ok.reshape(n_weeks, spw)
    open_w = np.repeat(open_day.reshape(n_weeks, -1), spd, axis=1)
    length = np.zeros((n_weeks + 1, spw), dtype=np.int64)
    for w in range(n_weeks - 1, -1, -1):
        length[w] = np.where(open_w[w], np.where(ok_w[w], 1 + length[w + 1], 0), length[w + 1])
    return length[:-1].reshape(-1)


@pytest.mark.parametrize("seed", range(6))
def test_compiled_weekly_run_lengths_equal_the_numpy_reading(seed: int) -> None:
    rnd = np.random.default_rng(seed)
    n_weeks, days, spd = int(rnd.integers(1, 9)), int(rnd.integers(1, 8)), int(rnd.integers(1, 5))
    ok = rnd.random(n_weeks * days * spd) < 0.7
    open_day = rnd.random(n_weeks * days) < 0.8
    got = weekly_run_lengths(ok, open_day, days, spd)
    assert np.array_equal(got, _weekly_reference(ok, open_day, n_weeks, spd))
    assert got.max() <= n_weeks
