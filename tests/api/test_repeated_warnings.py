"""A submission's warnings of one kind on one list are counted after the first few, as
``trainshare validate`` prints them (2,000 repeats of one ``after`` answered 1,999)."""

from __future__ import annotations

from tests.api.conftest import Api, open_tiny_term


def test_a_submissions_repeated_warnings_are_counted_in_both_languages(api: Api) -> None:
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a"
    assert api.post(f"{url}/cohorts", "col-a", json={"id": "a1", "size": 20}).status_code == 201
    first = {"id": "r0", "cohort": "a1", "sessions": 1, "needs": ["cnc"]}
    assert api.post(f"{url}/requests", "col-a", json=first).status_code == 201, "r0"
    body = {**first, "id": "r1", "after": ["r0"] * 2_000}
    r = api.post(f"{url}/requests", "col-a", json=body)
    assert r.status_code == 201, r.text
    repeats = [w for w in r.json()["warnings"] if w["path"].startswith("after")]
    assert len(repeats) == 6, repeats
    counted = repeats[-1]
    assert counted["path"] == "after"
    assert counted["msg"].startswith("and 1,994 more of the same kind, from "), counted
    assert counted["messages"]["zh"].startswith("另有 1,994 项同类警告（"), counted
    assert all(w["messages"]["zh"] for w in repeats)
