"""English count phrases read right for one ("1 of 1 internships placed" was plural)."""

from __future__ import annotations

import pytest

from scheduler.reports.labels import counted, fill, label


@pytest.mark.parametrize(
    ("sessions", "placed", "shown"),
    [(1, 1, "1 session, 1 internship"), (0, 2, "0 sessions, 2 internships")],
)
def test_the_cli_summary_counts_in_the_singular_for_one(
    sessions: int, placed: int, shown: str
) -> None:
    assert fill(label("cli_scheduled_value", "en"), sessions=sessions, placed=placed) == shown
    assert fill(label("cli_scheduled_value", "zh"), sessions=1, placed=1) == "1 课次，1 项实习"


def test_a_re_solve_s_lines_count_in_the_singular_for_one() -> None:
    kept = fill(label("cli_resolved_from", "en"), day="week 2, Monday", kept=1)
    assert "1 request under way" in kept and "(s)" not in kept
    dropped = fill(label("cli_kept_dropped", "en"), dropped=1)
    assert "1 published booking " in dropped and "(s)" not in dropped


def test_a_unit_after_a_count_is_singular_for_one_in_english() -> None:
    assert counted(1, "sessions", "en") == "1 session"
    assert counted(2, "sessions", "en") == "2 sessions"
    assert counted(1, "people", "en") == "1 person"
    assert counted(1.0, "slot_hours", "en", "1") == "1 slot-hour"
    assert counted(54, "slot_hours", "en") == "54 slot-hours"
    assert counted(1, "sessions", "zh") == "1 课次"


def test_a_word_pair_picks_the_singular_for_one() -> None:
    assert fill("{n} {n:person|people}", n=1) == "1 person"
    assert fill("{n} {n:person|people}", n=3) == "3 people"


def test_a_format_spec_of_a_text_field_is_left_as_it_is() -> None:
    assert fill("{name:s} has {n} item{n:s}", name="x", n=1) == "x has 1 item"
    assert fill("{flag:s}", flag="on") == "on"


@pytest.mark.parametrize(
    ("n", "shown"),
    [(1.0, "1.0 session"), ("1", "1 session"), ("1,234", "1,234 sessions"), (2.5, "2.5 sessions")],
)
def test_a_count_given_as_a_float_or_written_out_still_counts(n: object, shown: str) -> None:
    assert fill("{n} session{n:s}", n=n) == shown
    assert fill("{n:person|people}", n=n) == ("person" if shown.endswith("session") else "people")


def test_a_text_under_the_s_spec_stays_the_text() -> None:
    assert fill("{name:s}", name="Lab A") == "Lab A"
