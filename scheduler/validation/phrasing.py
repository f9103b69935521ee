"""How the validator's messages quote ids and count things, as people read them."""

from __future__ import annotations

import json
from collections.abc import Iterable


def quoted(values: Iterable[str]) -> str:
    """``['a', 'b']`` as people read it in JSON: ``["a", "b"]``."""
    return json.dumps(list(values), ensure_ascii=False)


def names(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
