"""The compiled instructor check (solver.occupancy.kernels.instructor_free) equals the
numpy slices it replaced, on random rows, spans running past the last slot included."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.occupancy.kernels import instructor_free

N_SLOTS, N_WEEKS = 12, 3


def _by_slices(
    available: np.ndarray, busy: np.ndarray, load: np.ndarray, max_load: np.ndarray,
    i: int, a: int, b: int, week: int,
) -> bool:  # fmt: skip
    return bool(
        available[i, a:b].all()
        and not busy[i, a:b].any()
        and load[i, week] + (b - a) <= max_load[i]
    )


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    a=st.integers(0, N_SLOTS - 1),
    duration=st.integers(1, 4),
    week=st.integers(0, N_WEEKS - 1),
)
def test_instructor_free_equals_the_numpy_slices(
    seed: int, a: int, duration: int, week: int
) -> None:
    rng = np.random.default_rng(seed)
    available = rng.random((2, N_SLOTS)) < 0.8
    busy = (rng.random((2, N_SLOTS)) < 0.2).astype(np.int32)
    load = rng.integers(0, 6, size=(2, N_WEEKS), dtype=np.int64)
    max_load = rng.integers(0, 9, size=2, dtype=np.int64)
    b = a + duration
    args = (available, busy, load, max_load, 1, a, b, week)
    assert instructor_free(*args) == _by_slices(*args)
