"""How the greedy baseline places one request: the earliest feasible times.

- a session goes to the earliest start with a feasible resource; resources the
  request already uses come first, then its preferred ones, then candidates within
  capacity, each in scenario order; with ``split`` and no single resource holding the
  cohort, the largest free candidates at that start are filled; the instructor is the
  first qualified free one;
- ``weekly``: the earliest first start whose whole chain (same day and slot,
  consecutive weeks, skipping weeks where that day is closed) fits, else the longest
  chain that fits; ``block``: likewise over consecutive open days; ``free``: sessions
  one by one, respecting ``max_per_week`` and ``min_days_apart``;
- internships: the earliest first week, interns spread over the candidate posts in
  order, all or nothing.

Kept apart from the service order (:mod:`solver.greedy`) because insertion, the
explanations and a re-solve's carried-over schedule place single requests on their own.
Candidate starts are scanned with NumPy masks computed once per request
(:meth:`~solver.occupancy.Occupancy.start_masks`); only the chosen start is checked
exactly (instructors, travel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy as np

from scheduler.problem import CInternship, CSessionRequest, PlacementAssignment, SessionAssignment
from solver.occupancy import FULL_RULES, Occupancy, Rules, StartMasks
from solver.occupancy.scan_kernels import weekly_run_lengths

# --------------------------------------------------------------------------- sessions


def place_sessions(
    occ: Occupancy,
    req: CSessionRequest,
    rules: Rules = FULL_RULES,
    want: int | None = None,
    *,
    dry: bool = False,
) -> list[SessionAssignment]:
    """Greedily add up to ``want`` (default: all missing) sessions of ``req`` to ``occ``.

    Returns the sessions added (already applied). Rules switched off in ``rules`` are
    ignored; without ``rules.pattern`` every request is placed as ``free`` without
    ``max_per_week`` / ``min_days_apart``.

    ``dry`` (only without instructors, travel and pattern rules, where nothing but the
    start masks decide) finds the same sessions without applying them: explanations
    count what fits many times over and need not pay for applying and removing.
    """
    if dry and (rules.instructors or rules.travel or rules.pattern):
        raise ValueError("a dry placement ignores instructors, travel and patterns")
    if want is None:
        want = req.n_sessions - occ.count(req.index)
    if want <= 0 or len(req.resources) == 0:
        return []
    pattern = req.pattern if rules.pattern else "free"
    if pattern == "weekly":
        return _place_chain(occ, req, rules, want, _weekly_runs)
    if pattern == "block":
        return _place_chain(occ, req, rules, want, _block_runs)
    return _place_free(occ, req, rules, want, dry)


class _Preference:
    """Resource order hint: resources the request already uses (by the start of their
    first use), then its preferred ones, then those of the occupancy's
    ``resource_hint``. Kept up to date as sessions are added, so booking many sessions
    of one request does not re-sort all of them at every booking."""

    def __init__(self, occ: Occupancy, req: CSessionRequest) -> None:
        self._tail = [
            *(sorted(req.prefer_resources) if req.prefer_resources else []),
            *occ.resource_hint.get(req.index, ()),
        ]
        #: resource -> (start, part position) of its first use
        self._first: dict[int, tuple[int, int]] = {}
        self._order: list[int] | None = None
        for s in occ.sessions.get(req.index, {}).values():
            self.add(s)

    def add(self, s: SessionAssignment) -> None:
        """Take note of a booked session: its resources join the order by their first use."""
        for j, p in enumerate(s.parts):
            key = (s.start, j)
            if key < self._first.get(p.resource, (NO_START, 0)):
                self._first[p.resource] = key
        self._order = None

    def order(self) -> list[int]:
        """Resources to try, in order; sorted again only after :meth:`add` changed something."""
        if self._order is None:
            used = sorted(self._first, key=self._first.__getitem__)
            self._order = list(dict.fromkeys([*used, *self._tail]))
        return self._order


#: Later than any start (a key no first use reaches).
NO_START = 1 << 62


def _add(
    occ: Occupancy,
    req: CSessionRequest,
    t: int,
    masks: StartMasks,
    rules: Rules,
    dry_index: int | None = None,
    prefer: _Preference | None = None,
) -> SessionAssignment | None:
    """Book a session of ``req`` at ``t`` if one fits there (``dry_index``: find it,
    numbered so, without booking). ``prefer`` must have seen every session of ``req``."""
    if dry_index is not None:
        parts = occ.assign_at(req, t, masks, rules)
        return None if parts is None else SessionAssignment(req.index, dry_index, int(t), parts)
    prefer = prefer if prefer is not None else _Preference(occ, req)
    parts = occ.assign_at(req, t, masks, rules, prefer.order())
    if parts is None:
        return None
    s = SessionAssignment(req.index, occ.next_index(req.index), int(t), parts)
    occ.apply_session(s)
    prefer.add(s)
    return s


class _Spacing:
    """``max_per_week`` / ``min_days_apart`` of a free request: the starts each of its
    sessions rules out, applied session by session (those held first, then each new one)."""

    def __init__(self, occ: Occupancy, req: CSessionRequest) -> None:
        self.occ, self.req = occ, req
        self.per_week = np.zeros(occ.n_weeks, dtype=np.int64)

    def rule_out(self, cand: np.ndarray, t: int) -> None:
        """Clear in ``cand`` the starts a session at ``t`` leaves no room for."""
        occ, req = self.occ, self.req
        week = t // occ.spw
        self.per_week[week] += 1
        if req.max_per_week is not None and self.per_week[week] >= req.max_per_week:
            cand[week * occ.spw : (week + 1) * occ.spw] = False
        if req.min_days_apart > 0:
            days = occ.slot_calendar_day
            cand &= np.abs(days - days[t]) >= req.min_days_apart


def _place_free(
    occ: Occupancy, req: CSessionRequest, rules: Rules, want: int, dry: bool = False
) -> list[SessionAssignment]:
    """Sessions one by one at the earliest start where one fits.

    One pass over the starts in order: a booking only ever rules starts out, so a
    start passed over (tried, or ruled out) never fits later in the same call."""
    masks = occ.start_masks(req, rules)
    cand = masks.any_start.copy()
    spacing = None
    if rules.pattern and (req.max_per_week is not None or req.min_days_apart > 0):
        spacing = _Spacing(occ, req)
        for held in occ.sessions.get(req.index, {}).values():
            spacing.rule_out(cand, held.start)
    prefer = None if dry else _Preference(occ, req)
    out: list[SessionAssignment] = []
    dur = req.duration
    for t in np.flatnonzero(cand).tolist():
        if len(out) >= want:
            break
        if not cand[t]:
            continue  # ruled out by a session booked in this call
        s = _add(occ, req, t, masks, rules, len(out) + 1 if dry else None, prefer)
        if s is None:
            continue
        out.append(s)
        # Masks were computed before this session: kill the starts it now blocks (its
        # cohorts are busy there); later exact checks see instructors' new load and travel.
        lo = max(0, t - dur + 1)
        cand[lo : t + dur] = False
        masks.single[:, lo : t + dur] = False
        masks.any_start[lo : t + dur] = False
        if spacing is not None:
            spacing.rule_out(cand, t)
    return out


# --------------------------------------------------------------------------- chains


def _weekly_runs(occ: Occupancy, ok: np.ndarray) -> np.ndarray:
    """Chain length from every start (same day/slot, consecutive weeks, closed days skipped)."""
    cal = occ.cal
    return weekly_run_lengths(ok, cal.open_day, cal.days_per_week, occ.spd)


def _block_runs(occ: Occupancy, ok: np.ndarray) -> np.ndarray:
    """Run length of consecutive open days with some start, per slot of the run's first day.

    Every start of an open day that begins a run gets the run length (so sorting by
    (length, start) finds the earliest start of the best run).
    """
    days = occ.open_days
    per_day = np.asarray(ok).reshape(-1, occ.spd)
    day_ok: np.ndarray = np.asarray(per_day[days].any(axis=1))
    run = np.zeros(len(days) + 1, dtype=np.int64)
    for j in range(len(days) - 1, -1, -1):
        run[j] = run[j + 1] + 1 if day_ok[j] else 0
    length = np.zeros(occ.n_slots, dtype=np.int64)
    for j, d in enumerate(days):
        if run[j]:
            # only the earliest start of the day represents it
            first = int(np.argmax(per_day[d]))
            length[d * occ.spd + first] = run[j]
    return length


def _chain_steps(
    occ: Occupancy, req: CSessionRequest, t: int, ok: np.ndarray
) -> Iterator[list[int]]:
    """Candidate starts of each step of the chain beginning at ``t`` (lazily, step by step)."""
    if req.pattern == "weekly":
        cur: int | None = t
        while cur is not None:
            yield [cur]
            cur = occ.weekly_step(cur, +1)
        return
    days = occ.open_days
    j = int(np.searchsorted(days, t // occ.spd))
    for d in days[j:]:
        lo = int(d) * occ.spd
        cands = [lo + int(k) for k in np.flatnonzero(ok[lo : lo + occ.spd])]
        yield [c for c in cands if c >= t]


def _first_added(
    occ: Occupancy,
    req: CSessionRequest,
    cands: Iterable[int],
    masks: StartMasks,
    rules: Rules,
    prefer: _Preference,
) -> SessionAssignment | None:
    """Book a session of ``req`` at the first of ``cands`` where one fits (applied)."""
    for c in cands:
        if masks.any_start[c]:
            placed = _add(occ, req, c, masks, rules, prefer=prefer)
            if placed is not None:
                return placed
    return None


def _try_chain(
    occ: Occupancy,
    req: CSessionRequest,
    t: int,
    masks: StartMasks,
    rules: Rules,
    want: int,
) -> list[SessionAssignment]:
    """Place the chain from ``t`` step by step (applied); stops at the first step that fails."""
    out: list[SessionAssignment] = []
    prefer = _Preference(occ, req)
    for cands in _chain_steps(occ, req, t, masks.any_start):
        if len(out) >= want:
            break
        placed = _first_added(occ, req, cands, masks, rules, prefer)
        if placed is None:
            break
        out.append(placed)
    return out


def _place_chain(
    occ: Occupancy,
    req: CSessionRequest,
    rules: Rules,
    want: int,
    runs: Callable[[Occupancy, np.ndarray], np.ndarray],
) -> list[SessionAssignment]:
    """Weekly / block: the earliest full chain, else the longest one that fits exactly."""
    if occ.count(req.index):
        return _extend_chain(occ, req, rules, want)
    masks = occ.start_masks(req, rules)
    length = runs(occ, masks.any_start)
    length = np.minimum(length, want)
    starts = np.flatnonzero(length > 0)
    order = starts[np.lexsort((starts, -length[starts]))]
    best: list[SessionAssignment] = []
    for t in order:
        t = int(t)
        if length[t] <= len(best):
            break
        chain = _try_chain(occ, req, t, masks, rules, want)
        if len(chain) == want:
            return chain
        occ.remove_sessions(chain)
        if len(chain) > len(best):
            best = chain
    # Every chain tried was taken out again, so the occupancy is as it was when the
    # best one was found: booking it again finds the same sessions, and costs no search.
    for s in best:
        occ.apply_session(s)
    return best


def _extend_chain(
    occ: Occupancy, req: CSessionRequest, rules: Rules, want: int
) -> list[SessionAssignment]:
    """Grow a partly scheduled weekly/block request at either end (mid-term insertion)."""
    out: list[SessionAssignment] = []
    prefer = _Preference(occ, req)
    while len(out) < want:
        masks = occ.start_masks(req, rules)
        starts = sorted(s.start for s in occ.sessions[req.index].values())
        if req.pattern == "weekly":
            cands = sorted(occ.weekly_extensions(starts))
        else:
            cands = []
            for d in sorted(occ.block_extensions(starts)):
                lo = d * occ.spd
                cands += [lo + int(k) for k in np.flatnonzero(masks.any_start[lo : lo + occ.spd])]
        placed = _first_added(occ, req, cands, masks, rules, prefer)
        if placed is None:
            break
        out.append(placed)
    return out


# --------------------------------------------------------------------------- internships


def place_internship(
    occ: Occupancy, req: CInternship, rules: Rules = FULL_RULES
) -> list[PlacementAssignment]:
    """Earliest first week whose whole run fits; all posts applied, or nothing."""
    if occ.placements.get(req.index) or len(req.posts) == 0:
        return []
    for w in np.flatnonzero(req.first_weeks).tolist():
        if occ.internship_blocks(req, w, rules):
            continue
        placed = occ.place_internship_at(req, w)
        if placed:
            for p in placed:
                occ.apply_placement(p)
            return placed
    return []
