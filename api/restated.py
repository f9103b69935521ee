"""The restated figures of amended versions, kept per database: computed once, not per page.

A version with granted extra requests is shown with its objective, status and metrics
recomputed (:func:`api.workflow.restate`): the checker's scorer over the whole term,
seconds on a large term, and every timetable page, occupancy look-up and version read
asked for it again. The figures depend only on the version and its granted amendments
(versions never change, amendments are only appended), so ``(version id, granted
amendment ids)`` names them within one database, as :mod:`api.extra`'s states are named.
"""

from __future__ import annotations

import copy
import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

#: The schedule's fields :func:`api.workflow.restate` sets.
FIELDS = ("status", "objective", "bound", "gap", "metrics")
#: Amended versions kept per database (a few kB each).
KEPT = 32

Key = tuple[int, tuple[int, ...]]
_KEPT: weakref.WeakKeyDictionary[Engine | Connection, OrderedDict[Key, dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def recall(bind: Engine | Connection, key: Key) -> dict[str, Any] | None:
    """A copy of the figures kept for ``key`` in ``bind``'s database, or None."""
    with _LOCK:
        kept = _KEPT.get(bind)
        if kept is None or key not in kept:
            return None
        kept.move_to_end(key)
        hit = kept[key]
    return copy.deepcopy(hit)


def keep(bind: Engine | Connection, key: Key, schedule: dict[str, Any]) -> None:
    """Keep the restated ``schedule``'s figures under ``key``; the oldest go past :data:`KEPT`."""
    figures = {k: copy.deepcopy(schedule[k]) for k in FIELDS if k in schedule}
    with _LOCK:
        kept = _KEPT.setdefault(bind, OrderedDict())
        kept[key] = figures
        kept.move_to_end(key)
        while len(kept) > KEPT:
            kept.popitem(last=False)
