"""The shortcuts that make validating a large term fast change no result.

``longest_weekly_run`` is vectorised over days and slots; candidate lists, qualified
instructors and availability masks are kept per validation run and shared by requests
that ask for the same. Each is compared here with the plain computation.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.compile import resource_admits
from scheduler.generator import generate
from scheduler.models import Calendar, ClosedDay, Cohort, Instructor
from scheduler.validation import _Validator
from tests.conftest import load_scenario


def weekly_run_by_hand(v: _Validator, allowed: np.ndarray) -> int:
    """Longest run of open weeks at one day and slot; closed days skip, not break."""
    cal = v.cal
    grid = allowed.reshape(cal.n_weeks, cal.days_per_week, cal.slots_per_day)
    open_ = cal.open_day.reshape(cal.n_weeks, cal.days_per_week)
    best = 0
    for d in range(cal.days_per_week):
        for s in range(cal.slots_per_day):
            run = 0
            for w in range(cal.n_weeks):
                if open_[w, d]:
                    run = run + 1 if grid[w, d, s] else 0
                    best = max(best, run)
    return best


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    weeks=st.integers(1, 8),
    days=st.integers(1, 6),
    slots=st.integers(1, 4),
    data=st.data(),
)
def test_longest_weekly_run_equals_the_plain_loop(
    weeks: int, days: int, slots: int, data: st.DataObject
) -> None:
    closed = data.draw(
        st.lists(st.tuples(st.integers(1, weeks), st.integers(1, days)), unique=True)
    )
    scenario = load_scenario("tiny.json")
    calendar = Calendar(
        weeks=weeks,
        days_per_week=days,
        slots_per_day=slots,
        slot_minutes=60,
        first_monday=scenario.calendar.first_monday,
        closed=[ClosedDay(week=w, day=d) for w, d in closed],
    )
    v = _Validator(scenario.model_copy(update={"calendar": calendar}))
    bits = data.draw(st.lists(st.booleans(), min_size=v.cal.n_slots, max_size=v.cal.n_slots))
    allowed = np.array(bits, dtype=bool)
    assert v.cal.longest_weekly_run(allowed) == weekly_run_by_hand(v, allowed)


def test_kept_candidates_and_masks_equal_fresh_ones() -> None:
    scenario = generate("S", 2)
    v = _Validator(scenario)
    cohort = {c.id: c for c in scenario.cohorts}
    for req in scenario.requests:
        insts = {cohort[c].institution for c in req.cohort_ids}
        internship = req.kind.value == "internship"
        for _ in range(2):  # the second answer comes from the memo
            got = v.candidates(req, insts, internship)
            assert got == [
                k
                for k, r in enumerate(scenario.resources)
                if resource_admits(r, req, insts, internship=internship)
            ]
            got.append(-1)  # callers get their own list
    items: list[Cohort | Instructor] = [*scenario.cohorts, *scenario.instructors]
    for item in items:
        for _ in range(2):
            assert np.array_equal(v.available(item), v.cal.window_mask(item.available))
    for t in scenario.instructors:
        for dur in (1, 2, 3):
            fresh = v.cal.span_ok(v.cal.window_mask(t.available) & v.open, dur)
            assert np.array_equal(v.instructor_span(t, dur), fresh)
