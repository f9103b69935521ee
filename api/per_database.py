"""Values kept per database, the least recently used dropped past a number.

Row ids name rows only within one database, and one process may serve several (the
tests open one per test): a key such as ``(version id, amendment ids)`` is looked up in
its database's own table. A table goes with its engine (or connection).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

K = TypeVar("K")
V = TypeVar("V")


class PerDatabase(Generic[K, V]):
    """At most ``size`` values per database, safe to share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._tables: weakref.WeakKeyDictionary[Engine | Connection, OrderedDict[K, V]] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()

    def get(self, bind: Engine | Connection, key: K) -> V | None:
        """The value kept for ``key`` in ``bind``'s database (now the most recently used)."""
        with self._lock:
            table = self._tables.get(bind)
            if table is None or key not in table:
                return None
            table.move_to_end(key)
            return table[key]

    def put(self, bind: Engine | Connection, key: K, value: V) -> None:
        """Keep ``value`` under ``key``; the least recently used go past :attr:`size`."""
        with self._lock:
            table = self._tables.setdefault(bind, OrderedDict())
            table[key] = value
            table.move_to_end(key)
            while len(table) > self.size:
                table.popitem(last=False)

    def drop(self, bind: Engine | Connection, key: K) -> None:
        """Forget ``key`` (nothing if it is not kept)."""
        with self._lock:
            self._tables.get(bind, OrderedDict()).pop(key, None)

    def keys(self, bind: Engine | Connection) -> list[K]:
        """The keys kept for ``bind``'s database, least recently used first."""
        with self._lock:
            return list(self._tables.get(bind, ()))
