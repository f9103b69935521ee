"""Array helpers of the occupancy: who holds each slot, the slots starts cover, the
no-limit value."""

from __future__ import annotations

import numpy as np

#: Above any real limit or slot index, and far from overflowing when loads are added.
NO_LIMIT = np.iinfo(np.int32).max // 2


def mark_who(
    who: np.ndarray,
    rows: np.ndarray,
    starts: np.ndarray,
    durations: np.ndarray,
    requests: np.ndarray,
) -> None:
    """``who[row, start + k] = request`` for each session row, offset by offset."""
    for k in range(int(durations.max())):
        m = durations > k
        who[rows[m], starts[m] + k] = requests[m]


def covered(starts: np.ndarray, duration: int) -> np.ndarray:
    """bool (n_slots,): the slots sessions of ``duration`` starting in ``starts`` cover."""
    n = len(starts)
    cover = np.zeros(n, dtype=bool)
    for k in range(duration):
        cover[k:] |= starts[: n - k]
    return cover
