"""A request re-placed alone by the greedy rules: its own bookings set aside, what would
be booked now, and who occupies the slots in its way."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from scheduler.problem import CInternship, CSessionRequest, PlacementAssignment, SessionAssignment
from solver.greedy_placement import place_internship, place_sessions
from solver.occupancy import Occupancy, Rules


@contextmanager
def set_aside(
    occ: Occupancy, request: int
) -> Iterator[tuple[list[SessionAssignment], list[PlacementAssignment]]]:
    """Take ``request``'s own bookings out of ``occ`` (its loaded families) for the
    block, and put them back after it."""
    own_s = list(occ.sessions.get(request, {}).values())
    own_p = list(occ.placements.get(request, []))
    occ.remove_sessions(own_s, occ.families)
    for p in own_p:
        occ.remove_placement(p, occ.families)
    try:
        yield own_s, own_p
    finally:
        for s in own_s:
            occ.apply_session(s, occ.families)
        for p in own_p:
            occ.apply_placement(p, occ.families)


def trial(
    occ: Occupancy, req: CSessionRequest | CInternship, rules: Rules, dry: bool = False
) -> tuple[list[SessionAssignment], list[PlacementAssignment]]:
    """What the greedy placement would book for ``req`` now, left unbooked again."""
    if isinstance(req, CSessionRequest):
        sessions = place_sessions(occ, req, rules, want=req.n_sessions, dry=dry)
        if not dry:
            occ.remove_sessions(sessions)
        return sessions, []
    placed = place_internship(occ, req, rules)
    for p in placed:
        occ.remove_placement(p)
    return [], placed


def tally(occupants: np.ndarray, exclude: int) -> Counter[int]:
    """How often each request index occurs in ``occupants`` (-1 = nobody), but ``exclude``."""
    vals = occupants[(occupants >= 0) & (occupants != exclude)].ravel()
    if vals.size == 0:
        return Counter()
    counts = np.bincount(vals)
    return Counter({int(r): int(counts[r]) for r in np.flatnonzero(counts)})
