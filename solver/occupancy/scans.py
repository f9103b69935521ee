"""Scans: every start of a session request the current state allows, at once."""

from __future__ import annotations

import functools

import numpy as np

from scheduler.problem import (
    CSessionRequest,
)
from solver.clock import METER
from solver.occupancy.families import FULL_RULES, Rules
from solver.occupancy.records import StartMasks
from solver.occupancy.scan_kernels import instructor_starts, session_starts
from solver.occupancy.state import OccupancyState


class OccupancyScans(OccupancyState):
    """Start masks over all slots; exact checks (instructors, travel) come after."""

    def start_masks(self, req: CSessionRequest, rules: Rules = FULL_RULES) -> StartMasks:
        """Where one more session of ``req`` may start under ``rules``, for every slot at once
        (exact instructor and travel checks follow).

        Counts one scan on the work meter, so that a work clock advances with it.
        """
        METER.scan(len(req.resources) + len(req.instructors) + len(req.cohorts))
        lo, hi = self.precedence_bounds(req.index) if rules.precedence else (0, self.n_slots)
        instructors = None
        use_instructors = rules.instructors and req.needs_instructor
        if use_instructors:
            instructors = instructor_starts(
                req.instructors, self.instr_available, self.instr_busy, self.instr_load,
                self.instr_max, self.spw, req.duration,
            )  # fmt: skip
        single, free, free_cap, any_start = session_starts(
            req.starts, _cohort_array(req.cohorts), self.cohort_busy, self.cohort_intern,
            self.spw, req.duration, lo, hi,
            _NO_INSTRUCTORS if instructors is None else instructors, use_instructors,
            req.resources, req.resource_starts, self.res_room, self.res_room_cap,
            req.headcount, req.split,
        )  # fmt: skip
        return StartMasks(single, free, free_cap, any_start, instructors)


@functools.lru_cache(maxsize=4096)
def _cohort_array(cohorts: tuple[int, ...]) -> np.ndarray:
    """The compiled scan takes a request's cohorts as an array (never written to)."""
    return np.array(cohorts, dtype=np.int64)


_NO_INSTRUCTORS = np.zeros((0, 0), dtype=np.bool_)
