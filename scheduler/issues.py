"""What is wrong with a document, and where: the one error every reader raises.

Every way a document can be wrong - unreadable file, malformed JSON, wrong types,
unknown keys, dangling ids, hopeless requests - ends in one :class:`ScenarioError`
whose :class:`Issue` list names each place (``requests[4].cohort``) and problem
("unknown cohort 'x'"). Callers (CLI, API) print the issues; nobody sees a traceback.
Kept apart from the reading so that validation, the checker and the spreadsheets can
speak of issues without loading the JSON reader or pydantic's error translation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in a document: where (``requests[4].cohort``; ``""`` = the whole
    document) and what, in words a planner understands."""

    path: str
    message: str
    #: What kind of problem, for readers that say it in other words (``""``: none named),
    #: and the values its words need: the JSON reader's refusals carry them so that the
    #: API can give their Chinese without reading the English back.
    code: str = ""
    params: tuple[tuple[str, str | int], ...] = ()

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class ScenarioError(Exception):
    """A document was rejected; ``issues`` lists every reason (never empty)."""

    def __init__(self, issues: Iterable[Issue], warnings: Iterable[Issue] = ()) -> None:
        self.issues: list[Issue] = list(issues)
        self.warnings: list[Issue] = list(warnings)
        n = len(self.issues)
        head = "1 problem" if n == 1 else f"{n} problems"
        super().__init__(f"{head}: " + "; ".join(str(i) for i in self.issues))


# --------------------------------------------------------------------------- paths


def format_path(loc: Iterable[str | int]) -> str:
    """``("requests", 4, "cohort")`` -> ``"requests[4].cohort"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
