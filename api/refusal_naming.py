"""Refusals with things named: each quoted id of a cohort, request, resource, instructor,
site or institution that has a name becomes ``“Welding class 1” (col-b/b-weld-1)``
(Chinese ``“…”（…）``).

The validator (:mod:`scheduler.validation`) quotes ids, while the explanations of a
schedule name things by their name with the id after it (:mod:`solver.words.names`). A
refusal of a submission or an extra request has its scenario at hand, so
:class:`Naming` names there too, in the shape API redaction
(:func:`api.compose.redact`) hides whole, name and all, when the item is another
institution's. An id two kinds share under different names stays quoted, and so do the
features and skills a sentence quotes (``lacks 'cnc'``) even where an id is spelt alike.
:func:`api.refusal_words.worded` applies it to both languages.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from solver.words import Text
from solver.words.names import label

#: The scenario's lists of named things and the field holding each one's name.
_NAMED_KINDS = (
    ("cohorts", "name"),
    ("requests", "title"),
    ("resources", "name"),
    ("instructors", "name"),
    ("sites", "name"),
    ("institutions", "name"),
)


#: Spans whose quoted words are features or skills, never ids (left as written).
_NOT_IDS = re.compile(
    r"lacks '[^']*'(?:, '[^']*')*|no \w+ lists '[^']*'; did you mean '[^']*'\?"
    r"|缺少'[^']*'(?:、'[^']*')*|具备'[^']*'，是否指'[^']*'？"
)


#: Lists whose items are ids said bare, each with a number (people, places) or after
#: ``cohort``: a request's people (``headcount 38 (b-weld-1 18, b-new 20)``), the
#: resources or posts it might use (``together (20: weld-shop 20)``); in either language.
_LISTS = re.compile(
    r"(?P<head>headcount \d+ \(|together \(\d+: |\(\d+ places a week: "
    r"|人数 \d+（|容量之和（\d+：|（每周 \d+ 个名额：)(?P<items>[^()（）]+?)(?=[)）])"
)

#: What separates a list's items, by language: Chinese lists with the enumeration comma,
#: as the explanations (``sep_list`` of :mod:`solver.words.zh`) and the pages do.
LIST_SEP = {"en": ", ", "zh": "、"}


class Naming:
    """Names the quoted ids of a scenario's things in a sentence (see the module).

    The scenario is read once a sentence asks for it, and only into a dict of names by
    id: every write of a large term is checked this way, most refuse nothing, and a
    pattern of all its ids took seconds to compile.
    """

    def __init__(self, scenario: dict[str, Any], own: str | None = None) -> None:
        """``own``: an institution whose items are also said by their plain ids (an
        extra request's refusal names the caller's cohort as the caller wrote it)."""
        self.scenario = scenario
        self.own = own

    @cached_property
    def names(self) -> dict[str, str]:
        """The name of each id that has one (and shares its id with nothing named else)."""
        names: dict[str, str | None] = {}
        own = self.own
        for kind, field in _NAMED_KINDS:
            for x in self.scenario.get(kind) or []:
                if not isinstance(x, dict) or not isinstance(x.get("id"), str):
                    continue
                name = x.get(field) if isinstance(x.get(field), str) else ""
                ids = [x["id"]]
                if own is not None and x["id"].startswith(own + "/"):
                    ids.append(x["id"][len(own) + 1 :])
                for id_ in ids:
                    if id_ in names and names[id_] != name:
                        names[id_] = None  # two things, two names: say the id alone
                    else:
                        names[id_] = name
        return {i: n for i, n in names.items() if n}

    def label(self, id_: str) -> Text | None:
        """The thing ``id_`` by name and id; None when it has no name to say."""
        name = self.names.get(id_)
        if name is None:
            return None
        text = label(name, id_)
        return None if text.en == f"'{id_}'" else text

    def __call__(self, sentence: str, lang: str = "en") -> str:
        """``sentence`` (in ``lang``) with the quoted ids of named things named, and the
        bare ones of its lists (:data:`_LISTS`)."""
        if not self.names:
            return sentence
        if "'" in sentence:
            out, at = [], 0
            for kept in _NOT_IDS.finditer(sentence):
                out += [self._name(sentence[at : kept.start()], lang), kept[0]]
                at = kept.end()
            sentence = "".join([*out, self._name(sentence[at:], lang)])
        return _LISTS.sub(lambda m: self._listed(m, lang), sentence)

    def _listed(self, m: re.Match[str], lang: str) -> str:
        """A list's items named: ``b-weld-1 18`` (an id and its people or places) and
        ``cohort b-weld-1``; an id with a list's punctuation in it stays as written."""
        sep = LIST_SEP[lang]
        items = []
        for item in m["items"].split(sep):
            one = re.fullmatch(r"(?P<pre>cohort |班级 )(?P<id>.+)|(?P<id2>.+)(?P<n> \d+)", item)
            said = None
            if one is not None:
                said = self.label(one["id"] or one["id2"])
            if one is None or said is None:
                items.append(item)
            else:
                items.append(f"{one['pre'] or ''}{said.get(lang)}{one['n'] or ''}")
        return m["head"] + sep.join(items)

    def _name(self, part: str, lang: str) -> str:
        """Each quoted id of ``part`` that names something named: an id may hold an
        apostrophe, so the longest quoted span that is an id is taken."""
        quotes = [i for i, c in enumerate(part) if c == "'"]
        out, at, k = [], 0, 0
        while k < len(quotes):
            p = quotes[k]
            hit = next(
                (
                    (j, said)
                    for j in range(len(quotes) - 1, k, -1)
                    if (said := self.label(part[p + 1 : quotes[j]])) is not None
                ),
                None,
            )
            if hit is None:
                k += 1
                continue
            j, said = hit
            out += [part[at:p], said.get(lang)]
            at, k = quotes[j] + 1, j + 1
        return "".join([*out, part[at:]])


def no_naming(sentence: str, lang: str = "en") -> str:
    """A :class:`Naming` without a scenario: the sentence as it is."""
    return sentence
