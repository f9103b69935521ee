"""The caches of published states and restated figures (``api.per_database``): a key
names a row in one database only, and the least recently used go first."""

from __future__ import annotations

import gc

from sqlalchemy import create_engine

from api.per_database import PerDatabase


def test_the_same_key_in_two_databases_is_two_values() -> None:
    """Tests open a database each in one process, and ids start at 1 in every one."""
    kept: PerDatabase[tuple[int, tuple[int, ...]], str] = PerDatabase(2)
    one, two = create_engine("sqlite://"), create_engine("sqlite://")
    kept.put(one, (1, ()), "version 1 of the first")
    assert kept.get(two, (1, ())) is None
    kept.put(two, (1, ()), "version 1 of the second")
    assert kept.get(one, (1, ())) == "version 1 of the first"
    assert kept.keys(two) == [(1, ())]


def test_the_least_recently_used_goes_first_and_a_table_with_its_engine() -> None:
    kept: PerDatabase[int, str] = PerDatabase(2)
    engine = create_engine("sqlite://")
    kept.put(engine, 1, "a")
    kept.put(engine, 2, "b")
    assert kept.get(engine, 1) == "a"  # 1 is now the most recently used
    kept.put(engine, 3, "c")
    assert kept.keys(engine) == [1, 3]
    kept.drop(engine, 1)
    kept.drop(engine, 99)  # not kept: nothing happens
    assert kept.keys(engine) == [3]
    engine.dispose()
    del engine
    gc.collect()
    assert len(kept._tables) == 0
