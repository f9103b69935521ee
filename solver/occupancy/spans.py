"""Array helpers of the occupancy: span conditions, who holds each slot, the no-limit value."""

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


def span_all(mask: np.ndarray, duration: int) -> np.ndarray:
    """``out[..., t] = mask[..., t] & ... & mask[..., t + duration - 1]`` (False past the end)."""
    out = mask.copy()
    for k in range(1, duration):
        out[..., :-k] &= mask[..., k:]
        out[..., -k:] = False
    return out


def span_min(values: np.ndarray, duration: int) -> np.ndarray:
    """``out[..., t] = min(values[..., t : t + duration])`` (0 past the end)."""
    out = values.copy()
    for k in range(1, duration):
        np.minimum(out[..., :-k], values[..., k:], out=out[..., :-k])
        out[..., -k:] = 0
    return out
