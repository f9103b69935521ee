"""Resources named in the refusals of a change to days gone by (:mod:`api.past_names`).

The checker says a resource by its bare id (``hall holds 44 people ...``); the refusals
name it “Name” (id) as they name requests and cohorts, in each language, and redaction
hides one whose id is another institution's, name and all, as it hid the bare id.
"""

from __future__ import annotations

from typing import Any

from api.base_changes import past_errors
from api.compose import item_ids, redact

_BOOKING = "request col-b/rb session 1 (week 1, day 1, slot 1)"

#: A composed term whose resources have names; ``t1`` is a resource and a teacher.
_TERM: dict[str, Any] = {
    "institutions": [{"id": "col-a"}, {"id": "col-b"}],
    "cohorts": [{"id": "col-b/b1", "name": "Welding class 1", "institution": "col-b"}],
    "requests": [{"id": "col-b/rb", "title": "Welding basics"}],
    "resources": [
        {"id": "hall", "name": "Main hall"},
        {"id": "post a", "name": "Line post A"},
        {"id": "col-a/lab", "name": "College A's own lab"},
        {"id": "t1", "name": "Bench one"},
        {"id": "shed", "name": ""},
    ],
    "instructors": [
        {"id": "t1", "name": "Teacher one"},
        {"id": "t-wang", "name": "Wang Li", "institution": "col-b"},
        {"id": "m-zhao", "name": "Zhao Ming", "institution": "col-b"},
        {"id": "col-a/t-zhou", "name": "Zhou Min", "institution": "col-a"},
    ],
}

#: (what the checker says after the booking, the resource as named in English, Chinese).
_SAID = [
    (
        "hall holds 44 people in week 1 Mon slot 1 (capacity 40 + overflow 0): "
        "request col-b/rb session 1 (week 1 Mon slot 1): 44",
        "“Main hall” (hall) holds 44 people",
        "：“Main hall”（hall）在第 1 周周一第 1 节共有 44 人",
    ),
    (
        "hall is not open to 'col-b'",
        ": “Main hall” (hall) is not open",
        "：“Main hall”（hall）不向",
    ),
    (
        "week 1 Mon slot 1 of hall is kept for its owner col-a's own cohorts",
        "slot 1 of “Main hall” (hall) is kept",
        "：“Main hall”（hall）的第 1 周周一第 1 节保留给",
    ),
    (
        "hall lacks the needed feature(s) 'cnc'",
        ": “Main hall” (hall) lacks",
        "：“Main hall”（hall）缺少所需",
    ),
    (
        "hall is not available in week 1 Mon slot 1",
        ": “Main hall” (hall) is not available",
        "：“Main hall”（hall）在第 1 周周一第 1 节不可用",
    ),
    (
        "the part in hall needs an instructor and names none",
        ": the part in “Main hall” (hall) needs an instructor",
        "：“Main hall”（hall）上的部分需要教师，但没有指定教师",
    ),
    (
        "unknown resource 'hall'",
        ": unknown resource “Main hall” (hall)",
        "资源“Main hall”（hall）已不存在",
    ),
]


def test_a_resource_is_named_wherever_the_checker_says_it() -> None:
    errors = past_errors([("sessions[0]", f"{_BOOKING}: {s}") for s, _, _ in _SAID], _TERM)
    for error, (_, en, zh) in zip(errors, _SAID, strict=True):
        assert en in error["msg"], error
        assert zh in error["messages"]["zh"], error
        assert "hall" not in error["msg"].replace("(hall)", "").replace("Main hall", ""), error


def test_a_placement_names_its_post_once_and_its_id_is_read_whole() -> None:
    (error,) = past_errors(
        [
            (
                "placements[0]",
                "request col-b/rb placement in post a (week 2): week 2 is outside post a's "
                "'available'",
            )
        ],
        _TERM,
    )
    assert error["msg"] == (
        "request “Welding basics” (col-b/rb) placement in “Line post A” (post a) (week 2): "
        "week 2 is outside post a's 'available'"
    )
    assert error["messages"]["zh"] == (
        "需求“Welding basics”（col-b/rb）在“Line post A”（post a）的实习（第 2 周）："
        "第 2 周不在 post a 的'available'之内"
    )


def test_a_resource_without_a_name_or_shared_with_a_teacher_keeps_its_id() -> None:
    """``t1 is not available`` may be the teacher's: said as the checker said it."""
    errors = past_errors(
        [
            ("sessions[0]", f"{_BOOKING}: t1 is not available in week 1 Mon slot 1"),
            ("sessions[1]", f"{_BOOKING}: shed lacks the needed feature(s) 'cnc'"),
        ],
        _TERM,
    )
    assert errors[0]["msg"].endswith(": t1 is not available in week 1 Mon slot 1")
    assert errors[0]["messages"]["zh"].endswith("：t1 在第 1 周周一第 1 节不可用")
    assert "Bench" not in str(errors) and "Teacher" not in str(errors)
    assert errors[1]["msg"].endswith(": shed lacks the needed feature(s) 'cnc'")


def test_another_institutions_resource_stays_hidden_name_and_all() -> None:
    """As the submissions route shows a refusal to an institution: a resource whose id is
    col-a's is hidden from col-b in each language, as its bare id was; the hall, whose id
    is no institution's, reads by name."""
    said = [
        ("sessions[0]", f"{_BOOKING}: col-a/lab lacks the needed feature(s) 'cnc'"),
        ("sessions[1]", f"{_BOOKING}: hall lacks the needed feature(s) 'cnc'"),
    ]
    errors = past_errors(said, _TERM)
    assert "“College A's own lab” (col-a/lab) lacks" in errors[0]["msg"]
    seen = redact(errors, "col-b", ["col-a", "col-b"], frozenset(), item_ids(_TERM))
    for e in seen:
        for text in (e["msg"], e["messages"]["zh"]):
            assert "College A" not in text and "col-a" not in text and "lab" not in text, text
    assert "'another institution's item' lacks" in seen[0]["msg"], seen[0]
    assert "“Main hall” (hall) lacks" in seen[1]["msg"], seen[1]
    assert "“Main hall”（hall）缺少" in seen[1]["messages"]["zh"], seen[1]


def test_a_teacher_is_named_as_resources_are() -> None:
    """The checker says a teacher by its bare or quoted id (``t-wang is not available``);
    the refusals name it “Name” (id) in each language, as they name resources."""
    said = [
        (
            "t-wang is not available in week 1 Mon slot 1",
            ": “Wang Li” (t-wang) is not available in week 1",
            "：“Wang Li”（t-wang）在第 1 周周一第 1 节不可用",
        ),
        (
            "unknown instructor 't-wang'",
            ": unknown instructor “Wang Li” (t-wang)",
            "教师“Wang Li”（t-wang）已不存在",
        ),
    ]
    errors = past_errors([("sessions[0]", f"{_BOOKING}: {s}") for s, _, _ in said], _TERM)
    for error, (_, en, zh) in zip(errors, said, strict=True):
        assert en in error["msg"], error
        assert zh in error["messages"]["zh"], error


#: (what the checker says of a teacher's rule a change breaks, English, Chinese).
_TEACHER_RULES = [
    (
        "t-wang lacks the skill(s) cnc, welding",
        ": “Wang Li” (t-wang) lacks the skill(s) cnc, welding",
        "：“Wang Li”（t-wang）不具备所需技能 cnc、welding",
    ),
    (
        "t-wang teaches 6 slots in week 1, more than max_slots_per_week 2",
        ": “Wang Li” (t-wang) teaches 6 slots in week 1",
        "：“Wang Li”（t-wang）在第 1 周共教 6 节，超过'max_slots_per_week' 2",
    ),
    (
        "t-wang is not among the request's instructors (m-zhao, t-wang x)",
        ": “Wang Li” (t-wang) is not among the request's instructors (“Zhao Ming” (m-zhao), "
        "t-wang x)",
        "：“Wang Li”（t-wang）不在该需求的'instructors'（“Zhao Ming”（m-zhao）、t-wang x）之中",
    ),
    (
        "t-wang already teaches request col-b/rb session 2 (week 1 Mon slot 1-2) in hall at "
        "the same time",
        ": “Wang Li” (t-wang) already teaches request col-b/rb session 2 (week 1 Mon slot 1-2) "
        "in “Main hall” (hall) at the same time",
        "：“Wang Li”（t-wang）同一时间已在“Main hall”（hall）教需求 col-b/rb 第 2 次课",
    ),
    (
        "t-wang already teaches another part of the same session at the same time",
        ": “Wang Li” (t-wang) already teaches another part",
        "：“Wang Li”（t-wang）同一时间已在教同一次课的另一部分",
    ),
    (
        "t-wang is not among the request's instructors (none)",
        ": “Wang Li” (t-wang) is not among the request's instructors (none)",
        "：“Wang Li”（t-wang）不在该需求的'instructors'（无）之中",
    ),
    (
        "instructor t-wang needs 40 minutes from campus-a (request col-b/rb session 1 "
        "(week 1 Mon slot 1)) to campus-b but has 0 free minutes",
        ": instructor “Wang Li” (t-wang) needs 40 minutes",
        "：教师“Wang Li”（t-wang）从 campus-a（需求 col-b/rb 第 1 次课（第 1 周周一第 1 节））"
        "到 campus-b 需要 40 分钟，但只有 0 分钟空闲",
    ),
]


def test_a_teacher_is_named_in_each_rule_of_its_own() -> None:
    """A change to a teacher's skills or weekly load, or to a request's teachers, breaks
    a booking with the teacher's bare id (``t-wang lacks the skill(s) cnc``), in English
    only; the refusal names it, and the request's teachers it lists, “Name” (id) in each
    language (an id no teacher has, ``t-wang x``, stays as written)."""
    errors = past_errors([("sessions[0]", f"{_BOOKING}: {s}") for s, _, _ in _TEACHER_RULES], _TERM)
    for error, (_, en, zh) in zip(errors, _TEACHER_RULES, strict=True):
        assert en in error["msg"], error
        assert zh in error["messages"]["zh"], error


def test_another_institutions_teacher_listed_among_a_requests_stays_hidden() -> None:
    """col-a's teacher in the list of a request's teachers is hidden from col-b, name and
    all; col-b's own teachers read by name."""
    said = f"{_BOOKING}: t-wang is not among the request's instructors (col-a/t-zhou, m-zhao)"
    errors = past_errors([("sessions[0]", said)], _TERM)
    assert "(“Zhou Min” (col-a/t-zhou), “Zhao Ming” (m-zhao))" in errors[0]["msg"], errors
    seen = redact(errors, "col-b", ["col-a", "col-b"], frozenset(), item_ids(_TERM))
    for text in (seen[0]["msg"], seen[0]["messages"]["zh"]):
        assert "Zhou" not in text and "col-a" not in text, text
        assert "Zhao Ming" in text and "Wang Li" in text, text


def test_another_institutions_teacher_stays_hidden_name_and_all() -> None:
    """A teacher whose id is col-a's is hidden from col-b in each language, its name with
    it, as its bare id was."""
    said = [("sessions[0]", f"{_BOOKING}: col-a/t-zhou is not available in week 1 Mon slot 1")]
    errors = past_errors(said, _TERM)
    assert "“Zhou Min” (col-a/t-zhou) is not available" in errors[0]["msg"], errors
    seen = redact(errors, "col-b", ["col-a", "col-b"], frozenset(), item_ids(_TERM))
    for text in (seen[0]["msg"], seen[0]["messages"]["zh"]):
        assert "Zhou" not in text and "col-a" not in text, text
    assert "'another institution's item' is not available" in seen[0]["msg"], seen
