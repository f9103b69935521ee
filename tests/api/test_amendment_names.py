"""An institution's own extra request, as its answer and its version tell it.

ent-x owns post-x, where col-a's 25 interns spend week 2. ent-x then asks for an extra
internship for its own staff on that post in week 2: the post is full, so it is refused
because col-a's internship takes it. ent-x's view names that internship beside it in
``hosted_placements`` (title, id), so the reasons of its own amendment name it too,
as its own unmet rows do (``tests/api/test_host_own_unmet.py``), and nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from api.db.models import Amendment
from api.security import Principal, Role
from api.version_views import amendment_out
from tests.api.conftest import (
    STAFF_INTERNSHIP,
    Api,
    check,
    open_tiny_term,
    publish_tiny,
    submit_tiny,
    tiny_data,
)

#: col-a's internship as ent-x's view names it, in each language.
NAMED = ("“CNC line internship” (col-a/r-a-intern)", "“CNC line internship”（col-a/r-a-intern）")


def _says_who_took_the_post(amendment: dict[str, Any]) -> None:
    """The amendment's one reason names col-a's internship, in English and Chinese."""
    (reason,) = amendment["reasons"]
    assert NAMED[0] in reason["message"], reason
    assert NAMED[1] in reason["messages"]["zh"], reason
    assert "another institution" not in reason["message"], reason


def test_an_own_extra_internship_names_who_took_its_post(solving_api: Api) -> None:
    api = solving_api
    term = open_tiny_term(api)
    submit_tiny(api, term, but=("r-a-intern",))
    col_a = f"/api/v1/terms/{term}/institutions/col-a/requests"
    intern = {**next(r for r in tiny_data()["requests"] if r["id"] == "r-a-intern")}
    intern["title"] = "CNC line internship"
    assert api.post(col_a, "col-a", json=intern).status_code == 201
    planner = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    (placed,) = planner["schedule"]["placements"]
    assert placed["request"] == "col-a/r-a-intern", placed

    url = f"/api/v1/terms/{term}/institutions/ent-x/extra-requests"
    r = api.post(url, "ent-x", json=STAFF_INTERNSHIP)
    assert r.status_code == 201, r.text
    answer = r.json()
    assert answer["outcome"] == "rejected", answer
    _says_who_took_the_post(answer)

    version = f"/api/v1/terms/{term}/versions/{planner['number']}"
    host = api.get(version, "ent-x").json()
    (hosted,) = host["hosted_placements"]
    assert (hosted["request"], hosted["title"]) == ("col-a/r-a-intern", "CNC line internship")
    (amendment,) = host["amendment_list"]
    _says_who_took_the_post(amendment)
    # the schedule the amendment left is the one published, and it still checks
    check(api.get(f"{version}/scenario").json(), api.get(version).json()["schedule"])
    # col-b neither hosts nor attends it, nor sees ent-x's amendment
    assert "r-a-intern" not in json.dumps(api.get(version, "col-b").json(), ensure_ascii=False)


def test_an_own_amendments_alternatives_name_what_its_reasons_name() -> None:
    """An alternative's sentence was redacted without ``told``: the internship its
    reasons named read as another institution's item there (a review). Both name it;
    what the view names nowhere else stays hidden in both."""
    said = {
        "message": f"would fit beside {NAMED[0]}, not beside “Hidden” (col-b/r-b)",
        "messages": {"zh": f"可以与{NAMED[1]}并存，不与“Hidden”（col-b/r-b）并存"},
    }
    amendment = Amendment(
        seq=1,
        institution="ent-x",
        request={"id": "ent-x/r-x-intern"},
        outcome="rejected",
        sessions=[],
        placements=[],
        reasons=[{"request": "ent-x/r-x-intern", **said}],
        alternatives=[{"kind": "weeks", "gain": 8, "sessions": [], "placements": [], **said}],
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        created_by="key:ent-x",
    )
    ent_x = Principal(Role.INSTITUTION, "ent-x", "key:ent-x")
    told = frozenset({"col-a/r-a-intern"})
    out = amendment_out(amendment, ent_x, ["col-a", "col-b", "ent-x"], told=told)
    (reason,), (alternative,) = out.reasons, out.alternatives
    for seen in (reason, alternative):
        assert NAMED[0] in seen["message"] and NAMED[1] in seen["messages"]["zh"], seen
        assert "col-b" not in json.dumps(seen, ensure_ascii=False), seen
