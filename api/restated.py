"""The restated figures of amended versions, kept per database: computed once, not per page.

A version with granted extra requests is shown with its objective, status and metrics
recomputed (:func:`api.published_versions.restate`): the checker's scorer over the
whole term, seconds on a large term, and every timetable page, occupancy look-up and
version read asked for it again. The figures depend only on the version and its
granted amendments (versions never change, amendments are only appended), so
``(version id, granted amendment ids)`` names them within one database, as
:mod:`api.extra`'s states are named.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from api.per_database import PerDatabase

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

#: The schedule's fields :func:`api.published_versions.restate` sets.
FIELDS = ("status", "objective", "bound", "gap", "metrics")

Key = tuple[int, tuple[int, ...]]
#: Amended versions kept per database (a few kB each).
_KEPT: PerDatabase[Key, dict[str, Any]] = PerDatabase(32)


def recall(bind: Engine | Connection, key: Key) -> dict[str, Any] | None:
    """A copy of the figures kept for ``key`` in ``bind``'s database, or None."""
    hit = _KEPT.get(bind, key)
    return None if hit is None else copy.deepcopy(hit)


def keep(bind: Engine | Connection, key: Key, schedule: dict[str, Any]) -> None:
    """Keep the restated ``schedule``'s figures under ``key``."""
    _KEPT.put(bind, key, {k: copy.deepcopy(schedule[k]) for k in FIELDS if k in schedule})
