"""Requests, cohorts and resources named in the refusals of a change to days gone by.

The checker names a booking by its request's bare id (``request col-b/r-7 session 1``)
and a thing it lost by its quoted id (``unknown cohort 'col-b/b1'``), while the rest of
the product names things by name with the id after it (:func:`solver.words.names.label`:
``“Welding basics” (col-b/r-7)``, Chinese ``“焊接基础”（col-b/r-7）``). That shape is the
one API redaction (:func:`api.compose.redact`) hides whole, name and all, when the item
is another institution's, and shows with its id plain when it is the reader's own.

:class:`PastNames` names each request, cohort, resource and teacher of the published
scenario where such a sentence mentions it first (later mentions keep the id: ``request “T” (r)
session 1: unknown request 'r'``). Ids are free text (spaces, apostrophes): an id is
read whole from the scenario's ids, the longest that fits, never by its shape; a
resource, said with no word before it (``hall holds 44 people``), only where the
checker's sentences put one (:data:`_RESOURCE_AT`, :data:`_RESOURCE_THEN`), and a
teacher likewise or in a request's list of teachers (:data:`_TEACHER_LIST`). A resource
whose id another institution's items could have (``col-a/hall``) is hidden by redaction
name and all, as it hid the bare id; so is a teacher's (``col-a/t-zhou``).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from solver.words.names import label

#: Words before a bare id, by language: the request of a booking (``request r-1
#: session 2``, ``internship r-1 asks``), a cohort or teacher that travels (``cohort b1
#: needs``, ``instructor t-li needs``).
_BEFORE = {
    "en": re.compile(r"(?<![\w-])(?:(?P<r>request|internship)|(?P<c>cohort)|(?P<t>instructor)) "),
    "zh": re.compile(r"(?:(?P<r>需求)|(?P<c>班级)|(?P<t>教师)) "),
}
#: A quoted id after its kind (``unknown request 'r-1'``; Chinese ``需求'r-1'``).
_QUOTED = {
    "en": re.compile(
        r"(?<![\w-])(?:(?P<r>request)|(?P<c>cohort)|(?P<s>resource)|(?P<t>instructor)) '"
    ),
    "zh": re.compile(r"(?:(?P<r>需求)|(?P<c>班级)|(?P<s>资源)|(?P<t>教师))'"),
}
#: Where the checker's sentences (and :mod:`api.past_words`) may start a resource's bare
#: id: a sentence's start, after its booking, in a placement, a session's part, a time's
#: owner window, a week outside its hours, where a teacher booked twice already teaches.
_RESOURCE_AT = {
    "en": re.compile(r"^|: |placement in |the part in |slot \d+(?:-\d+)? of |outside |\) in "),
    "zh": re.compile(r"^|：| 在 |不在 |已在 "),
}
#: What follows a resource's bare id there (a bare id ends only where one of these starts).
_RESOURCE_THEN = {
    "en": (" (week ", " holds ", " is not open to ", " is kept for its owner", "'s 'available'",
           " lacks the needed", " is not available in ", " needs an instructor and names",
           " at the same time"),
    "zh": (" 的实习", " 在第", " 不向 ", " 的第", " 的'available'", " 缺少所需",
           " 上的部分需要教师", " 教需求"),
}  # fmt: skip
#: What follows a teacher's bare id, where a resource's may start (:data:`_RESOURCE_AT`).
_TEACHER_THEN = {
    "en": (" is not available in ", " lacks the skill(s) ", " teaches ",
           " is not among the request's instructors (", " already teaches "),
    "zh": (" 在第", " 不具备所需技能", " 不在该需求的", " 同一时间已在"),
}  # fmt: skip
#: Where a list of a request's teachers starts, and what ends each of them.
_TEACHER_LIST = {
    "en": ("the request's instructors (", (", ", ")")),
    "zh": ("的'instructors'（", ("、", "）")),
}


class PastNames:
    """Names the requests (by title), cohorts, resources and teachers (by name) of a composed
    ``scenario`` in the sentences of :func:`api.base_changes.past_errors`; read once
    asked."""

    def __init__(self, scenario: dict[str, Any]) -> None:
        self.scenario = scenario

    @cached_property
    def _ids(self) -> dict[str, dict[str, str]]:
        """Kind (``r``, ``c``, ``s`` for resources, ``t`` for teachers) -> id -> name (""
        when it has none). An id a resource and a teacher share stays unnamed: ``x is not
        available`` is said of either."""
        out: dict[str, dict[str, str]] = {"r": {}, "c": {}, "s": {}, "t": {}}
        kinds = (
            ("requests", "r", "title"),
            ("cohorts", "c", "name"),
            ("resources", "s", "name"),
            ("instructors", "t", "name"),
        )
        for key, kind, field in kinds:
            for x in self.scenario.get(key) or []:
                if isinstance(x, dict) and isinstance(x.get("id"), str):
                    name = x.get(field)
                    out[kind][x["id"]] = name if isinstance(name, str) else ""
        for shared in out["s"].keys() & out["t"].keys():
            del out["s"][shared], out["t"][shared]
        return out

    def __call__(self, sentence: str, lang: str) -> str:
        """``sentence`` (in ``lang``, ``en`` or ``zh``) with its requests, cohorts,
        resources and teachers named at their first mention."""
        if not any(self._ids.values()):
            return sentence
        said: set[tuple[str, str]] = set()
        out, at = [], 0
        for start, end, kind, id_ in self._mentions(sentence, lang):
            if start < at:
                continue
            named = self._label(kind, id_, lang)
            if named is None or (kind, id_) in said:
                continue
            said.add((kind, id_))
            out += [sentence[at:start], named]
            at = end
        return "".join([*out, sentence[at:]])

    def _mentions(self, sentence: str, lang: str) -> list[tuple[int, int, str, str]]:
        """(start, end, kind, id) of each id said after its kind, bare or quoted, in
        the order they come: the span is the id's (a quoted one's with its quotes; in
        Chinese a bare one's with the spaces around it, as a name needs none)."""
        found = []
        for m in _BEFORE[lang].finditer(sentence):
            kind = next(k for k in ("r", "c", "t") if m[k])
            id_ = self._longest(sentence, m.end(), kind, " ")
            if id_ is not None:
                end = m.end() + len(id_)
                if lang == "zh":
                    found.append((m.end() - 1, end + 1, kind, id_))
                else:
                    found.append((m.end(), end, kind, id_))
        for m in _QUOTED[lang].finditer(sentence):
            kind = next(k for k in ("r", "c", "s", "t") if m[k])
            id_ = self._longest(sentence, m.end(), kind, "'")
            if id_ is not None:
                found.append((m.end() - 1, m.end() + len(id_) + 1, kind, id_))
        found += self._bare(sentence, lang, "s", _RESOURCE_THEN[lang])
        found += self._listed(sentence, lang)
        return sorted(found + self._bare(sentence, lang, "t", _TEACHER_THEN[lang]))

    def _listed(self, sentence: str, lang: str) -> list[tuple[int, int, str, str]]:
        """The teachers of a request's list (``the request's instructors (a, b)``), as
        :meth:`_mentions` gives them; an item that is no teacher's id is passed over to
        the next comma."""
        start, ends = _TEACHER_LIST[lang]
        at = sentence.find(start)
        if at < 0:
            return []
        at += len(start)
        teachers, found = self._ids["t"], []
        while at < len(sentence):
            cuts = [i for i in range(len(sentence), at, -1) if sentence.startswith(ends, i)]
            id_ = next((sentence[at:i] for i in cuts if sentence[at:i] in teachers), None)
            if id_ is not None:
                found.append((at, at + len(id_), "t", id_))
            comma = sentence.find(ends[0], at + len(id_ or ""))
            if comma < 0:
                break
            at = comma + len(ends[0])
        return found

    def _bare(
        self, sentence: str, lang: str, kind: str, then: tuple[str, ...]
    ) -> list[tuple[int, int, str, str]]:
        """The bare resource (or teacher) ids of ``sentence`` (:data:`_RESOURCE_AT`),
        each followed by one of ``then``, as :meth:`_mentions` gives them (in Chinese
        with the spaces around them)."""
        ids = self._ids[kind]
        found = []
        for m in _RESOURCE_AT[lang].finditer(sentence):
            at = m.end()
            ends = [i for i in range(len(sentence), at, -1) if sentence.startswith(then, i)]
            id_ = next((sentence[at:i] for i in ends if sentence[at:i] in ids), None)
            if id_ is None:
                continue
            start, end = at, at + len(id_)
            if lang == "zh":
                start -= sentence[start - 1 : start] == " "
                end += sentence[end : end + 1] == " "
            found.append((start, end, kind, id_))
        return found

    def _longest(self, sentence: str, at: int, kind: str, stop: str) -> str | None:
        """The longest id of ``kind`` that starts at ``at`` and is followed by
        ``stop``; None when none is."""
        ends = [i for i in range(len(sentence) - 1, at, -1) if sentence[i] == stop]
        ids = self._ids[kind]
        return next((sentence[at:i] for i in ends if sentence[at:i] in ids), None)

    def _label(self, kind: str, id_: str, lang: str) -> str | None:
        """The thing by name and id; None when it has no name to say."""
        name = self._ids[kind].get(id_, "")
        text = label(name, id_)
        return None if text.en == f"'{id_}'" else text.get(lang)
