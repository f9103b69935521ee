"""The ``.ectt`` parser: every shared instance matches its own header; bad files fail by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.itc2007.ectt import EcttError, load_instance, parse_instance
from tests.benchmarks.conftest import ALL_INSTANCES, instance_path


def _header_value(text: str, key: str) -> list[int]:
    match = re.search(rf"^{key}:\s*(.+)$", text, flags=re.MULTILINE)
    assert match is not None, key
    return [int(v) for v in match.group(1).split()]


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_counts_match_header(name: str) -> None:
    path = instance_path(name)
    text = path.read_text()
    inst = load_instance(path)
    assert len(inst.courses) == _header_value(text, "Courses")[0]
    assert len(inst.rooms) == _header_value(text, "Rooms")[0]
    assert len(inst.curricula) == _header_value(text, "Curricula")[0]
    assert inst.days == _header_value(text, "Days")[0]
    assert inst.periods_per_day == _header_value(text, "Periods_per_day")[0]
    assert len(inst.unavailability) == _header_value(text, "UnavailabilityConstraints")[0]
    assert len(inst.room_constraints) == _header_value(text, "RoomConstraints")[0]
    assert [inst.min_daily_lectures, inst.max_daily_lectures] == _header_value(
        text, "Min_Max_Daily_Lectures"
    )


def test_toy_contents() -> None:
    inst = load_instance(instance_path("toy"))
    assert inst.name == "Toy"
    tec = inst.course_by_name["TecCos"]
    assert (tec.teacher, tec.lectures, tec.min_working_days, tec.students) == ("Rosa", 5, 4, 40)
    assert tec.double_lectures
    assert inst.room_by_name["rB"].capacity == 50
    assert inst.curricula_of["TecCos"] == ("Cur1", "Cur2")
    assert inst.unavailable["ArcTec"] == {(4, 0), (4, 1), (4, 2), (4, 3)}
    assert inst.lectures == 16


TOY = instance_path("toy").read_text()


def _line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("TecCos Rosa 5 4 40 1", "TecCos Rosa five 4 40 1", "is not an integer"),
        ("TecCos Rosa 5 4 40 1", "TecCos Rosa 5 4", "expected 5 or 6 fields"),
        ("rB 50 0", "rA 50 0", "room 'rA' repeated"),
        ("Cur2 2 TecCos Geotec", "Cur2 2 TecCos Nope", "unknown course 'Nope'"),
        ("Cur2 2 TecCos Geotec", "Cur2 3 TecCos Geotec", "says 3 courses but lists 2"),
        ("ArcTec 4 3", "ArcTec 5 3", "day 5 is outside 0..4"),
        ("Geotec rB", "Geotec rZ", "unknown room 'rZ'"),
        ("TecCos 2 0", "TecCos 2 -1", "is negative"),
        ("TecCos 2 0", "TecCos 2 1000000000000000000000000000000", "beyond any timetable"),
        ("TecCos Rosa 5 4 40 1", "TecCos Rosa 5 4 4_0 1", "'4_0' is not an integer"),
        ("TecCos Rosa 5 4 40 1", "TecCos Rosa 5 4 +40 1", "'\\+40' is not an integer"),
        ("TecCos Rosa 5 4 40 1", "TecCos Rosa 5 4 ４０ 1", "'４０' is not an integer"),
        ("TecCos Rosa 5 4 40 1", "TecCos Rosa 5 4 " + "9" * 5000 + " 1", "5,000 digits"),
    ],
)
def test_malformed_line_is_named(old: str, new: str, message: str) -> None:
    text = TOY.replace(old, new, 1)
    with pytest.raises(EcttError, match=message) as info:
        parse_instance(text, source="toy.ectt")
    assert info.value.line == _line_of(text, new)
    assert str(info.value).startswith(f"toy.ectt:{info.value.line}: ")


def test_header_count_mismatch_names_header_line() -> None:
    text = TOY.replace("Courses: 4", "Courses: 5")
    with pytest.raises(EcttError, match="Courses: 5 but section COURSES: has 4") as info:
        parse_instance(text)
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.replace("END.", ""), "missing 'END.'"),
        (lambda t: t.replace("ROOMS:", "ROOMZ:"), "unknown section .ROOMZ:."),
        (lambda t: t.replace("Days: 5\n", ""), "header lacks Days"),
        (lambda t: t.replace("Name: Toy", "Nome: Toy"), "unknown header key 'Nome'"),
        (lambda t: t + "extra\n", "unexpected content after 'END.'"),
        (lambda t: "", "empty file"),
    ],
)
def test_structural_errors(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EcttError, match=message):
        parse_instance(mutate(TOY))


def test_two_differing_counts_of_the_unavailability_section_are_an_error() -> None:
    """'Constraints' is the .ctt name of 'UnavailabilityConstraints'; a second count was
    ignored without a word."""
    count = _header_value(TOY, "UnavailabilityConstraints")[0]
    key = "UnavailabilityConstraints:"
    with pytest.raises(EcttError, match=f"constraints twice, 99 .Constraints. and {count}"):
        parse_instance(TOY.replace(key, "Constraints: 99\n" + key, 1))
    same = parse_instance(TOY.replace(key, f"Constraints: {count}\n" + key, 1))
    assert same.unavailable == parse_instance(TOY).unavailable


def test_ctt_format_without_room_constraints() -> None:
    """The older ``.ctt`` layout: ``Constraints:``, 5-field courses, 2-field rooms."""
    text = """Name: Tiny
Courses: 2
Rooms: 1
Days: 2
Periods_per_day: 2
Curricula: 1
Constraints: 1

COURSES:
a t1 2 2 10
b t2 1 1 5

ROOMS:
r 20

CURRICULA:
q 2 a b

UNAVAILABILITY_CONSTRAINTS:
a 1 1

END.
"""
    inst = parse_instance(text)
    assert [c.name for c in inst.courses] == ["a", "b"]
    assert inst.rooms[0].capacity == 20
    assert inst.unavailable["a"] == {(1, 1)}
    assert inst.room_constraints == ()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EcttError, match="cannot read"):
        load_instance(tmp_path / "nope.ectt")


def test_a_byte_order_mark_an_editor_added_is_not_part_of_the_header(tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "toy-bom.ectt"
    path.write_bytes(b"\xef\xbb\xbf" + instance_path("toy").read_bytes())
    assert load_instance(path) == load_instance(instance_path("toy"))


def test_line_numbers_count_only_line_breaks() -> None:
    """A U+2028 or U+0085 inside a line shifted every line number after it."""
    text = TOY.replace("Name: Toy", "Name: Toy\u2028x\u0085", 1).replace(
        "TecCos Rosa 5 4 40 1", "TecCos Rosa five 4 40 1", 1
    )
    with pytest.raises(EcttError, match="is not an integer") as info:
        parse_instance(text)
    assert info.value.line == _line_of(TOY, "TecCos Rosa 5 4 40 1")
