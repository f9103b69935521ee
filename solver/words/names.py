"""What a sentence calls a resource, instructor, cohort, request, site or institution.

Planners and colleges know a lab by its name, not by its id: a sentence names each
thing by its name (a request by its title) with the id after it, to find it by
(``“CNC lathe workshop” (lab-3)``; Chinese ``“数控车床车间”（lab-3）``), and by its
quoted id alone when it has no name (``'lab-3'``, as sentences always did; Chinese in
the pages' quotes, ``“lab-3”``).

The name is in curly quotes and the id follows in brackets, so that API redaction
(:func:`api.compose.redact`) can hide another institution's cohort or request whole,
name and all, by that shape. A name therefore keeps no curly quote; its white space
(line breaks, tabs) reads as one space, and a very long one is cut (the id still finds
it). Names are long where ids were short: a list names as many as fit in
:data:`LIST_BUDGET` characters, and :class:`Namer` names a thing in full only the first
time a sentence mentions it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from scheduler.problem import CRequest, Problem
from solver.words import Text

#: A list of names stops before it passes this many characters (English) and counts
#: the rest; it names one at least. Ids alone are short: four of them fit, as before.
LIST_BUDGET = 160

#: Longest name said in full, in characters (a generated L term's cohorts reach 53, with
#: the class number last); longer ones are cut at a space and end in an ellipsis.
MAX_NAME = 64

_SPACE = re.compile(r"\s+")
_CURLY = str.maketrans({"“": '"', "”": '"'})


def label(name: str, id_: str, bare: bool = False) -> Text:
    """``“name” (id)`` in every language's brackets; the quoted id when there is no name
    (or it only repeats the id). ``bare`` leaves that id unquoted in English, as the
    sentences of conflicts name ids."""
    shown = _SPACE.sub(" ", name.translate(_CURLY)).strip()
    if not shown or shown == id_:
        return Text(id_ if bare else f"'{id_}'", quoted_zh(id_))
    if len(shown) > MAX_NAME:
        cut = shown[: MAX_NAME - 1]
        space = cut.rfind(" ")
        shown = (cut[:space] if space > MAX_NAME // 2 else cut).rstrip(" ,;:") + "…"
    return Text(f"“{shown}” ({id_})", f"“{shown}”（{id_}）")


def quoted_zh(id_: str) -> str:
    """An id alone in a Chinese sentence, in the quotes the pages use (``“lab-2”``; it
    read ``'lab-2'`` beside the pages' “”)."""
    return f"“{id_}”"


def how_many(labels: Iterable[Text], limit: int) -> int:
    """How many of ``labels`` a list names before it counts the rest: at most ``limit``,
    and no more than fit in :data:`LIST_BUDGET` characters, but one at least."""
    n = used = 0
    for t in labels:
        used += len(t.en) + 2  # the separator
        if n >= limit or (n and used > LIST_BUDGET):
            break
        n += 1
    return n


def _at(names: tuple[str, ...], i: int) -> str:
    """The ``i``-th name; none for a problem built without names."""
    return names[i] if i < len(names) else ""


#: (name, id) of each kind of thing, by its position in the problem.
KINDS: dict[str, Callable[[Problem, int], tuple[str, str]]] = {
    "resource": lambda p, i: (p.resources[i].name, p.resources[i].id),
    "instructor": lambda p, i: (p.instructors[i].name, p.instructors[i].id),
    "cohort": lambda p, i: (p.cohorts[i].name, p.cohorts[i].id),
    "request": lambda p, i: (p.requests[i].title, p.requests[i].id),
    "site": lambda p, i: (_at(p.site_names, i), p.sites[i]),
    "institution": lambda p, i: (_at(p.institution_names, i), p.institutions[i]),
}


def named(problem: Problem, kind: str, index: int, bare: bool = False) -> Text:
    """The ``kind`` (a key of :data:`KINDS`) at ``index`` of ``problem``, by name and id."""
    return label(*KINDS[kind](problem, int(index)), bare)


def resource(problem: Problem, k: int, bare: bool = False) -> Text:
    """Resource ``k`` (a position in ``problem.resources``) in a sentence."""
    return named(problem, "resource", k, bare)


def instructor(problem: Problem, i: int, bare: bool = False) -> Text:
    """Instructor ``i`` in a sentence."""
    return named(problem, "instructor", i, bare)


def cohort(problem: Problem, c: int, bare: bool = False) -> Text:
    """Cohort ``c`` in a sentence."""
    return named(problem, "cohort", c, bare)


def request(req: CRequest, bare: bool = False) -> Text:
    """A request in a sentence, by its title."""
    return label(req.title, req.id, bare)


def site(problem: Problem, s: int, bare: bool = False) -> Text:
    """Site ``s`` in a sentence."""
    return named(problem, "site", s, bare)


def institution(problem: Problem, i: int, bare: bool = False) -> Text:
    """Institution ``i`` in a sentence."""
    return named(problem, "institution", i, bare)


class Namer:
    """Names things for one sentence at a time: by name and id the first time, by the
    quoted id when the sentence mentions it again (an explanation that names its
    candidate labs and who takes them in its reason, and again in its tail, said every
    name twice)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self._said: set[tuple[str, int]] = set()
        #: full names made so far: an explainer's sentences name the same labs and
        #: requests over and over (a generated L term's 1,469 sentences: 17,437 names
        #: asked for, 1,738 made)
        self._full: dict[tuple[str, int], Text] = {}

    def new_sentence(self) -> None:
        """Forget what was said: the next sentence names everything in full again."""
        self._said.clear()

    def full(self, kind: str, index: int) -> Text:
        """The ``kind`` at ``index`` by name and id, whatever was said before."""
        key = (kind, int(index))
        if key not in self._full:
            self._full[key] = named(self.problem, kind, index)
        return self._full[key]

    def __call__(self, kind: str, index: int) -> Text:
        """The ``kind`` at ``index`` as this sentence names it now (see the class)."""
        key = (kind, int(index))
        if key in self._said:
            return label("", KINDS[kind](self.problem, int(index))[1])
        self._said.add(key)
        return self.full(kind, index)

    def listed(self, kind: str, indices: Iterable[int], limit: int = 4) -> tuple[list[Text], int]:
        """The first of ``indices`` as this sentence names them (as many as
        :func:`how_many` allows, counted on their full names so that a list said again
        names the same ones) and how many more there are."""
        items = [int(i) for i in indices]
        n = how_many((self.full(kind, i) for i in items[:limit]), limit)
        return [self(kind, i) for i in items[:n]], len(items) - n
