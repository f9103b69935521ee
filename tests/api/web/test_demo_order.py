"""``publish_scenario`` submits a request only after those it names in ``after``: the API
refuses an ``after`` naming a request not submitted yet, and a generated L term names
later ones (``trainshare demo-web --scenario`` stopped with a 422)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.web.demo import _submissions, publish_scenario
from tests.api.conftest import BEFORE_TERMS, add_keys, check, tiny_data


def _later_first() -> dict:
    """Tiny with its first request after the fourth, another institution's."""
    scenario = tiny_data()
    ids = [r["id"] for r in scenario["requests"]]
    assert ids[:4] == ["r-a-cnc", "r-b-cnc", "r-b-weld", "r-x-weld"]
    scenario["requests"][0]["after"] = ["r-x-weld"]
    return scenario


def test_requests_are_submitted_after_those_they_name() -> None:
    _, requests = _submissions(_later_first())
    order = [doc["id"] for _, doc in requests]
    assert order == ["r-b-cnc", "r-b-weld", "r-x-weld", "r-a-cnc", "r-a-intern"]
    (cnc,) = [doc for _, doc in requests if doc["id"] == "r-a-cnc"]
    assert cnc["after"] == ["ent-x/r-x-weld"]  # another institution's: qualified
    # without `after` the document's order stands
    assert [doc["id"] for _, doc in _submissions(tiny_data())[1]] == [
        r["id"] for r in tiny_data()["requests"]
    ]


def test_a_term_naming_later_requests_is_published(tmp_path: Path) -> None:
    pytest.importorskip("solver.pipeline")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with TestClient(create_app(Settings(db_url=url, today=BEFORE_TERMS), run_jobs=True)) as client:
        client.headers["Authorization"] = f"Bearer {add_keys(url)['planner']}"
        term, number, _ = publish_scenario(client, _later_first(), solver="greedy")
        version = client.get(f"/api/v1/terms/{term}/versions/{number}").json()
        scenario = client.get(f"/api/v1/terms/{term}/versions/{number}/scenario").json()
    check(scenario, version["schedule"])
    (cnc,) = [r for r in scenario["requests"] if r["id"] == "col-a/r-a-cnc"]
    assert cnc["after"] == ["ent-x/r-x-weld"]
