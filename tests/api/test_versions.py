"""Versions and extra requests: what an institution is told, and ids that stay unique."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, open_tiny_term, publish_tiny, submit_tiny

WELD = {"cohort": "b-weld-1", "sessions": 1, "duration": 1, "needs": ["welding"]}


def _extra(api: Api, term_id: int, request_id: str) -> Any:
    url = f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests"
    return api.post(url, "col-b", json={"id": request_id, **WELD})


def test_version_list_counts_only_the_institutions_own_amendments(solving_api: Api) -> None:
    api = solving_api
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    publish_tiny(api, term_id)
    for n in range(2):
        assert _extra(api, term_id, f"r-b-more-{n}").status_code == 201
    url = f"/api/v1/terms/{term_id}/versions"
    assert [v["amendments"] for v in api.get(url, "col-a").json()] == [0]
    assert [v["amendments"] for v in api.get(url, "col-b").json()] == [2]
    assert [v["amendments"] for v in api.get(url).json()] == [2]
    assert api.get(f"{url}/1", "col-a").json()["amendments"] == 0


def test_an_extra_request_may_not_reuse_a_published_id(solving_api: Api) -> None:
    api = solving_api
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    v1 = publish_tiny(api, term_id)
    assert "col-b/r-b-cnc" in {s["request"] for s in v1["schedule"]["sessions"]}
    assert api.post(f"/api/v1/terms/{term_id}/reopen").status_code == 200
    r = api.delete(f"/api/v1/terms/{term_id}/institutions/col-b/requests/r-b-cnc", "col-b")
    assert r.status_code == 204, r.text
    r = _extra(api, term_id, "r-b-cnc")
    assert r.status_code == 409, r.text
    body = r.json()
    assert [e["path"] for e in body["errors"]] == ["id"]
    # The published session of the withdrawn request is still the only one with its id.
    after = api.get(f"/api/v1/terms/{term_id}/schedule").json()
    assert after["amendments"] == 0
    assert after["schedule"]["sessions"] == v1["schedule"]["sessions"]
