"""An institution whose cohort attends another institution's joint request is told when a
re-solve moves it, as the request's owner is (``moved`` of its version view)."""

from __future__ import annotations

import json
from typing import Any

from api.compose import OTHERS, institution_view
from api.diff import moved_items
from api.hosting import moves_seen
from tests.api.conftest import (
    Api,
    open_tiny_term,
    publish_tiny,
    republish_with_day_closed,
    submit_tiny,
)

#: ent-x's joint briefing for its staff and col-b's welders (26 people: the CNC lab's).
JOINT = {
    "id": "r-joint",
    "title": "Joint safety briefing",
    "cohorts": ["x-staff", "col-b/b-weld-1"],
    "sessions": 1,
    "duration": 1,
    "needs": ["cnc"],
}


def test_a_participant_of_a_joint_request_is_told_when_a_resolve_moves_it(
    solving_api: Api,
) -> None:
    """The day of ent-x's joint briefing is closed and the re-solve moves it: ent-x read
    the move in its ``moved``, but col-b, whose welders attend and whose schedule holds
    the session (``col-b/r-joint``), was told nothing (``moved`` kept each institution's
    own requests only)."""
    api = solving_api
    term = open_tiny_term(api)
    submit_tiny(api, term)
    r = api.post(f"/api/v1/terms/{term}/institutions/ent-x/requests", json=JOINT)
    assert r.status_code == 201, r.text
    v1 = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    (was,) = [s for s in v1["schedule"]["sessions"] if s["request"] == "ent-x/r-joint"]
    v2 = republish_with_day_closed(api, term, was["week"], was["day"])
    url = f"/api/v1/terms/{term}/versions/2"
    (move,) = [m for m in v2["moved"] if m["request"] == "ent-x/r-joint"]
    assert move["kind"] == "session" and move["to"] is not None

    def joint(view: dict[str, Any], request: str) -> list[dict[str, Any]]:
        return [m for m in view["moved"] if m["request"] == request]

    owner = api.get(url, "ent-x").json()
    assert joint(owner, "r-joint") == [{**move, "request": "r-joint"}]
    # the participant reads it under the qualified id its schedule shows the session by
    participant = api.get(url, "col-b").json()
    assert joint(participant, "ent-x/r-joint") == [move]
    assert any(s["request"] == "ent-x/r-joint" for s in participant["schedule"]["sessions"])
    # its own moves stay unqualified; nobody else's are listed
    assert all(
        m["request"] == "ent-x/r-joint" or "/" not in m["request"] for m in participant["moved"]
    )
    assert all(m["request"] != "ent-x/r-joint" for m in api.get(url, "col-a").json()["moved"])


def test_a_joint_move_hides_what_the_participants_schedule_hides() -> None:
    """ent-x's joint briefing was taught by ``ent-x/m-zhao``, a teacher whose id reads as
    one of ent-x's items: col-b's schedule hides it (``institution_view`` redacts the
    session), but ``moved`` passed the entry whole, so col-b read the teacher there, and
    its page named it in the moves box beside a grid that hid it."""
    institutions = ["col-b", "ent-x"]
    at = {"request": "ent-x/r-joint", "index": 1, "week": 1, "day": 2, "slot": 1, "duration": 1}
    was = at | {"parts": [{"resource": "hall", "instructor": "ent-x/m-zhao", "headcount": 26}]}
    now = at | {"parts": [{"resource": "hall", "instructor": "t-wu", "headcount": 26}]}
    moved = moved_items({"sessions": [was]}, {"sessions": [now]})
    joint = frozenset({"ent-x/r-joint"})
    ids = frozenset({"ent-x/r-joint", "ent-x/x-staff", "col-b/b-weld-1"})

    (seen,) = moves_seen(moved, "col-b", joint, institutions, ids) or []
    (shown,) = institution_view({"sessions": [was]}, "col-b", institutions, joint, ids)["sessions"]
    assert "m-zhao" not in json.dumps(seen), seen
    assert seen["from"] == [OTHERS]
    assert seen["from_parts"] == [
        {"resource": "hall", "instructor": shown["parts"][0]["instructor"]}
    ]
    assert (seen["request"], seen["to"]) == ("ent-x/r-joint", ["t-wu"])
    # the owner reads its teacher as its own schedule shows it
    (own,) = moves_seen(moved, "ent-x", frozenset(), institutions, ids) or []
    (mine,) = institution_view({"sessions": [was]}, "ent-x", institutions, ids=ids)["sessions"]
    assert own["request"] == mine["request"] == "r-joint"
    assert own["from"] == [mine["parts"][0]["instructor"]] != [OTHERS]
