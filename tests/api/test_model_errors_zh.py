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
