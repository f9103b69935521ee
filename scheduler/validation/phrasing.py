"""How the validator's messages quote ids and count things, as people read them."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable


def quoted(values: Iterable[str]) -> str:
    """``['a', 'b']`` as people read it in JSON: ``["a", "b"]``."""
    return json.dumps(list(values), ensure_ascii=False)


def names(values: Iterable[str]) -> str:
    """Ids in single quotes, comma-separated, for messages: ``'a', 'b'``."""
    return ", ".join(f"'{v}'" for v in values)


def plural(n: int, word: str) -> str:
    """``n word``, with an ``s`` unless ``n`` is 1 (regular English plurals only)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def misspelt(wanted: Iterable[str], known: Iterable[str], what: str) -> str:
    """A hint for words nobody has that look like one somebody has: ``'logistic'`` asked
    while instructors list ``'logistics'`` (ids get 'did you mean'; skills and features
    got only the closest instructors or resources, which lacked them all)."""
    pool = sorted(set(known))
    hints = []
    for word in wanted:
        if word in pool:
            continue
        close = difflib.get_close_matches(word, pool, n=1, cutoff=0.75)
        if close:
            hints.append(f"no {what} lists '{word}'; did you mean '{close[0]}'?")
    return f" ({'; '.join(hints)})" if hints else ""
