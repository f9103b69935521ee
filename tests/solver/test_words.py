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
    assert when == Text("week 3, Tue, slot 1", "第 3 周周二第 1 节")
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


def test_chinese_numbers_stand_apart_from_the_words_as_on_the_pages() -> None:
    """The page writes ``5 次课`` and ``第 1–4、7 周``; the sentences read ``5次课`` and
    ``第1-4、7周`` beside them."""
    from solver.explain.phrases import weeks_text

    assert say("sessions_fit", fit=4, n=5).zh == "5 次课中只能排下 4 次"
    weeks = say("possible_weeks", weeks=weeks_text([0, 1, 2, 3, 6]))
    assert weeks == Text(" (possible weeks: 1-4, 7)", "（可用周次：第 1–4、7 周）")
    assert say("core_weeks", a=1, b=4).zh == "第 1–4 周"
    assert say("ids_more", ids=Text("'a'", "“a”"), n=3).zh == "“a”及另外 3 个"
    # a clause that starts with a number is spaced from the word before it
    clause = say("precedence", order=say("order_binds"), some=say("sessions_fit", fit=2, n=3))
    assert clause.zh.endswith("；在此期间 3 次课中只能排下 2 次")
    # a sign goes with its number; punctuation needs no space
    assert say("term_cost", term=say("term_travel_minutes"), value=1200).zh == "交通分钟数 +1,200"


def test_chinese_spacing_leaves_names_and_ids_as_they_are() -> None:
    """A name holding digits (``数控1班``) is the name people typed: not respaced."""
    from solver.words.names import label

    named = say("ids_more", ids=label("数控1班", "c1"), n=2)
    assert named.zh == "“数控1班”（c1）及另外 2 个"


def test_an_id_alone_is_quoted_in_chinese_as_the_pages_quote() -> None:
    """The pages and the named things quote with “”; an id alone read ``'lab-2'`` in a
    Chinese sentence beside them. English keeps its ASCII quotes."""
    from solver.words.names import label

    assert label("", "lab-2") == Text("'lab-2'", "“lab-2”")
    assert label("lab-2", "lab-2", bare=True) == Text("lab-2", "“lab-2”")
    assert label("CNC lab", "lab-2") == Text("“CNC lab” (lab-2)", "“CNC lab”（lab-2）")
