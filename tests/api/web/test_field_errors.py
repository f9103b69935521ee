"""Every error a request document can raise has its Chinese sentence (api.web.field_errors),
and the English one stays the API's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from api.schemas import RequestSubmission
from api.web.field_errors import ZH, ZH_UNKNOWN, field_message, zh_key
from scheduler.error_messages import error_message
from scheduler.models import Preference, Window

_BASE: dict[str, Any] = {"id": "x", "cohort": "c", "sessions": 1}

#: Values of every JSON shape, at and past the limits, with each kind of bad character.
_VALUES: tuple[Any, ...] = (
    None,
    True,
    "",
    "text",
    "a/b",
    "bell\x07",
    "two\nlines",
    "half \ud800",
    "not \uffff",
    "x" * 300,
    1.5,
    -1,
    0,
    2,
    10**6,
    10**30,
    [],
    [1],
    [2, 1],
    [1, 2, 3],
    ["a"],
    ["bell\x07"],
    [None],
    {},
    {"unknown": 1},
    {"weeks": [2, 1]},
    {"weeks": [1]},
    {"weeks": "x"},
    [{"weeks": [0, 200], "days": [9], "slots": ["x"]}],
)

#: Whole documents for the checks across fields (scheduler.models.Request._shape).
_DOCUMENTS: tuple[Any, ...] = (
    {"cohort": "c", "sessions": 1},
    {"id": "x"},
    {"id": "x", "cohort": "c"},
    {"id": "x", "cohort": "c", "cohorts": ["d"], "sessions": 1},
    {"id": "x", "cohorts": [], "sessions": 1},
    {"id": "x", "cohort": "c", "kind": "internship"},
    "a request",
    [],
)


def _fields(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _documents() -> Iterator[Any]:
    """Each value in each field of the request, of its windows and of its preference."""
    yield from _DOCUMENTS
    for value in _VALUES:
        for name in [*_fields(RequestSubmission), "unknown"]:
            yield {**_BASE, name: value}
        for name in _fields(Window):
            yield {**_BASE, "window": [{name: value}]}
            yield {**_BASE, "prefer": {"windows": {name: value}}}
        for name in _fields(Preference):
            yield {**_BASE, "prefer": {name: value}}


def _errors() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for doc in _documents():
        try:
            RequestSubmission.model_validate(doc)
        except ValidationError as e:
            found += [dict(err) for err in e.errors(include_url=False)]
    return found


ERRORS = _errors()


def test_the_documents_raise_every_kind_of_error_the_models_have() -> None:
    """The documents above must reach the limits, patterns and checks, or the test below
    would pass on a table that lacks them."""
    keys = {zh_key(err) for err in ERRORS}
    needed = {
        "missing",
        "missing_item",
        "extra_forbidden",
        "int_type",
        "int_from_float",
        "string_type",
        "bool_type",
        "list_type",
        "tuple_type",
        "model_type",
        "enum",
        "greater_than_equal",
        "less_than_equal",
        "string_too_short",
        "string_pattern_mismatch",
        "too_long",
        "text_control_character",
        "id_line_break",
        "text_half_pair",
        "text_noncharacter",
        "weeks_reversed",
        "cohort_missing",
        "cohort_and_cohorts",
        "cohorts_empty",
        "sessions_missing",
        "weeks_missing",
    }
    assert needed <= keys, needed - keys


@pytest.mark.parametrize("kind", sorted({zh_key(err) for err in ERRORS}))
def test_every_error_of_a_request_reads_in_chinese(kind: str) -> None:
    """Pydantic's "String should match pattern ...", "Input should be less than or equal
    to 48" reached a Chinese form in English."""
    assert kind in ZH
    for err in (e for e in ERRORS if zh_key(e) == kind):
        zh = field_message(err, "zh")
        assert zh != ZH_UNKNOWN and re.search(r"[\u4e00-\u9fff]", zh), (err, zh)
        # no English sentence left: only codes, names and what was sent are in Latin letters
        assert not re.search(r"should|must|Input|Field|required|missing|valid", zh), (err, zh)
        assert field_message(err, "en") == error_message(err)  # the API's words


def test_the_limits_and_patterns_are_in_the_chinese_sentence() -> None:
    def first(doc: dict[str, Any]) -> dict[str, Any]:
        with pytest.raises(ValidationError) as e:
            RequestSubmission.model_validate(doc)
        return dict(e.value.errors(include_url=False)[0])

    assert field_message(first({**_BASE, "duration": 49}), "zh") == "不能大于 48（收到 49）。"
    assert field_message(first({**_BASE, "id": "a/b"}), "zh") == "格式不符：须符合 ^[^/]+$。"
    assert field_message(first({**_BASE, "title": "\x07"}), "zh") == (
        "含有控制字符 U+0007，无法保存或显示。"
    )
    assert field_message(first({**_BASE, "pattern": "x"}), "zh") == (
        "须为以下之一：'free'、'weekly'、'block'（收到 \"x\"）。"
    )
    assert field_message(first({"id": "x", "cohort": "c"}), "zh").startswith("缺少课次数")


def test_an_error_no_entry_covers_is_not_english_on_a_chinese_page() -> None:
    err = {"type": "no_such_type", "loc": ("id",), "msg": "Something new", "input": 1}
    assert field_message(err, "zh") == ZH_UNKNOWN
    assert field_message(err, "en") == "something new"


def test_half_a_surrogate_pair_sent_is_quoted_by_its_escape() -> None:
    """A page cannot write half a surrogate pair: what was sent is quoted by its escape,
    as the English messages quote it (:func:`scheduler.error_messages.shown`)."""
    err = {"type": "too_short", "loc": ("cohorts",), "msg": "", "input": ["\ud800"]}
    said = field_message({**err, "ctx": {"min_length": 2}}, "zh")
    said.encode("utf-8")  # a raw half pair would raise here
    assert "\\ud800" in said
