"""Capacity rows over slot sets: the items that can only occupy a set's slots fit in the
blocks of consecutive open slots it holds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from solver.cpsat.indexed_bound.lp import IndexedLp, Item


def fit_all(avail: Sequence[int], per_day: int, bits: int, quantum: int, lanes: int = 1) -> int:
    """:func:`fit` summed over the open slots ``avail`` of a class's resources, within
    ``bits``, times ``lanes`` (parts that may stand side by side)."""
    return lanes * sum(fit(a & bits, quantum, per_day) for a in avail)


@lru_cache(maxsize=65536)
def fit(bits: int, quantum: int, per_day: int) -> int:
    """How many blocks of ``quantum`` consecutive slots fit, day by day, in ``bits``.

    ``k`` disjoint sessions inside the slots of ``bits`` hold at most this many sum of
    ``duration // quantum`` (a run of ``L`` slots takes ``floor(L / quantum)``): for two
    slot sessions in a five-slot day, 2 rather than the 2.5 the slot count allows.
    """
    if quantum == 1:
        return bits.bit_count()
    total, run = 0, 0
    pos = 0
    while bits:
        if bits & 1:
            run += 1
        else:
            total, run = total + run // quantum, 0
        bits >>= 1
        pos += 1
        if pos % per_day == 0:
            total, run = total + run // quantum, 0
    return total + run // quantum


def add_cuts(
    lp: IndexedLp,
    items: list[Item],
    capacity: Callable[[int, int], float],
    quanta: tuple[int, ...] | None = None,
    slack: int | None = None,
) -> None:
    """For each distinct occupancy (and their union) and block length ``q``: the items
    only inside it fit there, each counting ``duration // q`` blocks of ``q`` slots.

    With ``slack`` (a variable) every row is kept and may exceed ``capacity`` by it."""
    masks = {bits for bits, _, _, _ in items}
    union = 0
    for m in masks:
        union |= m
    masks.add(union)
    qs = quanta if quanta is not None else tuple(sorted({1} | {d for _, d, _, _ in items}))
    seen: set[tuple[int, ...]] = set()
    for mask in masks:
        inside = tuple(n for n, (bits, _, _, _) in enumerate(items) if not bits & ~mask)
        if not inside or inside in seen:
            continue
        seen.add(inside)
        for q in qs:
            pairs = [
                (v, (items[n][1] // q) * items[n][2] * c) for n in inside for v, c in items[n][3]
            ]
            pairs = [(v, c) for v, c in pairs if c]
            cap = capacity(mask, q)
            if slack is not None and pairs:
                lp.le(pairs + [(slack, -1)], cap)
            elif pairs and lp.top(pairs) > cap:
                lp.le(pairs, cap)
