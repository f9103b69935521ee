"""The checker's refusals of a change to days gone by read in Chinese too.

A change that breaks bookings of days gone by is refused with the checker's sentence per
booking (:func:`api.base_changes.past_errors`), in English only: ``messages`` carries
their Chinese now, with the same ids and numbers.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from api.base_changes import (
    base_of,
    broken_bookings,
    outgrown_bookings,
    past_errors,
    resized,
    with_base,
    with_request,
)
from api.past_words import zh
from tests.api.conftest import check
from tests.api.test_broken_bookings import CASES, _published

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"\b(the|and|of|is|are|in|for|request|session|week|people|room|day)\b")


def _past_sentences() -> list[str]:
    """What the checker says of each booking of days gone by that a change breaks: a
    request withdrawn or changed, a cohort grown, each base change of the tiny term."""
    scenario, schedule = _published()
    check(scenario, schedule)
    requests = {r["id"]: r for r in scenario["requests"]}
    changed: list[dict[str, Any]] = [
        with_request(scenario, "r-b-weld", None),
        with_request(scenario, "r-a-intern", None),
        with_request(scenario, "r-b-weld", {**requests["r-b-weld"], "sessions": 1}),
        with_request(scenario, "r-b-weld", {**requests["r-b-weld"], "window": [{"weeks": [2, 2]}]}),
        with_request(scenario, "r-a-intern", {**requests["r-a-intern"], "weeks": 2}),
        with_request(scenario, "r-b-cnc", {**requests["r-b-cnc"], "needs": ["welding"]}),
        with_request(scenario, "r-b-cnc", {**requests["r-b-cnc"], "pattern": "block"}),
    ]
    for change, _ in CASES.values():
        base = copy.deepcopy(base_of(scenario))
        change(base)
        changed.append(with_base(scenario, base))
    said = [m for c in changed for _, m in broken_bookings(scenario, schedule, c, 10).past]
    grown, restated = resized(scenario, schedule, "b-weld-1", 21)
    said += [m for _, m in broken_bookings(scenario, schedule, grown, 10, restated).past]
    for cohort, size in (("b-weld-1", 25), ("a-cnc-1", 35)):
        said += [m for _, m in outgrown_bookings(scenario, schedule, scenario, cohort, size, 10)]
    return said


def test_every_refusal_of_a_change_to_the_past_reads_in_chinese() -> None:
    said = _past_sentences()
    assert len(said) > 20
    ids = re.compile(r"\b(?:r-[a-z-]+|[a-z]+-(?:lab|shop|x|zhao|weld-1|cnc-1)|campus-[ab])\b")
    for english in said:
        chinese = zh(english)
        assert chinese is not None, english
        assert _CJK.search(chinese), chinese
        bare = re.sub(r"'[^']*'", "", chinese)
        assert not _ENGLISH.search(bare), (english, chinese)
        for number in re.findall(r"\d+", english):
            assert number in chinese, (number, english, chinese)
        for id_ in ids.findall(english):
            assert id_ in chinese, (id_, english, chinese)


def test_the_refusal_entries_carry_their_chinese() -> None:
    """A sentence no pattern knows keeps its English alone (no ``messages``)."""
    (known, odd) = past_errors(
        [
            ("sessions[0]", "request r-1 session 2 (week 1 Mon slot 3-4): the day is closed"),
            ("sessions[1]", "request r-1 session 3: something new"),
        ]
    )
    assert known["messages"] == {"zh": "需求 r-1 第 2 次课（第 1 周周一第 3–4 节）：该日停课"}
    assert "messages" not in odd and odd["msg"] == "request r-1 session 3: something new"
