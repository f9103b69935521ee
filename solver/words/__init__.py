"""Sentences for people in every language of the reports, built from one set of facts.

An explanation is worded once per language from a catalogue of templates
(:mod:`solver.words.en`, :mod:`solver.words.zh`), so the English ``message`` and the
Chinese ``messages["zh"]`` of an ``unmet`` entry or a conflict can never disagree about
an id, a week or a count: the facts are computed once and formatted into each template.

Things are named by name with the id after them (:mod:`solver.words.names`), or by their
quoted id (``'lab-2'``) in every language when they have no name: API redaction
(:func:`api.compose.redact`) finds other institutions' items by either shape.
"""

from __future__ import annotations

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
    return _CATALOGUES[lang][key].format(**values)


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
