"""The records the occupancy keeps and hands out: travel visits and vectorised start masks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class Visit:
    """One session of a cohort or instructor on one day: slots ``[first, end)`` at ``sites``.

    Not frozen, though never changed: ruin and recreate makes one per session booked
    or removed, and a frozen dataclass's ``__init__`` costs three times as much.
    """

    first: int
    end: int
    sites: tuple[int, ...]
    request: int
    index: int


@dataclass(frozen=True, slots=True)
class StartMasks:
    """Vectorised candidate starts of one session request against the current state.

    ``single[k, t]``: candidate ``resources[k]`` can host the whole headcount from ``t``
    (window, availability, exclusive use and capacity over the span) and the cohorts are
    free and precedence allows ``t``. ``free[k, t]``: people ``resources[k]`` can still
    take over the whole span (0 where it may not be used). ``any_start[t]``: some single
    resource or (with ``split``) the candidates together can take the headcount, and a
    qualified instructor is free (ignoring travel); exact checks come after.
    ``instructors[j, t]``: candidate instructor ``req.instructors[j]`` is available, free
    and under the weekly load from ``t`` (None when no instructor is needed). Masks only
    ever shrink as sessions are added, so a stale mask is a superset: exact checks follow.
    """

    single: np.ndarray
    free: np.ndarray
    free_within_capacity: np.ndarray
    any_start: np.ndarray
    instructors: np.ndarray | None = None
