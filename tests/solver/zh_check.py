"""What a Chinese sentence must share with its English one: the same facts, in Chinese."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUOTED = re.compile(r"'[^']*'")
#: A thing named by its name, then its id (solver.words.names): the name in either language
_NAMED_EN = re.compile(r"“([^“”]*)” \(([^()]*)\)")
_NAME = re.compile(r"“[^“”]*”")
_NUMBER = re.compile(r"\d+(?:,\d{3})*")
#: English words no Chinese sentence should still contain outside quoted ids and names
_ENGLISH = re.compile(r"\b(the|and|of|is|are|session|sessions|fit|fits|week|weeks|only)\b")


def assert_same_facts(en: str, zh: str | None, ids: tuple[str, ...] = ()) -> None:
    """``zh`` is Chinese and names every quoted id, every named thing (its name and id, in
    Chinese brackets), every number and every id of ``ids`` (quoted) that ``en`` names."""
    assert zh, f"no Chinese sentence for {en!r}"
    assert _CJK.search(zh), zh
    assert not _ENGLISH.search(_QUOTED.sub("", _NAME.sub("", zh))), zh
    # an id alone is in the pages' quotes, as a name is; ASCII quotes are for code words
    # ('after', 'cpsat')
    for name, id_ in _NAMED_EN.findall(en):
        assert f"“{name}”（{id_}）" in zh, (name, id_, zh)
    for quoted in _QUOTED.findall(_NAME.sub("", en)):
        assert f"“{quoted[1:-1]}”" in zh or quoted in zh, (quoted, zh)
    for number in _NUMBER.findall(en):
        assert number in zh, (number, en, zh)
    for i in ids:
        assert f"“{i}”" in zh, (i, zh)
