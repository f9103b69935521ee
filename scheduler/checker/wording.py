"""How the checker's messages name times and counts, as people say them."""

from __future__ import annotations

DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def when(week: int, day: int, slot: int, duration: int = 1) -> str:
    """'week 3 Tue slot 1-2' as people say it."""
    name = DAY_NAMES[day - 1] if 1 <= day <= 7 else f"day {day}"
    slots = f"slot {slot}" if duration == 1 else f"slot {slot}-{slot + duration - 1}"
    return f"week {week} {name} {slots}"


def plural(n: int, word: str) -> str:
    """``n word`` with an English plural; ``person`` becomes ``people``."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} people" if word == "person" else f"{n} {word}s"
