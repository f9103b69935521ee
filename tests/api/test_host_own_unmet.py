"""A host's own unmet internship, as its view tells it (``api.compose.institution_view``).

ent-x owns post-x and wants it for its own staff in week 2, as col-a's interns do: the
post takes col-a's, and ent-x's internship is unmet because the post is taken. The view
names col-a's internship beside it in ``hosted_placements`` (title, id, cohort), so the
unmet message names it too, and nothing the view does not name.
"""

from __future__ import annotations

import json

from api.compose import institution_view
from tests.api.conftest import (
    STAFF_INTERNSHIP,
    Api,
    open_tiny_term,
    publish_tiny,
    submit_tiny,
    tiny_data,
)


def test_a_host_reads_who_took_its_post_in_its_own_unmet_internship(solving_api: Api) -> None:
    api = solving_api
    term = open_tiny_term(api)
    submit_tiny(api, term, but=("r-a-intern",))
    col_a = f"/api/v1/terms/{term}/institutions/col-a/requests"
    intern = {**next(r for r in tiny_data()["requests"] if r["id"] == "r-a-intern")}
    intern |= {"title": "CNC line internship", "priority": 2}  # it takes the post
    assert api.post(col_a, "col-a", json=intern).status_code == 201
    inst = f"/api/v1/terms/{term}/institutions/ent-x"
    assert api.post(f"{inst}/requests", "ent-x", json=STAFF_INTERNSHIP).status_code == 201
    planner = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    url = f"/api/v1/terms/{term}/versions/{planner['number']}"
    (placed,) = planner["schedule"]["placements"]
    assert placed["request"] == "col-a/r-a-intern", placed  # it took the post
    (unmet,) = planner["schedule"]["unmet"]
    assert unmet["request"] == "ent-x/r-x-intern", unmet
    named = "“CNC line internship” (col-a/r-a-intern)"
    assert named in unmet["message"], unmet

    host = api.get(url, "ent-x").json()
    (hosted,) = host["hosted_placements"]
    assert (hosted["request"], hosted["title"]) == ("col-a/r-a-intern", "CNC line internship")
    (own,) = host["schedule"]["unmet"]
    assert own["request"] == "r-x-intern", own
    # the internship on its post, as hosted_placements names it, in each language
    assert named in own["message"], own
    assert "“CNC line internship”（col-a/r-a-intern）" in own["messages"]["zh"], own
    assert "another institution" not in own["message"], own
    # its college reads its own internship by its plain id, as always
    (mine,) = api.get(url, "col-a").json()["schedule"]["placements"]
    assert mine["request"] == "r-a-intern"
    # col-b neither hosts nor attends it: nothing of it
    assert "r-a-intern" not in json.dumps(api.get(url, "col-b").json(), ensure_ascii=False)


def test_the_unmet_messages_name_what_the_view_names_never_more() -> None:
    """Only the ids told (those the view names elsewhere) are shown; another
    institution's request the view does not name stays hidden beside them."""
    schedule = {
        "unmet": [
            {
                "request": "ent-x/r-x-intern",
                "missing": 8,
                "reason": "capacity",
                "message": "taken by “CNC line internship” (col-a/r-a-intern) and "
                "“CNC practice” (col-a/r-a-cnc)",
                "messages": {
                    "zh": "被“CNC line internship”（col-a/r-a-intern）和"
                    "“CNC practice”（col-a/r-a-cnc）占用"
                },
            }
        ],
        "sessions": [],
        "placements": [],
    }
    institutions = ["col-a", "col-b", "ent-x"]
    told = frozenset({"col-a/r-a-intern", "col-a/a-cnc-1"})
    (own,) = institution_view(schedule, "ent-x", institutions, told=told)["unmet"]
    assert own["message"] == (
        "taken by “CNC line internship” (col-a/r-a-intern) and 'another institution's item'"
    )
    assert (
        own["messages"]["zh"] == "被“CNC line internship”（col-a/r-a-intern）和“其他单位的项目”占用"
    )
    (before,) = institution_view(schedule, "ent-x", institutions)["unmet"]
    assert "CNC" not in before["message"] and "CNC" not in before["messages"]["zh"]
