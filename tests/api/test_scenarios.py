"""``/api/v1/scenarios``: validation like the CLI, versioning, roles."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.api.conftest import TINY_PATH, Api, tiny_data


def test_upload_then_identical_upload_returns_the_same_version(api: Api) -> None:
    r = api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes())
    assert r.status_code == 201
    first = r.json()
    assert (first["name"], first["version"], first["created"]) == ("tiny-two-colleges", 1, True)
    # Same content, other formatting and key order: the same version.
    again = api.post("/api/v1/scenarios", json=json.loads(json.dumps(tiny_data(), indent=5)))
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["created"] is False


def test_the_stored_scenario_keeps_a_demand_left_to_be_resolved(api: Api) -> None:
    """Written out with every default, ``demand`` would read back as set to 1000 and the
    same file would be scored (and solved) differently through the API and the CLI."""
    from scheduler.io import parse_scenario
    from scheduler.weights import resolved_weights

    data = tiny_data()
    data["weights"] = {"prefer": 30}
    sent = parse_scenario(data)
    created = api.post("/api/v1/scenarios", json=data).json()
    stored = api.get(f"/api/v1/scenarios/{created['id']}").json()["document"]
    assert stored["weights"]["prefer"] == 30 and "demand" not in stored["weights"]
    assert resolved_weights(parse_scenario(stored)) == resolved_weights(sent)


def test_changed_content_is_a_new_version_and_nothing_is_overwritten(api: Api) -> None:
    v1 = api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes()).json()
    data = tiny_data()
    data["cohorts"][0]["size"] = 24
    v2 = api.post("/api/v1/scenarios", json=data).json()
    assert (v2["version"], v2["created"]) == (2, True)
    assert api.get(f"/api/v1/scenarios/{v1['id']}").json()["document"]["cohorts"][0]["size"] == 25
    assert api.get(f"/api/v1/scenarios/{v2['id']}").json()["document"]["cohorts"][0]["size"] == 24
    listed = api.get("/api/v1/scenarios", params={"name": "tiny-two-colleges"}).json()
    assert [s["version"] for s in listed] == [2, 1]
    assert api.get("/api/v1/scenarios", params={"name": "other"}).json() == []


def test_invalid_scenario_lists_every_error_with_its_path(api: Api) -> None:
    data = tiny_data()
    data["requests"][1]["cohort"] = "nobody"
    data["resources"][0]["site"] = "mars"
    data["cohorts"][0]["size"] = "big"
    r = api.post("/api/v1/scenarios", json=data)
    assert r.status_code == 422
    errors = r.json()["errors"]
    # Type errors stop before cross-reference checks, as in the CLI.
    assert [e["path"] for e in errors] == ["cohorts[0].size"]
    assert errors[0]["loc"] == ["body", "cohorts", 0, "size"]
    data["cohorts"][0]["size"] = 25
    r = api.post("/api/v1/scenarios", json=data)
    assert r.status_code == 422
    paths = {e["path"] for e in r.json()["errors"]}
    assert {"requests[1].cohort", "resources[0].site"} <= paths
    assert any("nobody" in e["msg"] for e in r.json()["errors"])


def test_same_errors_as_the_cli(api: Api) -> None:
    from scheduler.io import load_scenario
    from scheduler.issues import ScenarioError

    data = tiny_data()
    data["requests"][0]["needs"] = ["laser"]
    data["travel"][0]["to"] = "campus-z"
    try:
        load_scenario(json.dumps(data))
    except ScenarioError as e:
        cli = [(i.path, i.message) for i in e.issues]
    r = api.post("/api/v1/scenarios", json=data)
    assert [(e["path"], e["msg"]) for e in r.json()["errors"]] == cli


def test_malformed_json_and_empty_body(api: Api) -> None:
    r = api.post("/api/v1/scenarios", content=b'{"name": ')
    assert r.status_code == 422
    assert "malformed JSON" in r.json()["errors"][0]["msg"]
    assert api.post("/api/v1/scenarios", content=b"").status_code == 422
    assert api.post("/api/v1/scenarios", content=b"[1, 2]").status_code == 422
    # a form upload (curl -F) instead of the document: say how to send it
    r = api.post("/api/v1/scenarios", files={"file": ("tiny.json", TINY_PATH.read_bytes())})
    assert r.status_code == 422
    assert "send the JSON document itself as the body" in r.json()["detail"]


def test_roles(api: Api) -> None:
    assert (
        api.post("/api/v1/scenarios", "viewer", content=TINY_PATH.read_bytes()).status_code == 403
    )
    assert api.post("/api/v1/scenarios", "col-a", content=TINY_PATH.read_bytes()).status_code == 403
    sid = api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes()).json()["id"]
    assert api.get(f"/api/v1/scenarios/{sid}", "viewer").status_code == 200
    assert api.get(f"/api/v1/scenarios/{sid}", "col-a").status_code == 403
    assert api.post(f"/api/v1/scenarios/{sid}/solve", "viewer").status_code == 403


def test_solve_queues_a_job_with_capped_options(
    make_api: Callable[..., Api], sqlite_url: str
) -> None:
    api = make_api(sqlite_url, max_time_limit=5.0, max_solver_threads=1)
    sid = api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes()).json()["id"]
    r = api.post(
        f"/api/v1/scenarios/{sid}/solve", json={"time_limit": 1000, "workers": 8, "seed": 3}
    )
    assert r.status_code == 202
    job = r.json()
    assert job["status"] == "queued"
    assert job["options"] == {
        "solver": "cpsat",
        "time_limit": 5.0,
        "seed": 3,
        "workers": 1,
    }
    # the answer says what the caps lowered; later reads of the job show the options only
    assert job["warnings"] == [
        "time_limit 1000 s is above this server's cap: the job runs 5 s "
        "(TRAINSHARE_MAX_TIME_LIMIT)",
        "workers 8 is above this server's cap: the job runs 1 (TRAINSHARE_MAX_SOLVER_THREADS)",
    ]
    # and in Chinese, one entry per warning, as a job's error_messages
    capped = "超出本服务器的上限：任务按"
    assert job["warning_messages"] == [
        {"zh": f"time_limit 1000 秒{capped} 5 秒运行（TRAINSHARE_MAX_TIME_LIMIT）"},
        {"zh": f"workers 8 {capped} 1 个运行（TRAINSHARE_MAX_SOLVER_THREADS）"},
    ]
    bad = api.post(f"/api/v1/scenarios/{sid}/solve", json={"solver": "magic"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "solver"]
    counted = api.post(f"/api/v1/scenarios/{sid}/solve", json={"workers": 1, "work_limit": 30})
    assert counted.status_code == 202
    assert counted.json()["options"]["work_limit"] == 30 and counted.json()["warnings"] == []
    assert counted.json()["warning_messages"] == []
    bad = api.post(f"/api/v1/scenarios/{sid}/solve", json={"work_limit": 0})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "work_limit"]
    assert api.post("/api/v1/scenarios/999/solve").status_code == 404


def test_a_calendar_too_large_is_422_not_500(api: Api) -> None:
    data = tiny_data()
    data["calendar"]["weeks"] = 10**30
    r = api.post("/api/v1/scenarios", json=data)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert (error["path"], error["msg"]) == (
        "calendar.weeks",
        "must be at most 104 (got 1000000000000000000000000000000)",
    )


def test_a_small_body_asking_for_a_million_sessions_is_422(api: Api) -> None:
    """Fifty requests at the per-request bound (a 14 kB body) made a job that held 4.7 GB
    before its time limit could end it (a size audit): refused before it is stored."""
    data = tiny_data()
    data["calendar"].update(weeks=104, days_per_week=7, slots_per_day=27)
    data["requests"] += [
        {"id": f"q{i}", "cohort": "b-weld-1", "sessions": 19_656, "needs": ["welding"]}
        for i in range(50)
    ]
    r = api.post("/api/v1/scenarios", json=data)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["path"] == "requests"
    assert error["msg"].startswith("the requests ask for 982,809 sessions in all; at most 100,000")


def test_a_boolean_for_a_number_is_422(api: Api) -> None:
    data = tiny_data()
    data["resources"][0]["capacity"] = True
    data["resources"][1]["shareable"] = "yes"
    r = api.post("/api/v1/scenarios", json=data)
    assert r.status_code == 422
    assert [(e["path"], e["msg"]) for e in r.json()["errors"]] == [
        ("resources[0].capacity", "must be an integer (got true)"),
        ("resources[1].shareable", 'must be true or false (got "yes")'),
    ]


def test_upload_limits_name_and_id_lengths(api: Api) -> None:
    from tests.api.conftest import tiny_data

    data = tiny_data()
    data["name"] = "n" * 401
    data["requests"][0]["id"] = "r" * 201
    r = api.post("/api/v1/scenarios", json=data)
    assert r.status_code == 422, r.text
    paths = {e["path"]: e["msg"] for e in r.json()["errors"]}
    assert paths["name"] == "at most 400 characters (got 401)"
    assert paths["requests[0].id"] == "at most 200 characters (got 201)"
    data = tiny_data()
    data["name"] = "n" * 400
    assert api.post("/api/v1/scenarios", json=data).status_code == 201


def test_solve_body_reads_like_every_other_body(api: Api) -> None:
    from tests.api.conftest import tiny_data

    sid = api.post("/api/v1/scenarios", json=tiny_data()).json()["id"]
    url = f"/api/v1/scenarios/{sid}/solve"
    headers = {**api.as_("planner"), "Content-Type": "application/json"}
    r = api.client.post(url, content=b'{"time_limit": 3,, "seed": 1}', headers=headers)
    assert r.status_code == 422, r.text
    assert "line 1, column 18" in r.json()["errors"][0]["msg"], r.text
    form = {**api.as_("planner"), "Content-Type": "application/x-www-form-urlencoded"}
    body = b'{"solver": "greedy", "time_limit": 3, "workers": 1, "seed": 1}'
    r = api.client.post(url, content=body, headers=form)
    assert r.status_code == 202, r.text
    assert r.json()["options"]["solver"] == "greedy"


def test_solve_options_a_parser_cannot_read_are_named_like_any_body(api: Api) -> None:
    # these were a bare 400 "There was an error parsing the body", or the last of a key
    # given twice, silently
    from tests.api.conftest import tiny_data

    sid = api.post("/api/v1/scenarios", json=tiny_data()).json()["id"]
    url = f"/api/v1/scenarios/{sid}/solve"
    headers = {**api.as_("planner"), "Content-Type": "application/json"}
    for body, path, phrase in (
        (b'{"time_limit": 2, "time_limit": 3}', "time_limit", "given more than once"),
        (b'{"seed": "\xff"}', "", "not UTF-8"),
        (b'{"seed": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "", "nested too deeply"),
        (b'{"seed": 1' + b"0" * 5000 + b"}", "", "digits"),
    ):
        r = api.client.post(url, content=body, headers=headers)
        assert r.status_code == 422, r.text
        assert r.json()["detail"] == "options rejected: 1 problem", r.text
        [error] = r.json()["errors"]
        assert error["path"] == path and phrase in error["msg"], r.text


def test_solve_options_are_strict_numbers(api: Api) -> None:
    from tests.api.conftest import tiny_data

    sid = api.post("/api/v1/scenarios", json=tiny_data()).json()["id"]
    url = f"/api/v1/scenarios/{sid}/solve"
    r = api.post(url, json={"time_limit": "5"})
    assert r.status_code == 422, r.text
    assert [e["path"] for e in r.json()["errors"]] == ["time_limit"]
    headers = {**api.as_("planner"), "Content-Type": "application/json"}
    r = api.client.post(url, content=b'{"time_limit": NaN}', headers=headers)
    assert r.status_code == 422, r.text
    assert "NaN is not a JSON number" in r.json()["errors"][0]["msg"], r.text
    for limit in ("time_limit", "work_limit"):  # a number JSON reads as an infinity
        r = api.client.post(url, content=f'{{"{limit}": 1e999}}'.encode(), headers=headers)
        assert r.status_code == 422, r.text
        [error] = r.json()["errors"]
        assert (error["path"], error["msg"]) == (limit, "must be a finite number"), r.text
    r = api.post(url, json={"solver": "greedy", "time_limit": 3, "workers": 1})
    assert r.status_code == 202, r.text


def test_an_unknown_key_holding_half_a_character_pair_is_named(api: Api) -> None:
    """``{"\\ud800x": 1}`` in a scenario or in solve options was answered at its object
    with "must be a valid string, unable to parse raw data...": not which key."""
    data = tiny_data()
    data["calendar"]["\ud800x"] = 1
    said = 'unknown key "\\ud800x": not a field of this object'
    r = api.post("/api/v1/scenarios", content=json.dumps(data).encode())  # "\ud800x" escaped
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [{"loc": ["body", "calendar"], "path": "calendar", "msg": said}]
    stored = api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes()).json()["id"]
    r = api.post(f"/api/v1/scenarios/{stored}/solve", content=b'{"\\ud800x": 1}')
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [{"loc": ["body"], "path": "", "msg": said}]
