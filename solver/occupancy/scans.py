"""Vectorised scans: every start of a session request the current state allows, at once."""

from __future__ import annotations

import numpy as np

from scheduler.problem import (
    CSessionRequest,
)
from solver.clock import METER
from solver.occupancy.families import FULL_RULES, Rules
from solver.occupancy.records import StartMasks
from solver.occupancy.spans import span_all
from solver.occupancy.state import OccupancyState


class OccupancyScans(OccupancyState):
    """Start masks over all slots; exact checks (instructors, travel) come after."""

    def cohort_free(self, req: CSessionRequest) -> np.ndarray:
        """bool (n_slots,): starts where every cohort of ``req`` is free over the span."""
        free = np.ones(self.n_slots, dtype=bool)
        for c in req.cohorts:
            free &= self.cohort_busy[c] == 0
            free &= np.repeat(self.cohort_intern[c] == 0, self.spw)
        return span_all(free, req.duration)

    def precedence_mask(self, req: CSessionRequest) -> np.ndarray:
        lo, hi = self.precedence_bounds(req.index)
        t = np.arange(self.n_slots)
        return (t >= lo) & (t + req.duration <= hi)

    def instructor_free(self, req: CSessionRequest) -> np.ndarray:
        """bool (n_cand_instructors, n_slots): available, free and under the weekly load."""
        dur = req.duration
        ins = req.instructors
        if len(ins) == 0:
            return np.zeros((0, self.n_slots), dtype=bool)
        ok = span_all(self.instr_available[ins] & (self.instr_busy[ins] == 0), dur)
        load_ok = self.instr_load[ins] + dur <= self.instr_max[ins][:, None]
        return ok & np.repeat(load_ok, self.spw, axis=1)

    def resource_free(
        self, req: CSessionRequest, where: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """int (n_cand, n_slots) x2: people each candidate can still take over the span,
        with overflow and within capacity (0 where exclusive use or availability forbid).

        With ``where`` (bool (n_slots,)) only those starts are computed (0 elsewhere):
        the starts the cohorts and the window allow are usually a small part.
        """
        cand = req.resources
        dur = req.duration
        idx = np.arange(self.n_slots) if where is None else np.flatnonzero(where)
        free = np.zeros((len(cand), self.n_slots), dtype=self.res_room.dtype)
        free_cap = np.zeros_like(free)
        if len(idx) == 0 or len(cand) == 0:
            return free, free_cap
        idx = idx[idx + dur <= self.n_slots]
        rows = cand[:, None]
        room = self.res_room[rows, idx]
        room_cap = self.res_room_cap[rows, idx]
        for k in range(1, dur):
            np.minimum(room, self.res_room[rows, idx + k], out=room)
            np.minimum(room_cap, self.res_room_cap[rows, idx + k], out=room_cap)
        allowed = req.resource_starts[:, idx]
        free[:, idx] = np.where(allowed, room, 0)
        free_cap[:, idx] = np.where(allowed, room_cap, 0)
        return free, free_cap

    def start_masks(self, req: CSessionRequest, rules: Rules = FULL_RULES) -> StartMasks:
        METER.scan(len(req.resources) + len(req.instructors) + len(req.cohorts))
        base = req.starts & self.cohort_free(req)
        if rules.precedence:
            base &= self.precedence_mask(req)
        instructors = None
        if rules.instructors and req.needs_instructor:
            instructors = self.instructor_free(req)
            base &= instructors.any(axis=0)
        free, free_cap = self.resource_free(req, base)
        single = (free >= req.headcount) & base[None, :]
        any_start = single.any(axis=0)
        if req.split:
            any_start |= base & (free.sum(axis=0) >= req.headcount)
        return StartMasks(single, free, free_cap, any_start, instructors)
