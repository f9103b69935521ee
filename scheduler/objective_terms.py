"""The objective's vocabulary (``docs/objective.md``): term names, weights and signs.

One table shared by the checker's evaluation, the greedy scoring and the CP-SAT model,
so that a term renamed or re-signed changes everywhere at once. Each of them still
computes the term *values* on its own: that independence is what lets tests compare them.
"""

from __future__ import annotations

import math

#: Home-to-resource travel between sites with no path is costed as one day of travel.
UNREACHABLE_TRAVEL_MINUTES = 24 * 60


def travel_cost_minutes(minutes: float) -> int:
    """The travel term's whole minutes for one trip: capped at a day, rounded up.

    Travel times may be fractional (``"minutes": 12.5``); the objective sums whole
    numbers, and each of its three computations (checker, greedy scoring, CP-SAT) must
    round the same trip the same way, so they all call this. Rounded to a microminute
    first, so that a path summed in floats (``0.1 + 0.2``) is not pushed a minute up.
    """
    return math.ceil(round(min(minutes, UNREACHABLE_TRAVEL_MINUTES), 6))


def minutes_text(minutes: float) -> str:
    """Travel minutes as a sentence shows them: ``40``, ``90.5`` (not ``90`` nor ``90.50``)."""
    whole = round(minutes)
    return str(whole) if abs(minutes - whole) < 1e-9 else f"{minutes:.6f}".rstrip("0")


#: term -> (weight name in ``Weights``, sign in the maximised objective), in report order.
TERM_WEIGHTS: dict[str, tuple[str, int]] = {
    "fulfilled_units": ("demand", +1),
    "worst_share_permille": ("fairness", +1),
    "preference_misses": ("prefer", -1),
    "extra_resources": ("stability", -1),
    "travel_minutes": ("travel", -1),
    "overflow_person_slots": ("overflow", -1),
    "missing_days": ("min_days", -1),
    "isolated_sessions": ("isolated", -1),
}
