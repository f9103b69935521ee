"""The objective's vocabulary (``docs/objective.md``): term names, weights and signs.

One table shared by the checker's evaluation, the greedy scoring and the CP-SAT model,
so that a term renamed or re-signed changes everywhere at once. Each of them still
computes the term *values* on its own: that independence is what lets tests compare them.
"""

from __future__ import annotations

#: Home-to-resource travel between sites with no path is costed as one day of travel.
UNREACHABLE_TRAVEL_MINUTES = 24 * 60

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
