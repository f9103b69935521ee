"""The checker's refusals of a change to days gone by read in Chinese too.

A change that breaks bookings of days gone by is refused with the checker's sentence per
booking (:func:`api.base_changes.past_errors`), in English only: ``messages`` carries
their Chinese now, with the same ids and numbers.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
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
from api.compose import item_ids, redact
from api.past_words import zh
from tests.api.conftest import check
from tests.api.test_broken_bookings import CASES, _published
from tests.scheduler.checker.kit import base_schedule, session
from tests.scheduler.checker.kit import check as check_schedule

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
    # a teacher's rules: the request's teachers or skills narrowed, a teacher asked of
    # one taught by none, t-li's skills or weekly load lowered (no Chinese, once)
    changed += [
        with_request(scenario, "r-a-cnc", {**requests["r-a-cnc"], "instructors": ["m-zhao"]}),
        with_request(scenario, "r-a-cnc", {**requests["r-a-cnc"], "instructors": []}),
        with_request(scenario, "r-b-cnc", {**requests["r-b-cnc"], "instructor_skills": ["cnc"]}),
    ]
    teacher_changes: list[Callable[[dict[str, Any]], None]] = [
        lambda t: t.update(skills=[]),
        lambda t: t.update(max_slots_per_week=2),
    ]
    for change_teacher in teacher_changes:
        base = copy.deepcopy(base_of(scenario))
        change_teacher(next(t for t in base["instructors"] if t["id"] == "t-li"))
        changed.append(with_base(scenario, base))
    for change, _ in CASES.values():
        base = copy.deepcopy(base_of(scenario))
        change(base)
        changed.append(with_base(scenario, base))
    # no travel path left between the campuses: a day at both breaks, whatever the gap
    pathless = copy.deepcopy(base_of(scenario))
    pathless["travel"] = []
    changed.append(with_base(scenario, pathless))
    said = [m for c in changed for _, m in broken_bookings(scenario, schedule, c, 10).past]
    grown, restated = resized(scenario, schedule, "b-weld-1", 21)
    said += [m for _, m in broken_bookings(scenario, schedule, grown, 10, restated).past]
    for cohort, size in (("b-weld-1", 25), ("a-cnc-1", 35)):
        said += [m for _, m in outgrown_bookings(scenario, schedule, scenario, cohort, size, 10)]
    return said


def test_every_refusal_of_a_change_to_the_past_reads_in_chinese() -> None:
    said = _past_sentences()
    assert len(said) > 20
    ids = re.compile(r"\b(?:r-[a-z-]+|[a-z]+-(?:lab|shop|x|zhao|li|weld-1|cnc-1)|campus-[ab])\b")
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
        ],
        {"requests": [{"id": "r-1"}]},
    )
    assert known["messages"] == {"zh": "需求 r-1 第 2 次课（第 1 周周一第 3–4 节）：该日停课"}
    assert "messages" not in odd and odd["msg"] == "request r-1 session 3: something new"


#: A composed term (ids qualified) whose requests and cohorts have titles and names.
_NAMED: dict[str, Any] = {
    "institutions": [{"id": "col-a"}, {"id": "col-b"}],
    "cohorts": [
        {"id": "col-a/a1", "name": "CNC class 1", "institution": "col-a"},
        {"id": "col-b/b1", "name": "Welding class 1", "institution": "col-b"},
    ],
    "requests": [
        {"id": "col-a/ra", "title": "CNC practice"},
        {"id": "col-b/rb", "title": "Welding basics"},
        {"id": "col-b/r b", "title": "Welding, spaced"},
        {"id": "col-b/r", "title": ""},
    ],
}

_HALL = (
    "hall holds 44 people in week 1 Mon slot 1 (capacity 40 + overflow 0): request col-a/ra "
    "session 1 (week 1 Mon slot 1): 24, request col-b/rb session 1 (week 1 Mon slot 1): 20"
)


def test_the_refusals_name_requests_and_cohorts_by_title_and_id() -> None:
    """Bookings of days gone by are named as the rest of the product names things:
    “Title” (id), in each language; an untitled request keeps its id (an id with a space
    is read whole, not taken for a shorter one)."""
    errors = past_errors(
        [
            ("sessions[0]", "request col-b/rb session 2 (week 1 Mon slot 3-4): the day is closed"),
            (
                "sessions[1]",
                "request col-b/r b session 1 (week 1, day 2, slot 1): the day is closed",
            ),
            ("sessions[2]", "request col-b/r session 1 (week 1, day 2, slot 1): the day is closed"),
            ("sessions[3]", f"request col-a/ra session 1 (week 1, day 1, slot 1): {_HALL}"),
            ("placements[0]", "request col-b/rb internship from week 1: unknown cohort 'col-b/b1'"),
        ],
        _NAMED,
    )
    said = [e["msg"] for e in errors]
    chinese = [e["messages"]["zh"] for e in errors]
    assert said[0].startswith("request “Welding basics” (col-b/rb) session 2 (week 1 Mon ")
    assert chinese[0].startswith("需求“Welding basics”（col-b/rb）第 2 次课（第 1 周周一")
    assert said[1].startswith("request “Welding, spaced” (col-b/r b) session 1 ")
    assert chinese[1].startswith("需求“Welding, spaced”（col-b/r b）第 1 次课")
    assert said[2].startswith("request col-b/r session 1 ")
    assert chinese[2].startswith("需求 col-b/r 第 1 次课")
    assert "request “Welding basics” (col-b/rb) session 1 (week 1 Mon slot 1): 20" in said[3]
    assert "需求“Welding basics”（col-b/rb）第 1 次课（第 1 周周一第 1 节） 20 人" in chinese[3]
    assert said[4] == (
        "request “Welding basics” (col-b/rb) internship from week 1: unknown cohort "
        "“Welding class 1” (col-b/b1)"
    )
    assert chinese[4] == (
        "需求“Welding basics”（col-b/rb）的实习（第 1 周起）："
        "班级“Welding class 1”（col-b/b1）已不存在"
    )


def test_an_institution_reads_its_own_named_and_others_hidden() -> None:
    """As the submissions route shows them to an institution (ids as it sees them):
    its own requests by title and plain id, another's hidden, title and all."""
    errors = past_errors(
        [("sessions[3]", f"request col-a/ra session 1 (week 1, day 1, slot 1): {_HALL}")], _NAMED
    )
    seen = redact(errors, "col-b", ["col-a", "col-b"], frozenset(), item_ids(_NAMED))[0]
    for text in (seen["msg"], seen["messages"]["zh"]):
        assert "CNC" not in text and "col-a" not in text and "ra" not in text.split(), text
        assert "col-b/" not in text, text
    assert seen["msg"].startswith("request 'another institution's item' session 1 ")
    assert "request “Welding basics” (rb) session 1 (week 1 Mon slot 1): 20" in seen["msg"]
    assert seen["messages"]["zh"].startswith("需求“其他单位的项目”第 1 次课")
    assert "需求“Welding basics”（rb）第 1 次课" in seen["messages"]["zh"]


def test_who_was_in_a_room_is_listed_with_the_chinese_enumeration_comma() -> None:
    """The bookings in a room, with their people, are a list: "、" as the rest of the
    Chinese product lists."""
    chinese = zh(f"request col-a/ra session 1 (week 1, day 1, slot 1): {_HALL}")
    assert chinese is not None
    assert chinese.endswith(
        "：需求 col-a/ra 第 1 次课（第 1 周周一第 1 节） 24 人、需求 col-b/rb 第 1 次课"
        "（第 1 周周一第 1 节） 20 人"
    ), chinese


def test_the_institutions_a_room_is_not_open_to_are_listed_with_the_enumeration_comma() -> None:
    """ "hall is not open to 'col-b', 'col-c'" kept the English comma in its Chinese."""
    chinese = zh(
        "request col-b/rb session 1 (week 1, day 1, slot 1): hall is not open to 'col-b', 'col-c'"
    )
    assert chinese is not None
    assert chinese.endswith("hall 不向 'col-b'、'col-c' 开放"), chinese


def test_a_teacher_booked_twice_at_once_reads_in_chinese() -> None:
    """The checker's sentence of a teacher in two places at once (another session, or
    another part of the same one) had no Chinese; its ids, times and room are kept."""
    other = base_schedule()
    session(other, "r-block", 3)["parts"][0]["instructor"] = "t-li"
    same = base_schedule()
    session(same, "r-joint", 1)["parts"][1]["instructor"] = "m-zhao"
    said = [v.message for sch in (other, same) for v in check_schedule(sch).violations]
    assert [zh(s) for s in said] == [
        "需求 r-block 第 3 次课（第 2 周周一第 2 节）：t-li 同一时间已在 lab-a 教需求 r-cnc "
        "第 2 次课（第 2 周周一第 1–2 节）",
        "需求 r-joint 第 1 次课（第 1 周周三第 3–4 节）：m-zhao 同一时间已在教同一次课的另一部分",
    ], said
