"""Array helpers of the occupancy: who holds each slot, the no-limit value."""

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
