"""A host institution sees whose interns are placed on its posts (``api.hosting``)."""

from __future__ import annotations

from tests.api.conftest import Api, check, open_tiny_term, submit_tiny


def test_a_host_is_told_which_cohort_interns_on_its_posts(solving_api: Api) -> None:
    """ent-x owns 'post-x', where col-a's 'a-cnc-1' interns in week 2: its view listed
    nothing of it (only the occupancy route's count), though the host receives them."""
    api = solving_api
    term = open_tiny_term(api)
    submit_tiny(api, term)
    assert api.post(f"/api/v1/terms/{term}/close").status_code == 200
    options = {"time_limit": 20, "workers": 1, "seed": 0}
    job = api.wait_job(api.post(f"/api/v1/terms/{term}/solve", json=options).json()["id"])
    assert job["status"] == "done", job
    r = api.post(f"/api/v1/terms/{term}/versions", json={"job_id": job["id"]})
    assert r.status_code == 201, r.text
    url = f"/api/v1/terms/{term}/versions/1"
    planner = api.get(url).json()
    check(api.get(f"{url}/scenario").json(), planner["schedule"])
    (placement,) = planner["schedule"]["placements"]
    assert placement["resource"] == "post-x"
    assert planner["hosted_placements"] is None  # planners see it in the schedule

    host = api.get(url, "ent-x").json()
    assert host["hosted_placements"] == [
        {
            "request": "col-a/r-a-intern",
            "title": "",
            "cohorts": [{"id": "col-a/a-cnc-1", "name": "col-a/a-cnc-1", "institution": "col-a"}],
            "resource": "post-x",
            "headcount": 25,
            "first_week": placement["first_week"],
            "weeks": 1,
        }
    ]
    assert host["schedule"]["placements"] == []  # its own requests' placements: none
    assert api.get(f"/api/v1/terms/{term}/schedule", "ent-x").json()["hosted_placements"]
    # the interns' college sees them as its own placement; a college without posts, nothing
    assert api.get(url, "col-a").json()["hosted_placements"] == []
    assert api.get(url, "col-a").json()["schedule"]["placements"][0]["request"] == "r-a-intern"
    assert api.get(url, "col-b").json()["hosted_placements"] == []
