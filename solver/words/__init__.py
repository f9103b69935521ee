"""Sentences for people in every language of the reports, built from one set of facts.

An explanation is worded once per language from a catalogue of templates
(:mod:`solver.words.en`, :mod:`solver.words.zh`), so the English ``message`` and the
Chinese ``messages["zh"]`` of an ``unmet`` entry or a conflict can never disagree about
an id, a week or a count: the facts are computed once and formatted into each template.

Things are named by name with the id after them (:mod:`solver.words.names`), or by their
quoted id (``'lab-2'``; Chinese ``“lab-2”``) when they have no name: API redaction
(:func:`api.compose.redact`) finds other institutions' items by either shape.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from scheduler.problem import UnmetAssignment
from solver.words import en, zh

#: Languages beside English that a schedule's ``messages`` carry.
OTHER_LANGS: tuple[str, ...] = ("zh",)

_CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEMPLATES, "zh": zh.TEMPLATES}


@dataclass(frozen=True, slots=True)
class Text:
    """One sentence (or part of one) in English and in Chinese."""

    en: str
    zh: str

    def __add__(self, other: Text) -> Text:
        return Text(self.en + other.en, self.zh + other.zh)

    def __bool__(self) -> bool:
        return bool(self.en)

    def get(self, lang: str) -> str:
        """The text in ``lang``; any language but ``zh`` reads English."""
        return self.zh if lang == "zh" else self.en

    def others(self) -> dict[str, str]:
        """The ``messages`` field of a schedule entry: every language but English."""
        return {lang: self.get(lang) for lang in OTHER_LANGS}


EMPTY = Text("", "")


def plain(value: str) -> Text:
    """A fact that reads the same in every language (an id, a number)."""
    return Text(value, value)


def say(key: str, **facts: Any) -> Text:
    """The catalogue's sentence ``key`` with ``facts`` filled in, in every language.

    A fact that is itself a :class:`Text` is taken in the template's language; other
    facts (ids, numbers) are the same everywhere. Templates may leave facts unused
    (English plurals mean nothing in Chinese).
    """
    return Text(*(_fill(lang, key, facts) for lang in ("en", "zh")))


def _fill(lang: str, key: str, facts: dict[str, Any]) -> str:
    values = {k: v.get(lang) if isinstance(v, Text) else v for k, v in facts.items()}
    if lang == "zh":
        return spaced(_CATALOGUES[lang][key], values)
    return _CATALOGUES[lang][key].format(**values)


_FORMATTER = string.Formatter()

#: The week ranges' dash in Chinese, as the pages write them (``第 1–4、7 周``).
ZH_DASH = "–"


def _cjk(c: str) -> bool:
    """A Chinese character (the words a number stands apart from; not punctuation)."""
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def _numeric_start(s: str) -> bool:
    """``s`` begins with a number, its sign with it (``+20``, ``-3``)."""
    return s[:1].isascii() and (s[:1].isdigit() or (s[:1] in "+-" and s[1:2].isdigit()))


def space_between(left: str, right: str) -> str:
    """``left`` and ``right`` joined as the pages write Chinese: a number stands apart from
    the Chinese words around it by a space (``第 3 周``, ``5 次课``); punctuation, quotes
    and brackets take none."""
    if not (left and right):
        return left + right
    number_then_word = left[-1].isascii() and left[-1].isdigit() and _cjk(right[0])
    if number_then_word or (_cjk(left[-1]) and _numeric_start(right)):
        return f"{left} {right}"
    return left + right


def spaced(template: str, values: dict[str, Any]) -> str:
    """``template.format(**values)`` with a space where a number meets a Chinese word at a
    fact's edge (:func:`space_between`). Only the template's joins are spaced: a name or id
    holding digits (``数控1班``) reads as it was typed."""
    out = ""
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        out = space_between(out, literal)
        if field is None:
            continue
        value, _ = _FORMATTER.get_field(field, (), values)
        value = _FORMATTER.convert_field(value, conversion)
        out = space_between(out, _FORMATTER.format_field(value, spec or ""))
    return out


def join(parts: Iterable[Text], sep: str) -> Text:
    """``parts`` joined by the catalogue's separator ``sep`` (``"list"``, ``"and"``, ...)."""
    items = list(parts)
    return Text(
        *(_CATALOGUES[lang][f"sep_{sep}"].join(p.get(lang) for p in items) for lang in ("en", "zh"))
    )


def prefixed(unmet: UnmetAssignment, lead: Text) -> UnmetAssignment:
    """``unmet`` with ``lead`` put before its sentence in every language it has.

    A language the entry lacks stays missing: half a sentence in Chinese followed by
    nothing would read worse than the English. After a lead that ends a sentence, the
    English one starts with a capital.
    """
    message = unmet.message
    if lead.en.endswith(". "):
        # the reasons' sentences begin in lower case, to follow a code or a colon
        message = message[:1].upper() + message[1:]
    return replace(
        unmet,
        message=lead.en + message,
        messages={k: lead.get(k) + v for k, v in unmet.messages.items()},
    )
