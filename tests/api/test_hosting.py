"""A host institution sees whose interns are on its posts and whom its instructors teach
(``api.hosting``)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, PublishTiny


def _published(publish_tiny_term: PublishTiny) -> tuple[Api, str, dict[str, Any]]:
    """The tiny term solved (one worker, seed 0) and published: the app, the version's URL
    and the planner's view of it, whose schedule the independent checker has passed."""
    api, term, planner = publish_tiny_term(time_limit=20, workers=1, seed=0)
    return api, f"/api/v1/terms/{term}/versions/{planner['number']}", planner


def test_a_host_is_told_which_cohort_interns_on_its_posts(publish_tiny_term: PublishTiny) -> None:
    """ent-x owns 'post-x', where col-a's 'a-cnc-1' interns in week 2: its view listed
    nothing of it (only the occupancy route's count), though the host receives them."""
    api, url, planner = _published(publish_tiny_term)
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
    schedule_url = url.rsplit("/versions/", 1)[0] + "/schedule"  # the latest version
    assert api.get(schedule_url, "ent-x").json()["hosted_placements"] == host["hosted_placements"]
    # the interns' college sees them as its own placement; a college without posts, nothing
    assert api.get(url, "col-a").json()["hosted_placements"] == []
    assert api.get(url, "col-a").json()["schedule"]["placements"][0]["request"] == "r-a-intern"
    assert api.get(url, "col-b").json()["hosted_placements"] == []


def test_an_institution_is_told_whom_its_instructors_teach(publish_tiny_term: PublishTiny) -> None:
    """ent-x's mentor 'm-zhao' is the only welding instructor, so he teaches col-b's
    'r-b-weld': ent-x's view showed neither the sessions nor that he was busy then."""
    api, url, planner = _published(publish_tiny_term)
    welding = [s for s in planner["schedule"]["sessions"] if s["request"] == "col-b/r-b-weld"]
    assert len(welding) == 2 and all(s["parts"][0]["instructor"] == "m-zhao" for s in welding)
    assert planner["hosted_sessions"] is None

    taught = api.get(url, "ent-x").json()["hosted_sessions"]
    cohort = {"id": "col-b/b-weld-1", "name": "col-b/b-weld-1", "institution": "col-b"}
    assert taught == [{"title": "Welding basics", "cohorts": [cohort], **s} for s in welding]
    # its own staff's welding refresher is in its schedule, not among the hosted
    assert all(s["request"] != "r-x-weld" for s in taught)
    # col-b, whose class it is, sees it as its own; col-a's t-li teaches nobody else's
    assert api.get(url, "col-b").json()["hosted_sessions"] == []
    assert api.get(url, "col-a").json()["hosted_sessions"] == []
