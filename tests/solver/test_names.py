"""How a sentence names a thing: by its name with the id, or by its quoted id alone."""

from __future__ import annotations

import pytest

from scheduler.compile import compile_scenario
from scheduler.problem import Problem
from solver.words import Text
from solver.words.names import LIST_BUDGET, MAX_NAME, Namer, how_many, label
from tests.strategies import scenario_doc


def test_a_named_thing_reads_name_then_id_in_each_languages_brackets() -> None:
    assert label("CNC lathe workshop", "lab-3") == Text(
        "“CNC lathe workshop” (lab-3)", "“CNC lathe workshop”（lab-3）"
    )


@pytest.mark.parametrize("name", ["", "  ", "lab-3", " lab-3\n"])
def test_without_a_name_of_its_own_the_quoted_id_is_said(name: str) -> None:
    """No name, or one that only repeats the id: the id, quoted as sentences always had it
    (``bare``: unquoted in English, as conflicts name ids); in Chinese in the pages' “”."""
    assert label(name, "lab-3") == Text("'lab-3'", "“lab-3”")
    assert label(name, "lab-3", bare=True) == Text("lab-3", "“lab-3”")


def test_a_name_keeps_no_curly_quote_nor_line_break() -> None:
    """Redaction finds a named item by its curly quotes: a name may not fake them, and
    a line break would split a report's table row."""
    said = label("The “new”\nworkshop", "lab-3")
    assert said.en == '“The "new" workshop” (lab-3)'


def test_a_long_name_is_cut_at_a_space_and_the_id_still_finds_it() -> None:
    name = "金州 大连经济技术开发区产业园 Jinzhou, Dalian Economic & Technological Development Zone"
    said = label(name, "jinzhou-dda-park").en
    shown = said[1 : said.index("”")]
    assert len(shown) <= MAX_NAME and shown.endswith("…")
    assert name.startswith(shown[:-1]) and name[len(shown) - 1] == " "
    assert said.endswith(" (jinzhou-dda-park)")


def _labs(names: list[str]) -> Problem:
    """A problem whose labs are called ``names`` (ids lab-0, lab-1, ...)."""
    return compile_scenario(
        scenario_doc(resources=[{"id": f"lab-{k}", "name": n} for k, n in enumerate(names)])
    )


def test_a_sentence_names_a_thing_in_full_the_first_time_only() -> None:
    namer = Namer(_labs(["CNC lathe workshop"]))
    assert namer("resource", 0).en == "“CNC lathe workshop” (lab-0)"
    assert namer("resource", 0) == Text("'lab-0'", "“lab-0”")
    namer.new_sentence()
    assert namer("resource", 0).en == "“CNC lathe workshop” (lab-0)"


def test_a_list_names_as_many_as_fit_and_the_same_ones_again() -> None:
    """Ids are short: four named as always. Long names: fewer, and a list said again
    (by ids now) names the same ones, so that its count of the rest agrees."""
    assert Namer(_labs([""] * 6)).listed("resource", range(6)) == (
        [Text(f"'lab-{k}'", f"“lab-{k}”") for k in range(4)],
        2,
    )
    namer = Namer(_labs([f"public training hall {k} of the industrial park" for k in range(6)]))
    shown, more = namer.listed("resource", range(6))
    assert 1 <= len(shown) < 4 and more == 6 - len(shown)
    assert sum(len(t.en) + 2 for t in shown) <= LIST_BUDGET
    assert namer.listed("resource", range(6)) == (
        [Text(f"'lab-{k}'", f"“lab-{k}”") for k in range(len(shown))],
        more,
    )
    assert how_many([Text("x" * 500, "x")], 4) == 1  # one at least, however long
