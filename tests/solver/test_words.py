"""The sentence catalogue: every English template has a Chinese one with the same facts."""

from __future__ import annotations

import string

import pytest

from scheduler.problem import UnmetAssignment
from solver.words import EMPTY, Text, en, join, prefixed, say, zh

#: Facts only English grammar needs (plural endings, is/are, both/all).
ENGLISH_ONLY = {"s", "be", "both"}


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_both_catalogues_have_the_same_keys() -> None:
    assert set(en.TEMPLATES) == set(zh.TEMPLATES)


@pytest.mark.parametrize("key", sorted(en.TEMPLATES))
def test_the_chinese_template_states_the_same_facts(key: str) -> None:
    english, chinese = _fields(en.TEMPLATES[key]), _fields(zh.TEMPLATES[key])
    assert chinese == english - ENGLISH_ONLY, key


def test_facts_are_taken_in_each_language() -> None:
    when = say("when", week=3, day=say("day_2"), slot=1)
    assert when == Text("week 3, Tue, slot 1", "第3周周二第1节")
    ids = join([Text("'a'", "'a'"), Text("'b'", "'b'")], "list")
    assert ids == Text("'a', 'b'", "'a'、'b'")
    assert say("tail", also=say("also_travel", trip=EMPTY), some=say("no_session_fits")) == Text(
        "; counting the travel between sites too, no session fits",
        "；再计入不同地点之间的交通时间，一次课也排不下",
    )


def test_a_prefix_goes_before_every_language_the_entry_has() -> None:
    u = UnmetAssignment(0, 1, "capacity", "full", {"zh": "已满"})
    assert prefixed(u, Text("A: ", "甲：")) == UnmetAssignment(
        0, 1, "capacity", "A: full", {"zh": "甲：已满"}
    )
    bare = UnmetAssignment(0, 1, "capacity", "full")
    assert prefixed(bare, Text("A: ", "甲：")).messages == {}


def test_a_prefix_that_ends_a_sentence_starts_the_next_in_capitals() -> None:
    """The reasons' sentences begin in lower case; after a lead that ends with a full stop
    (a required request greedy could not meet) one read "... finds out). the posts ..."."""
    u = UnmetAssignment(0, 1, "intern_capacity", "the posts (p1) are full", {"zh": "岗位已满"})
    out = prefixed(u, say("unproven"))
    assert out.message.endswith("(the cpsat solver finds out). The posts (p1) are full")
    assert out.messages["zh"].endswith("岗位已满")
    quoted = UnmetAssignment(0, 1, "capacity", "“Lab 1” is full")
    assert prefixed(quoted, say("unproven")).message.endswith(". “Lab 1” is full")
