"""A submission or extra request its models refuse lists every problem with its Chinese
(``messages.zh``, in the web form's words: api.web.field_errors), as docs/api.md says."""

from __future__ import annotations

import json
from typing import Any

from tests.api.conftest import Api, PublishTiny, open_tiny_term


def _zh_of_every(r: Any) -> list[str]:
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert errors
    for e in errors:
        assert (e.get("messages") or {}).get("zh"), e
    return [e["messages"]["zh"] for e in errors]


def test_submissions_the_models_refuse_are_said_in_chinese(api: Api) -> None:
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a"
    assert _zh_of_every(api.post(f"{url}/cohorts", "col-a", json={"id": "a0", "size": 0})) == [
        "不能小于 1（收到 0）。"
    ]
    assert api.post(f"{url}/cohorts", "col-a", json={"id": "a1", "size": 20}).status_code == 201
    request = {"id": "r1", "cohort": "a1", "needs": ["cnc"]}
    assert _zh_of_every(api.post(f"{url}/requests", "col-a", json={**request, "sessions": 0}))
    missing = _zh_of_every(api.post(f"{url}/requests", "col-a", json=request))
    assert missing == ["缺少课次数：课次类需求须填写“sessions”。"]
    twice = b'{"id": "r1", "cohort": "a1", "sessions": 1, "sessions": 2}'
    assert _zh_of_every(api.post(f"{url}/requests", "col-a", content=twice)) == [
        "“sessions”出现了不止一次（只能有一个值）。"
    ]
    many = {**request, "sessions": 1, "needs": [f"x\x07{i}" for i in range(9)]}
    zh = _zh_of_every(api.post(f"{url}/requests", "col-a", content=json.dumps(many)))
    assert zh[-1].startswith("另有 4 项（needs[5] 至 needs[8]）："), zh


def test_an_extra_request_the_models_refuse_is_said_in_chinese(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, _ = publish_tiny_term(workers=1, seed=0)
    url = f"/api/v1/terms/{term_id}/institutions/col-a/extra-requests"
    body = {"id": "r-more", "cohort": "a-cnc-1", "sessions": 0, "needs": ["cnc"]}
    assert _zh_of_every(api.post(url, "col-a", json=body)) == ["不能小于 1（收到 0）。"]


def test_a_submission_too_long_for_the_service_is_said_in_chinese(api: Api) -> None:
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a"
    zh = _zh_of_every(api.post(f"{url}/cohorts", "col-a", json={"id": "a" * 500, "size": 5}))
    assert len(zh) == 1 and zh[0].startswith("最多 ") and zh[0].endswith(" 个字符。"), zh


def test_a_body_that_is_no_json_object_is_refused_in_chinese_too(api: Api) -> None:
    """Malformed JSON and a body that is not an object had only English, though every
    other refusal of a submission says its Chinese (the same table: field_errors.ZH)."""
    from api.web.field_errors import ZH_UNKNOWN

    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a/cohorts"
    said = {
        b"[1, 2]": "须为对象（收到 [1, 2]）。",
        b'{"id": "a1",': "JSON 格式有误（第 1 行第 13 列）：键名须用英文双引号括起。",
        b'{"id": }': "JSON 格式有误（第 1 行第 8 列）：此处缺少值。",
        b'{"id": "a1" "size": 3}': "JSON 格式有误（第 1 行第 13 列）：缺少逗号“,”。",
        b'{"id": "a1", "size": NaN}': (
            "JSON 格式有误（第 1 行第 22 列）：其中有 JSON 不允许的数"
            "（NaN、Infinity 或超过 4300 位的整数）。"
        ),
        b"[" * 2000 + b"]" * 2000: "JSON 嵌套过深（第 1 行第 2000 列处达 2000 层括号；"
        "方案或排程文档不到十层）。",
        b'{"id": "\xff"}': (
            "文档不是 UTF-8 编码的文字（偏移 8 处的字节 0xff）；文档须为 UTF-8 编码的 JSON。"
        ),
        b"\x00\x01": (
            "文档不是 UTF-8 编码的文字（偏移 0 处有 NUL 字节：是否存成了 UTF-16？）；"
            "文档须为 UTF-8 编码的 JSON。"
        ),
    }
    for body, zh in said.items():
        assert _zh_of_every(api.post(url, "col-a", content=body)) == [zh], body[:40]
    r = api.post(url, "col-a", content=b'{"id": "a1", "size": 3}}')
    assert _zh_of_every(r) != [ZH_UNKNOWN]
    assert r.json()["errors"][0]["msg"].startswith("malformed JSON"), r.text
